/**
 * @file The current page from the address hash (`#/poses`), so reloads and back/forward work
 * without a router library. Null when the hash names no page.
 *
 * The page follows `hashchange` events (not the address read at render time), after asking the
 * hash guards: a page that must not be left yet (the editor with unsaved changes) registers one
 * with `addHashGuard`; it puts the address back and answers false, and navigates itself once the
 * user has decided. Listener order does not matter: a guard that already ran leaves the address
 * as it was, which every guard then allows.
 */
import { useCallback, useEffect, useState } from 'react';
import { hashFor, pageFromHash, type PageId } from './pages';

/** Whether the app may follow the address to `hash` now. */
export type HashGuard = (hash: string) => boolean;

const guards = new Set<HashGuard>();

export function addHashGuard(guard: HashGuard): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

export function useHashPage(): [PageId | null, (page: PageId) => void] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => {
      const next = window.location.hash;
      for (const guard of [...guards]) if (!guard(next)) return;
      setHash(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: PageId) => {
    window.location.hash = hashFor(next);
  }, []);
  return [pageFromHash(hash), navigate];
}
