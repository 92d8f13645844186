/**
 * @file The pose editor's CLI subcommands, each one contract call (transport 'cli'):
 * `poses create --preset NAME [--tag T]` (poses.create with origin preset:NAME) and
 * `poses augment ID --mode jitter|mirror|interpolate [--count N] [--seed S] [--max-degrees D]
 * [--other ID] [--tag T]` (poses.augment). Human summary, or the method's answer with --json.
 */
import type { MethodInput, Pose } from '../contract';
import { loadPresets } from '../core/pose/presets';
import { UsageError, numberOption } from './args';
import { out, type Ctx } from './context';

const MODES = ['jitter', 'mirror', 'interpolate'] as const;

function positiveId(raw: string | undefined, what: string): number {
  const id = Number(raw);
  if (raw === undefined || !Number.isInteger(id) || id <= 0) {
    throw new UsageError(`${what} expects a pose id (a positive whole number), got "${raw ?? ''}"`);
  }
  return id;
}

/** The poses.create input for `--preset NAME`; a missing or unknown name is a usage error listing the presets. */
export function createRequest(values: Ctx['values']): MethodInput<'poses.create'> {
  const presets = loadPresets();
  const names = presets.map((p) => p.name).join(', ');
  if (!values.preset) throw new UsageError(`poses create needs --preset NAME (one of: ${names})`);
  const preset = presets.find((p) => p.name === values.preset);
  if (!preset) throw new UsageError(`unknown preset "${values.preset}" (one of: ${names})`);
  return {
    width: preset.width,
    height: preset.height,
    keypoints: preset.keypoints,
    tags: values.tag ?? [],
    origin: { kind: 'preset', ref: preset.name },
  };
}

/** The poses.augment input from `augment ID --mode M ...`; contract defaults fill what is not given. */
export function augmentRequest(positionals: string[], values: Ctx['values']): MethodInput<'poses.augment'> {
  const id = positiveId(positionals[2], 'poses augment');
  const mode = MODES.find((m) => m === values.mode);
  if (!mode) throw new UsageError(`poses augment needs --mode ${MODES.join('|')}`);
  const count = numberOption(values, 'count');
  const seed = numberOption(values, 'seed');
  const maxDegrees = numberOption(values, 'max-degrees');
  if (mode === 'interpolate' && values.other === undefined) {
    throw new UsageError('poses augment --mode interpolate needs --other ID');
  }
  return {
    id,
    mode,
    ...(count !== undefined ? { count } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(maxDegrees !== undefined ? { maxDegrees } : {}),
    ...(values.other !== undefined ? { otherId: positiveId(values.other, '--other') } : {}),
    ...(values.tag ? { tags: values.tag } : {}),
  };
}

export function printCreated(pose: Pose): string {
  const from = pose.source.record ? ` (${pose.source.record})` : '';
  return `created pose ${pose.id}${from}: ${pose.width}x${pose.height}, ${pose.labeledCount} labeled keypoints`;
}

export function printAugmented(id: number, mode: string, result: { ids: number[]; tag: string }): string {
  const ids = result.ids;
  const range =
    ids.length === 0 ? '' : ids.length === 1 ? `: pose ${ids[0]}` : `: poses ${ids[0]}-${ids.at(-1)}`;
  return `made ${ids.length} ${ids.length === 1 ? 'pose' : 'poses'} from pose ${id} (${mode}), tagged ${result.tag}${range}`;
}

/** `poses create` and `poses augment`; null for any other subcommand. */
export async function poseEditCommand(ctx: Ctx): Promise<number | null> {
  const sub = ctx.positionals[1];
  if (sub === 'create') {
    const pose = await ctx.client.call('poses.create', createRequest(ctx.values));
    out(ctx, printCreated(pose), pose);
    return 0;
  }
  if (sub === 'augment') {
    const request = augmentRequest(ctx.positionals, ctx.values);
    const result = await ctx.client.call('poses.augment', request);
    out(ctx, printAugmented(request.id, request.mode, result), result);
    return 0;
  }
  return null;
}
