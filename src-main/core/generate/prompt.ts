/**
 * @file Prompt templates: `a person wearing a {red|blue|green} {striped|plain} shirt` gives one
 * concrete prompt per variant, each `{a|b|c}` slot picked by the variant's seed. An empty choice
 * (`{|hat}`) makes a slot optional. Shared by every generator (the mannequin parses the sampled
 * prompt into attributes; a diffusion model reads it as text).
 */
import { createRng, mixSeed } from './prng';

const SLOT = /\{([^{}]*)\}/g;

/** The choices of each `{...}` slot, in order. */
export function templateSlots(template: string): string[][] {
  return [...template.matchAll(SLOT)].map((match) =>
    (match[1] ?? '').split('|').map((choice) => choice.trim()),
  );
}

/** How many distinct prompts the template can produce (product of slot sizes). */
export function templateCombinations(template: string): number {
  return templateSlots(template).reduce((product, slot) => product * slot.length, 1);
}

/**
 * One prompt sampled from the template with `seed`: every slot picks one of its choices
 * (uniformly); whitespace left by empty choices is collapsed. A template without slots is
 * returned trimmed. The same template and seed always give the same prompt.
 */
export function samplePrompt(template: string, seed: number): string {
  // A salt keeps the slot stream apart from the appearance stream drawn from the same seed.
  const rng = createRng(mixSeed(seed, 0x70726f6d));
  const filled = template.replace(SLOT, (_match, body: string) => rng.pick(body.split('|')).trim());
  return filled
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;])/g, '$1')
    .trim();
}
