/**
 * @file The current page from the address hash (`#/poses`), so reloads and back/forward work
 * without a router library. Null when the hash names no page.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { hashFor, pageFromHash, type PageId } from './pages';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useHashPage(): [PageId | null, (page: PageId) => void] {
  const page = useSyncExternalStore(subscribe, () => pageFromHash(window.location.hash));
  const navigate = useCallback((next: PageId) => {
    window.location.hash = hashFor(next);
  }, []);
  return [page, navigate];
}
