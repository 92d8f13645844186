/**
 * @file The embedded starter behind `pose-studio init --sample`: fills the open project with the
 * pose presets and seeded augmentations of each, so the whole flow can be tried with no files at
 * hand. It goes through the contract like any client: the poses are written as one ControlNet
 * JSON file (array of frames with canvas sizes, our own writer) in the project's tmp/ folder and
 * imported with poses.import, the one import path, then tagged with poses.tag; the file is
 * removed whatever happens.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError, type StudioClient } from '../../contract';
import { controlnetExportChunks } from '../pose/formats/exportOpenpose';
import { presetSamples, type PresetSample } from '../pose/presets';
import { randomId } from './files';

export const SAMPLE_TAG = 'sample';
/** Tag of the augmented copies (the presets as authored carry `preset`). */
export const AUGMENTED_TAG = 'augmented';
export const PRESET_TAG = 'preset';
const SAMPLE_FILE = 'pose-studio-presets.json';

export type SampleOptions = {
  /** Poses per preset: the preset as authored plus `perPreset - 1` augmentations (default 5). */
  perPreset?: number;
  /** Seed of the augmentations (default 1): the same seed gives the same sample set. */
  seed?: number;
  /** Echoed in the import job, so a caller can follow its progress. */
  requestId?: string;
};

export type SampleReport = {
  presets: number;
  perPreset: number;
  poses: number;
  importId: number | null;
  jobId: number;
  seconds: number;
};

/** Tags of one sample pose: sample, its preset's name and tags, preset or augmented. */
function tagsOf(sample: PresetSample): string[] {
  const tags = [SAMPLE_TAG, sample.preset.name, ...sample.preset.tags];
  tags.push(sample.index === 0 ? PRESET_TAG : AUGMENTED_TAG);
  return [...new Set(tags)];
}

async function writeSampleFile(path: string, samples: readonly PresetSample[]): Promise<void> {
  const poses = samples.map((sample, i) => ({
    id: i + 1,
    width: sample.width,
    height: sample.height,
    keypoints: sample.keypoints,
    box: null,
  }));
  // Always the array form (one frame per pose), so each record id is `frame:0`.
  await writeFile(path, [...controlnetExportChunks(poses, Math.max(poses.length, 2))].join(''));
}

/**
 * Tag the imported poses. The reader names each pose `${frame}:${person}`, so the frame index
 * maps a pose back to its sample whatever ids the catalog gave; one poses.tag call per tag set.
 */
async function tagSamples(
  client: StudioClient,
  importId: number,
  samples: readonly PresetSample[],
): Promise<void> {
  const groups = new Map<string, { tags: string[]; ids: number[] }>();
  for (let offset = 0; ; offset += 500) {
    const page = await client.call('poses.list', { filter: { importIds: [importId] }, offset, limit: 500 });
    for (const pose of page.items) {
      const sample = samples[Number(pose.source.record?.split(':')[0])];
      if (!sample) continue;
      const tags = tagsOf(sample);
      const key = tags.join('\n');
      const group = groups.get(key) ?? { tags, ids: [] };
      group.ids.push(pose.id);
      groups.set(key, group);
    }
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  for (const { tags, ids } of groups.values()) await client.call('poses.tag', { ids, add: tags });
}

/** Fill the open project with the sample poses. Throws NO_PROJECT when none is open. */
export async function fillSampleProject(
  client: StudioClient,
  options: SampleOptions = {},
): Promise<SampleReport> {
  const started = Date.now();
  const perPreset = options.perPreset ?? 5;
  if (!Number.isInteger(perPreset) || perPreset < 1 || perPreset > 100) {
    throw new StudioError(
      'INVALID_INPUT',
      `poses per preset must be a whole number from 1 to 100, got ${perPreset}`,
    );
  }
  const { project } = await client.call('app.info', {});
  if (!project)
    throw new StudioError('NO_PROJECT', 'open or create a project before adding the sample poses');
  const samples = presetSamples(perPreset, options.seed ?? 1);
  const dir = join(project.path, 'tmp', `sample-${randomId()}`);
  const file = join(dir, SAMPLE_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await writeSampleFile(file, samples);
    const report = await client.call('poses.import', {
      source: { kind: 'path', path: file },
      options: { format: 'controlnet', tags: [SAMPLE_TAG] },
      ...(options.requestId ? { requestId: options.requestId } : {}),
    });
    const importId = report.files[0]?.importId ?? null;
    if (importId !== null) await tagSamples(client, importId, samples);
    return {
      presets: samples.length / perPreset,
      perPreset,
      poses: report.imported,
      importId,
      jobId: report.jobId,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
