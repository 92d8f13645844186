/**
 * @file Prompt templates with slots: `a {red|blue|green} shirt` — each variant samples one choice
 * per slot from its seed. Sampling is the core's own `samplePrompt` (platform-free), so the preview
 * shows exactly what the run will use. Here: a stricter parse for the form (stray, unclosed or
 * nested braces are reported, where the core would keep them as literal text), the number of
 * possible prompts, and the seeds the first variants of a run get under each seed mode. Pure.
 */
import type { SeedMode } from '../../../../src-main/contract';
import { samplePrompt, templateCombinations } from '../../../../src-main/core/generate/prompt';

export { samplePrompt };

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'slot'; choices: string[] };

export type ParsedTemplate =
  { ok: true; parts: TemplatePart[]; slots: number } | { ok: false; error: string };

/** Split a template into text and `{a|b}` slots; unbalanced or nested braces are errors. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let slots = 0;
  for (let i = 0; i < template.length; i += 1) {
    const char = template[i];
    if (char === '}') return { ok: false, error: `a "}" at character ${i + 1} closes no slot` };
    if (char !== '{') {
      text += char;
      continue;
    }
    const end = template.indexOf('}', i + 1);
    const nested = template.indexOf('{', i + 1);
    if (end === -1)
      return { ok: false, error: `the slot opened at character ${i + 1} is not closed with "}"` };
    if (nested !== -1 && nested < end) {
      return { ok: false, error: `slots cannot nest (character ${nested + 1})` };
    }
    const body = template.slice(i + 1, end);
    if (body.trim() === '') return { ok: false, error: `the slot at character ${i + 1} is empty` };
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    parts.push({ kind: 'slot', choices: body.split('|').map((choice) => choice.trim()) });
    slots += 1;
    i = end;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return { ok: true, parts, slots };
}

/**
 * Seeds of the first `count` variants of the first pose, as the studio derives them
 * (core/node/generationItems.ts): `seed + i` under fixed and increment (they differ on later
 * poses only); under random they are hashed from the run id, which is not known before the run
 * starts, so the preview shows `exampleBase + i` from an arbitrary base.
 */
export function previewSeeds(mode: SeedMode, seed: number, count: number, exampleBase: number): number[] {
  const base = mode === 'random' ? exampleBase : seed;
  return Array.from({ length: count }, (_, i) => (base + i) % 2 ** 31);
}

/** How many distinct prompts the template can give (product of slot sizes), capped for display. */
export function promptCombinations(template: string, cap = 1_000_000): number {
  return parseTemplate(template).ok ? Math.min(cap, templateCombinations(template)) : 0;
}
