/**
 * @file Binds a `PoseStore` to React: one store per library, fed by `poses.list`, switched to the
 * current filter + sort, invalidated (coalesced) on catalog changes; re-renders when pages land.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useApi } from '../../api/ApiContext';
import { useCatalogChanged } from '../../api/hooks';
import { PoseStore, type PoseQuery } from './model/poseStore';
import { queryKey } from './model/query';

export function usePoseStore(query: PoseQuery): { store: PoseStore; total: number | null; key: string } {
  const { client } = useApi();
  const [store] = useState(
    () =>
      new PoseStore(
        (q, offset, limit) => client.call('poses.list', { filter: q.filter, sort: q.sort, offset, limit }),
        query,
      ),
  );
  const key = queryKey(query.filter, query.sort);
  useEffect(() => {
    store.setQuery(query);
    // The grid asks for its visible range once it knows the total; the first page tells it.
    if (store.total === null) store.ensure(0, 0);
    // query is described completely by key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, key]);
  useCatalogChanged(() => store.invalidate());
  useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { store, total: store.total, key };
}
