/**
 * @file The small files of a model folder the pipeline reads besides the graphs: the CLIP tokenizer
 * (tokenizer/vocab.json + merges.txt and the optional configs) and scheduler/scheduler_config.json
 * (absent or unreadable: SD 1.5's). Each is read once per folder and thread and kept, since every
 * image of a job needs them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchedulerConfig } from '../schedulers/schedule';
import { clipTokenizerFromFiles, type ClipTokenizer } from '../tokenizer';
import type { SdModelRef } from './runtimeSessions';

const tokenizers = new Map<string, ClipTokenizer>();
const schedulerConfigs = new Map<string, SchedulerConfig | undefined>();

function optional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The model's tokenizer (files named in the error when missing or unreadable). */
export function modelTokenizer(model: SdModelRef): ClipTokenizer {
  const dir = join(model.path, model.signatures.tokenizerDir);
  let tokenizer = tokenizers.get(dir);
  if (!tokenizer) {
    const vocab = join(dir, 'vocab.json');
    const merges = join(dir, 'merges.txt');
    for (const file of [vocab, merges])
      if (!existsSync(file)) throw new Error(`${file}: the tokenizer file is missing`);
    try {
      const tokenizerConfigJson = optional(join(dir, 'tokenizer_config.json'));
      const specialTokensMapJson = optional(join(dir, 'special_tokens_map.json'));
      tokenizer = clipTokenizerFromFiles({
        vocabJson: readFileSync(vocab, 'utf8'),
        mergesText: readFileSync(merges, 'utf8'),
        ...(tokenizerConfigJson === undefined ? {} : { tokenizerConfigJson }),
        ...(specialTokensMapJson === undefined ? {} : { specialTokensMapJson }),
      });
    } catch (error) {
      throw new Error(
        `${dir}: the tokenizer cannot be read (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    tokenizers.set(dir, tokenizer);
  }
  return tokenizer;
}

/** scheduler/scheduler_config.json, or undefined (the schedulers then use SD 1.5's). */
export function modelSchedulerConfig(model: SdModelRef): SchedulerConfig | undefined {
  const file = join(model.path, 'scheduler', 'scheduler_config.json');
  if (!schedulerConfigs.has(file)) {
    let config: SchedulerConfig | undefined;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as SchedulerConfig;
    } catch {
      config = undefined;
    }
    schedulerConfigs.set(file, config);
  }
  return schedulerConfigs.get(file);
}
