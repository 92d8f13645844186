/**
 * @file Provides one `LibraryShare` per open project: the pose library writes its view into it and
 * restores it on return; other pages (Generate) read the current selection. Outside the provider
 * (component tests of the library alone) the hooks answer null and nothing is shared.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createLibraryShare, type LibraryShare, type LibraryView } from './model/libraryShare';

const LibraryShareContext = createContext<LibraryShare | null>(null);

/** A fresh share whenever the open project changes (a selection belongs to one project). */
export function LibraryShareProvider({
  projectPath,
  children,
}: {
  projectPath: string | null;
  children: ReactNode;
}) {
  const [current, setCurrent] = useState(() => ({ projectPath, share: createLibraryShare() }));
  if (current.projectPath !== projectPath) setCurrent({ projectPath, share: createLibraryShare() });
  return <LibraryShareContext.Provider value={current.share}>{children}</LibraryShareContext.Provider>;
}

export function useLibraryShare(): LibraryShare | null {
  return useContext(LibraryShareContext);
}

const noSubscribe = () => () => undefined;
const nothing = () => null;

/** The library's current view (re-renders when it changes), or null when none was shared yet. */
export function useLibraryView(): LibraryView | null {
  const share = useLibraryShare();
  return useSyncExternalStore(share?.subscribe ?? noSubscribe, share?.get ?? nothing);
}

/** The view shared when the library last showed (read once, on mount), to start from it again. */
export function useRestoredLibraryView(): LibraryView | null {
  const share = useLibraryShare();
  const [restored] = useState(() => share?.get() ?? null);
  return restored;
}

/** Write the library's view into the share whenever it changes. */
export function usePublishLibraryView(view: LibraryView): void {
  const share = useLibraryShare();
  const { filterState, sort, selection, total } = view;
  useEffect(
    () => share?.set({ filterState, sort, selection, total }),
    [share, filterState, sort, selection, total],
  );
}
