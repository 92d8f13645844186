/**
 * @file What the training benchmarks share: the time spent inside ORT's own
 * InferenceSession.run (OnnxSession calls it; the prototype is wrapped once on import), so a
 * bench can report what is spent around it, and the median.
 */
import * as ort from 'onnxruntime-node';

let insideMs = 0;
const proto = (ort.InferenceSession as unknown as { prototype: unknown }).prototype as {
  run: (this: ort.InferenceSession, ...args: unknown[]) => Promise<unknown>;
};
const ortRun = proto.run;
proto.run = async function (this: ort.InferenceSession, ...args: unknown[]): Promise<unknown> {
  const t = performance.now();
  try {
    return await ortRun.apply(this, args);
  } finally {
    insideMs += performance.now() - t;
  }
};

/** Milliseconds spent inside ORT's run since the last reset. */
export function ortInsideMs(): number {
  return insideMs;
}

export function resetOrtInside(): void {
  insideMs = 0;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
