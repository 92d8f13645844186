/**
 * @file Static-shape arithmetic for the graph builder: numpy broadcasting, axis normalisation,
 * reduced and transposed shapes, and the "un-broadcast" axes a gradient must be summed over.
 * Every check throws at build time with the op name and both shapes, so a wrong model fails
 * while it is being built rather than inside onnxruntime.
 */

export type Shape = readonly number[];

export const fmt = (s: Shape): string => `[${s.join(',')}]`;

export const numel = (s: Shape): number => s.reduce((a, d) => a * d, 1);

/** Numpy broadcasting of two static shapes. */
export function broadcast(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new Error(`${op}: shapes ${fmt(a)} and ${fmt(b)} do not broadcast (axis ${i})`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Maps possibly negative axes into [0, rank), rejecting out-of-range and repeated axes. */
export function normAxes(op: string, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => {
    if (a < -rank || a >= rank) throw new Error(`${op}: axis ${a} out of range for rank ${rank}`);
    return a < 0 ? a + rank : a;
  });
  if (new Set(out).size !== out.length) throw new Error(`${op}: repeated axes ${axes.join(',')}`);
  return out.sort((x, y) => x - y);
}

export function reducedShape(s: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  s.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

/**
 * Axes of `out` (an output shape) that a gradient must be summed over to reach `input`, which
 * was broadcast to it: the leading axes `input` lacks and the axes where `input` has size 1.
 */
export function unbroadcastAxes(input: Shape, out: Shape): number[] {
  const lead = out.length - input.length;
  const axes: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (i < lead) axes.push(i);
    else if (input[i - lead] === 1 && out[i] !== 1) axes.push(i);
  }
  return axes;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Resolves a Reshape target (one -1 allowed, 0 not allowed: targets are always explicit). */
export function reshapeTarget(from: Shape, to: readonly number[]): number[] {
  const known = to.filter((d) => d !== -1);
  const free = to.length - known.length;
  if (free > 1 || known.some((d) => d <= 0)) throw new Error(`Reshape: bad target ${fmt(to)}`);
  const total = numel(from);
  const rest = numel(known);
  const out = to.map((d) => (d === -1 ? total / rest : d));
  if (numel(out) !== total || out.some((d) => !Number.isInteger(d)))
    throw new Error(`Reshape: cannot reshape ${fmt(from)} to ${fmt(to)}`);
  return out;
}
