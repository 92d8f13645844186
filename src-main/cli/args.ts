/**
 * @file Command-line parsing: `pose-studio <command> [sub] [args] --project DIR [options]`, turned
 * into contract method inputs (the dispatcher validates them like any other transport's).
 */
import { parseArgs } from 'node:util';
import type { PoseFilter, PoseSort } from '../contract';

export const optionSpec = {
  project: { type: 'string', short: 'p' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  create: { type: 'boolean' },
  // import
  format: { type: 'string' },
  canvas: { type: 'string' },
  margin: { type: 'string' },
  'openpose-layout': { type: 'string' },
  'occluded-below': { type: 'string' },
  'skip-malformed': { type: 'boolean' },
  tag: { type: 'string', multiple: true },
  // listing / export filters
  'min-labeled': { type: 'string' },
  'max-labeled': { type: 'string' },
  source: { type: 'string', multiple: true },
  ids: { type: 'string' },
  untagged: { type: 'boolean' },
  sort: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  out: { type: 'string', short: 'o' },
  // poses create / augment (pose editor)
  preset: { type: 'string' },
  mode: { type: 'string' },
  count: { type: 'string' },
  other: { type: 'string' },
  'max-degrees': { type: 'string' },
  // init --sample
  sample: { type: 'boolean' },
  'per-preset': { type: 'string' },
  // generate / jobs / variants
  poses: { type: 'string' },
  variants: { type: 'string' },
  generator: { type: 'string' },
  prompt: { type: 'string' },
  'seed-mode': { type: 'string' },
  seed: { type: 'string' },
  size: { type: 'string' },
  option: { type: 'string', multiple: true },
  detach: { type: 'boolean' },
  run: { type: 'string' },
  status: { type: 'string' },
  // train / eval / export-model / review
  recipe: { type: 'string' },
  steps: { type: 'string' },
  model: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  'weight-decay': { type: 'string' },
  warmup: { type: 'string' },
  'group-by': { type: 'string' },
  'eval-fraction': { type: 'string' },
  'include-unreviewed': { type: 'boolean' },
  'checkpoint-every': { type: 'string' },
  threads: { type: 'string' },
  name: { type: 'string' },
  step: { type: 'string' },
  set: { type: 'string' },
  reason: { type: 'string' },
  // score / review
  rescore: { type: 'boolean' },
  'apply-rules': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  undo: { type: 'boolean' },
  batches: { type: 'boolean' },
  // models
  controlnet: { type: 'string' },
  provider: { type: 'string' },
  // serve / doctor
  host: { type: 'string' },
  port: { type: 'string' },
  'insecure-no-token': { type: 'boolean' },
  repair: { type: 'boolean' },
} as const;

export type ParsedArgs = ReturnType<typeof parseCommandLine>;

export function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: optionSpec,
    allowPositionals: true,
    strict: true,
  });
  return { values, positionals };
}

export class UsageError extends Error {}

/** A numeric option, or undefined; a non-number is a usage error naming the option. */
export function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${name} expects a number, got "${String(raw)}"`);
  }
  return value;
}

export function filterFromArgs(values: ParsedArgs['values']): PoseFilter {
  const filter: PoseFilter = {};
  if (values.tag) filter.tags = values.tag;
  if (values.untagged) filter.untagged = true;
  if (values.source) filter.importIds = values.source.map((id) => Number(id));
  if (values.format) filter.format = values.format as PoseFilter['format'];
  const min = numberOption(values, 'min-labeled');
  const max = numberOption(values, 'max-labeled');
  if (min !== undefined) filter.minLabeled = min;
  if (max !== undefined) filter.maxLabeled = max;
  if (values.ids) filter.ids = values.ids.split(',').map((id) => Number(id.trim()));
  return filter;
}

/** `--sort labeled:desc` → { by: 'labeled', dir: 'desc' }. */
export function sortFromArgs(raw: string | undefined): PoseSort {
  if (!raw) return { by: 'id', dir: 'asc' };
  const [by, dir = 'asc'] = raw.split(':');
  return { by: by as PoseSort['by'], dir: dir as PoseSort['dir'] };
}

export const HELP = `pose-studio: pose-consistent synthetic human datasets (command line)

usage: pose-studio <command> [arguments] --project DIR [options]

commands:
  init DIR [--sample [--per-preset 5] [--seed 1]]
                                   create a project folder (studio.sqlite, media/, runs/); --sample fills it
                                   with the built-in pose presets and seeded augmentations of each (tag sample)
  import PATH... --project DIR     import pose files or folders of .json files
      --format auto|coco|openpose|controlnet|alphapose|mpii   (default auto)
      --canvas crop|image          COCO: crop each person to its box + margin (default) or keep the image
      --margin 0.25                crop margin per side, fraction of the box
      --openpose-layout auto|coco18|body25|body25b
      --occluded-below 0.3         OpenPose confidence below this imports as occluded (v=1)
      --tag NAME                   tag every imported pose (repeatable)
      --skip-malformed             skip broken records (counted) instead of refusing the file
  export --project DIR --format coco|openpose|controlnet [--out FILE] [filters]
  poses list|count --project DIR [filters] [--sort id|created|updated|labeled|area[:desc]] [--limit N] [--offset N]
  poses create --project DIR --preset NAME [--tag T]
                                   add a built-in preset as a new pose (format editor, origin preset:NAME)
  poses augment ID --project DIR --mode jitter|mirror|interpolate [--count 10] [--seed 1] [--max-degrees 15]
                [--other ID] [--tag T]
                                   new poses from pose ID, tagged aug:MODE: joint angles jittered (bone lengths
                                   kept), its mirror image, or in-betweens towards pose --other
  generate --project DIR [options] [filters]
                                   make variants of the chosen poses (a generation run, resumable)
      --poses all|tag:NAME|ids:1,2,3   which poses (default all; filters narrow it further)
      --variants 5                 variants per pose (1-64)
      --generator mannequin        see pose-studio generators list
      --prompt TEMPLATE            prompt, or a template with {a|b|c} choices sampled per variant
      --seed-mode fixed|increment|random   (default increment)   --seed N (default 0)
      --size 256|WxH               output size in pixels (default 256)
      --option key=value           generator option (repeatable; values are read as JSON when they parse)
      --detach                     queue the run and return; it runs while the project is open
                                   (app, serve, or pose-studio jobs resume ID)
  jobs list|pause|resume|cancel [ID] --project DIR [--limit N]
                                   resume follows the job with a progress bar until it ends
  variants list --project DIR [--run N] [--status new|accepted|rejected] [--limit N] [--offset N]
  generators list --project DIR
  score --project DIR [--run N] [--rescore] [--detach]
                                   face and image checks on the variants not scored yet (all with --rescore),
                                   a persisted job in worker threads (Ctrl+C pauses; resume with jobs resume ID)
  review --project DIR --set accepted|rejected|new [--run N] [--status S] [--ids 1,2,3] [--reason TEXT]
                                   accept or reject variants by hand (what trains is the accepted set)
  review --project DIR --apply-rules [--rule CHECK=LIMIT|off ...] [--run N] [--dry-run]
                                   reject scored variants a check fails (every check at its default limit
                                   unless --rule changes it); decisions by hand stand; --dry-run only counts
  review --project DIR --undo [BATCH] | --batches
                                   take back a batch of decisions (the latest by default) | list recent batches
  train --project DIR --recipe simclr|stablerep|genpoccl [options]
                                   pre-train an encoder on the accepted variants (a persisted, resumable job)
      --steps 500  --model micro|tiny|small  --batch 8x4 (groups x members)  --lr 5e-4  --weight-decay 0.05
      --warmup 20  --seed 0  --group-by pose|prompt|identity  --eval-fraction 0.15  --include-unreviewed
      --checkpoint-every 100  --threads 1  --name TEXT  --run N (only variants of generation run N)  --detach
  train list --project DIR         training runs with state, step, loss and images/s
  eval --project DIR --run ID [--step N]
                                   the four probes (keypoints PCK, pose retrieval OKS, re-ID, attributes) on a
                                   checkpoint (latest by default); prints them beside the other runs' results
  export-model --project DIR --run ID --format onnx|onnx-fp16|timm-safetensors [--step N]
  models add FOLDER --project DIR [--name N] [--controlnet PATH] [--provider cpu|cuda|dml|coreml|webgpu]
                                   add an SD 1.5 + ControlNet-OpenPose ONNX folder (inspected first; refused
                                   with the file and input of each error); the first model is the default
  models list|providers --project DIR   models (* = default) | execution providers of this build
  models inspect FOLDER [--controlnet PATH]   print the report (components, dtypes, sizes, hash, issues);
                                   stores nothing; exit code 1 when the folder would be refused
  models default ID | models remove ID --project DIR   (remove keeps the files)
  serve --project DIR [--create] [--host 127.0.0.1] [--port 0] [--insecure-no-token]
  doctor --project DIR [--repair]

filters: --tag NAME  --untagged  --source IMPORT_ID  --format F  --min-labeled N  --max-labeled N  --ids 1,2,3
global:  --json (machine-readable output)  --help  --version
Long commands show progress with rate and ETA on stderr. Ctrl+C cancels an import (the file in progress
rolls back) and pauses a generation or training run (resume it with pose-studio jobs resume ID; Ctrl+C twice
cancels).`;
