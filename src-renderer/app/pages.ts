/**
 * @file The app's pages: ids, navigation labels, and what each page that is not built yet will do
 * (shown plainly instead of fake controls). Hash routing (`#/poses`, `#/editor/12`) helpers. Pure.
 */

export type PageId = 'project' | 'poses' | 'editor' | 'generate' | 'review' | 'train' | 'models' | 'settings';

export type PageInfo = { id: PageId; label: string; group: 'library' | 'pipeline' | 'app' };

export const PAGES: readonly PageInfo[] = [
  { id: 'poses', label: 'Poses', group: 'library' },
  { id: 'editor', label: 'Editor', group: 'library' },
  { id: 'generate', label: 'Generate', group: 'pipeline' },
  { id: 'review', label: 'Review', group: 'pipeline' },
  { id: 'train', label: 'Train', group: 'pipeline' },
  { id: 'models', label: 'Models', group: 'app' },
  { id: 'project', label: 'Project', group: 'app' },
  { id: 'settings', label: 'Settings', group: 'app' },
];

/** What the pages that are not built yet will hold, in one or two plain sentences each. */
export const COMING: Partial<Record<PageId, { title: string; body: string[] }>> = {};

/** The page a hash names; sub-paths belong to their page (`#/editor/12` is the editor). */
export function pageFromHash(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return PAGES.some((page) => page.id === id) ? (id as PageId) : null;
}

export function hashFor(page: PageId): string {
  return `#/${page}`;
}
