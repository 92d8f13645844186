/**
 * @file Previous and next pose in the library's current filter and sort. The catalog pages by
 * offset, so the pose's position is looked up: first around the position remembered from the
 * last step (one small call), else page by page from the start. A pose that no longer matches
 * the filter (edited out of it) steps from the remembered position instead. Pure over `list`.
 */

/** One page of ids in the filter's order, and the filter's total. */
export type ListIds = (offset: number, limit: number) => Promise<{ ids: number[]; total: number }>;

export type Neighbours = {
  /** Position of the pose in the filter, null when it is not in it. */
  index: number | null;
  prev: { id: number; index: number } | null;
  next: { id: number; index: number } | null;
};

/** Pages of 498 plus one id each side: the catalog answers at most 500 rows a call. */
const PAGE = 498;

function around(ids: number[], offset: number, at: number): Neighbours {
  const local = at - offset;
  const pick = (i: number) => (ids[i] === undefined ? null : { id: ids[i]!, index: offset + i });
  return { index: at, prev: pick(local - 1), next: pick(local + 1) };
}

/**
 * Neighbours of pose `id`. `hint` is where it was last seen (or where the pose it replaced
 * was); `maxScan` bounds the page-by-page search in very large libraries.
 */
export async function findNeighbours(
  list: ListIds,
  id: number,
  hint: number | null,
  maxScan = 100_000,
): Promise<Neighbours> {
  if (hint !== null) {
    const offset = Math.max(0, hint - 1);
    const page = await list(offset, 3);
    const at = page.ids.indexOf(id);
    if (at >= 0) return around(page.ids, offset, offset + at);
  }
  for (let offset = 0; offset < maxScan; offset += PAGE) {
    // One extra id on each side so a pose at a page edge still sees both neighbours.
    const start = Math.max(0, offset - 1);
    const page = await list(start, PAGE + 2);
    const at = page.ids.indexOf(id);
    if (at >= 0) return around(page.ids, start, start + at);
    if (start + page.ids.length >= page.total) break;
  }
  if (hint === null) return { index: null, prev: null, next: null };
  // Not in the filter any more: what now sits at its old place is next, the one before is previous.
  const offset = Math.max(0, hint - 1);
  const page = await list(offset, 2);
  const pick = (i: number) => (page.ids[i] === undefined ? null : { id: page.ids[i]!, index: offset + i });
  return hint === 0
    ? { index: null, prev: null, next: pick(0) }
    : { index: null, prev: pick(0), next: pick(1) };
}
