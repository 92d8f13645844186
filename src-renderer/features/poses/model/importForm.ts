/**
 * @file The import dialog's form state and its translation to the contract's import options, with
 * readable validation messages (margin range, tag rules from the contract's TagSchema). Pure.
 */
import { PoseImportOptionsSchema, TagSchema, type PoseImportOptions } from '../../../../src-main/contract';

export type ImportFormState = {
  format: PoseImportOptions['format'];
  canvas: PoseImportOptions['canvas'];
  /** Percent of the box size per side, as typed. */
  marginPercent: string;
  openposeLayout: PoseImportOptions['openposeLayout'];
  skipMalformed: boolean;
  /** Comma-separated tags, as typed. */
  tags: string;
};

export const DEFAULT_IMPORT_FORM: ImportFormState = {
  format: 'auto',
  canvas: 'crop',
  marginPercent: '25',
  openposeLayout: 'auto',
  skipMalformed: false,
  tags: '',
};

export const IMPORT_FORMATS: ReadonlyArray<{ value: ImportFormState['format']; label: string }> = [
  { value: 'auto', label: 'Detect automatically' },
  { value: 'coco', label: 'COCO keypoints' },
  { value: 'openpose', label: 'OpenPose JSON' },
  { value: 'controlnet', label: 'ControlNet editor JSON' },
  { value: 'alphapose', label: 'AlphaPose results' },
  { value: 'mpii', label: 'MPII' },
];

export const OPENPOSE_LAYOUTS: ReadonlyArray<{ value: ImportFormState['openposeLayout']; label: string }> = [
  { value: 'auto', label: 'Detect (warns if ambiguous)' },
  { value: 'coco18', label: 'COCO-18' },
  { value: 'body25', label: 'BODY_25' },
  { value: 'body25b', label: 'BODY_25B' },
];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Split `a, b ,c` into tags, each checked against the contract's tag rules; duplicates dropped. */
export function parseTags(text: string, max = 16): Parsed<string[]> {
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    if (raw.trim() === '') continue;
    const parsed = TagSchema.safeParse(raw);
    if (!parsed.success)
      return { ok: false, error: `tag "${raw.trim()}": ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    if (!tags.includes(parsed.data)) tags.push(parsed.data);
  }
  if (tags.length > max) return { ok: false, error: `at most ${max} tags at once` };
  return { ok: true, value: tags };
}

export function toImportOptions(form: ImportFormState): Parsed<PoseImportOptions> {
  const margin = Number(form.marginPercent.trim());
  if (form.marginPercent.trim() === '' || !Number.isFinite(margin) || margin < 0 || margin > 400) {
    return { ok: false, error: 'margin: a percentage between 0 and 400' };
  }
  const tags = parseTags(form.tags);
  if (!tags.ok) return tags;
  const options = PoseImportOptionsSchema.parse({
    format: form.format,
    canvas: form.canvas,
    margin: margin / 100,
    openposeLayout: form.openposeLayout,
    skipMalformed: form.skipMalformed,
    tags: tags.value,
  });
  return { ok: true, value: options };
}
