/**
 * @file The app's pages: ids, navigation labels, and what each page that is not built yet will do
 * (shown plainly instead of fake controls). Hash routing (`#/poses`) helpers. Pure.
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
export const COMING: Partial<Record<PageId, { title: string; body: string[] }>> = {
  editor: {
    title: 'Pose editor',
    body: [
      'Draw and edit COCO-17 skeletons on a canvas: drag joints, rotate limbs, mirror, set visibility, undo and redo, start from presets.',
      'Not built yet. Until then, open a pose in the library to see it read-only, with its metadata and tags.',
    ],
  },
  models: {
    title: 'Models',
    body: [
      'Register the model folders you bring (SD 1.5 and ControlNet-OpenPose as ONNX) and see the bundled face detector and execution providers.',
      'Not built yet.',
    ],
  },
  settings: {
    title: 'Settings',
    body: ['Execution provider, default folders and display preferences.', 'Not built yet.'],
  },
};

export function pageFromHash(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.some((page) => page.id === id) ? (id as PageId) : null;
}

export function hashFor(page: PageId): string {
  return `#/${page}`;
}
