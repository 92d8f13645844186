/**
 * @file React glue for the editor page: one EditorController per mounted page (with the API
 * client, the address bar, the platform and the library's shared filter), its state, the address
 * listener that opens poses and guards unsaved changes, and `beforeunload` while dirty. Also
 * `useSessionValue`, a slice of the open session (re-rendering only when the slice changes).
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useApi } from '../../../api/ApiContext';
import { addHashGuard } from '../../../app/useHashPage';
import { useLibraryShare } from '../../poses/LibraryShareContext';
import { viewFilter } from '../../poses/model/libraryShare';
import { memoryClipboard } from '../model/poseOps';
import type { EditSession } from './editSession';
import { EditorController, type ControllerState, type HashNavigator } from './editorController';
import { isMacPlatform } from './route';

/** One pose clipboard per window, so a copy survives moving to another pose. */
const windowClipboard = memoryClipboard();

const browserNav: HashNavigator = {
  current: () => window.location.hash,
  push: (hash) => {
    window.location.hash = hash;
  },
  // Puts the address back without a hashchange (the guard undoing a navigation it must ask about).
  replace: (hash) => window.history.replaceState(window.history.state, '', hash),
};

export function useEditorController(): { controller: EditorController; state: ControllerState } {
  const { client } = useApi();
  const share = useLibraryShare();
  const [controller] = useState(
    () =>
      new EditorController({
        call: (method, input) => client.call(method, input),
        nav: browserNav,
        mac: isMacPlatform(),
        clipboard: windowClipboard,
        library: () => {
          const view = share?.get() ?? null;
          return view === null ? null : { filter: viewFilter(view), sort: view.sort };
        },
      }),
  );
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  useEffect(() => {
    const onHash = () => controller.onHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    // The app follows the address only after asking this page (see app/useHashPage.ts).
    const removeGuard = addHashGuard((hash) => controller.guardHash(hash));
    onHash();
    return () => {
      window.removeEventListener('hashchange', onHash);
      removeGuard();
    };
  }, [controller]);
  const dirty = useSessionValue(state.doc?.session ?? null, (session) => session.dirty, false);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need a return value to show their "leave site?" prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return { controller, state };
}

const noSubscribe = () => () => undefined;

/**
 * A value read from the open session, re-read on each of its changes; `select` must return a
 * primitive or a reference the session keeps (React compares snapshots with Object.is).
 */
export function useSessionValue<T>(
  session: EditSession | null,
  select: (session: EditSession) => T,
  fallback: T,
): T {
  const subscribe = useCallback(
    (listener: () => void) => (session === null ? noSubscribe() : session.subscribe(listener)),
    [session],
  );
  return useSyncExternalStore(subscribe, () => (session === null ? fallback : select(session)));
}
