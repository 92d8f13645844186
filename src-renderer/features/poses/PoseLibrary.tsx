/**
 * @file The pose library: filter bar, count, selection bar, the virtualized grid and the detail
 * panel, the import dialog and the delete confirmation. Owns the library's UI state (filter, sort,
 * selection, focus, open pose) and applies keyboard intents; data lives in the paged store. Filter,
 * sort and selection are shared (LibraryShareContext) so they survive leaving the page and the
 * Generate page can use the selection.
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { DetailPanel } from './detail/DetailPanel';
import { FilterBar } from './FilterBar';
import { ImportDialog } from './import/ImportDialog';
import { usePublishLibraryView, useRestoredLibraryView } from './LibraryShareContext';
import { moveFocus, type GridMetrics } from './model/gridLayout';
import { keyIntent, keyTarget, type KeyIntent } from './model/libraryKeys';
import { DEFAULT_SORT, EMPTY_FILTER, isFiltered, toPoseFilter, type FilterState } from './model/query';
import * as sel from './model/selection';
import { MAX_IDS } from './model/selectionTarget';
import { type CardClick } from './PoseCard';
import { PoseGrid } from './PoseGrid';
import { SelectionBar } from './SelectionBar';
import { usePoseStore } from './usePoseStore';
import { useSelectionActions } from './useSelectionActions';

type Layout = GridMetrics & { pageRows: number };

export function PoseLibrary() {
  const restored = useRestoredLibraryView();
  const [filterState, setFilterState] = useState<FilterState>(restored?.filterState ?? EMPTY_FILTER);
  const [sort, setSort] = useState(restored?.sort ?? DEFAULT_SORT);
  const filter = useMemo(() => toPoseFilter(filterState), [filterState]);
  const { store, total, key } = usePoseStore(useMemo(() => ({ filter, sort }), [filter, sort]));
  const [selection, setSelection] = useState<sel.Selection>(restored?.selection ?? sel.EMPTY_SELECTION);
  usePublishLibraryView({ filterState, sort, selection, total });
  const [focus, setFocus] = useState(0);
  const [scrollTo, setScrollTo] = useState<{ index: number } | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'import' | 'delete' | null>(null);
  const [rangeError, setRangeError] = useState<unknown>(null);
  const layout = useRef<Layout>({ columns: 1, cardWidth: 0, rowHeight: 1, pageRows: 1 });
  const onLayout = useCallback((next: Layout) => void (layout.current = next), []);
  const actions = useSelectionActions(selection, filter);
  const count = sel.selectedCount(selection, total ?? 0);

  const changeFilter = (next: FilterState) => {
    setFilterState(next);
    setSelection(sel.EMPTY_SELECTION);
    setFocus(0);
  };

  const onCardClick = async ({ index, pose, toggle, range }: CardClick) => {
    setFocus(index);
    setRangeError(null);
    if (range) {
      const [first, last] = sel.rangeBounds(selection, index);
      if (last - first >= MAX_IDS)
        return setRangeError(new Error('that range is too large; use Ctrl+A to select all'));
      const ids = await store.idsInRange(first, last).catch((error: unknown) => (setRangeError(error), null));
      if (ids !== null) setSelection((current) => sel.selectRange(current, ids, toggle));
    } else if (toggle) {
      setSelection((current) => sel.toggle(current, pose.id, index));
    } else {
      setSelection(sel.selectOnly(pose.id, index));
      setDetailId(pose.id);
    }
  };

  const apply = (intent: KeyIntent) => {
    const focused = store.get(focus);
    switch (intent.kind) {
      case 'move': {
        const { columns, pageRows } = layout.current;
        const next = moveFocus(focus, intent.key, columns, total ?? 0, pageRows);
        setFocus(next);
        setScrollTo({ index: next });
        if (detailId !== null) setDetailId(store.get(next)?.id ?? detailId);
        return;
      }
      case 'open':
        return focused && setDetailId(focused.id);
      case 'toggle':
        return focused && setSelection(sel.toggle(selection, focused.id, focus));
      case 'delete':
        return count > 0 && setDialog('delete');
      case 'escape':
        return detailId !== null ? setDetailId(null) : setSelection(sel.EMPTY_SELECTION);
      case 'selectAll':
        return setSelection(sel.selectAll());
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const intent = keyIntent(event, keyTarget(event.target));
    if (intent === null) return;
    event.preventDefault();
    apply(intent);
  };

  const confirmDelete = async () => {
    setDialog(null);
    const deleted = await actions.remove();
    if (deleted === null) return;
    setSelection(sel.EMPTY_SELECTION);
    if (detailId !== null && deleted.includes(detailId)) setDetailId(null);
  };

  return (
    <section
      className="page page--library"
      aria-labelledby="library-title"
      onKeyDown={onKeyDown}
      data-testid="page-poses"
    >
      <div className="library-toolbar">
        <h1 id="library-title">Poses</h1>
        <span className="library-toolbar__count" data-testid="pose-count" aria-live="polite">
          {total === null ? 'Loading…' : `${total.toLocaleString('en-US')} poses`}
        </span>
        <span className="topbar__spacer" />
        <a className="button" href="#/editor" data-testid="library-new-pose">
          New pose…
        </a>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setDialog('import')}
          data-testid="open-import"
        >
          Import…
        </button>
      </div>
      <FilterBar filter={filterState} sort={sort} onFilter={changeFilter} onSort={setSort} />
      <SelectionBar
        count={count}
        actions={actions}
        onDelete={() => setDialog('delete')}
        onClear={() => setSelection(sel.EMPTY_SELECTION)}
      />
      <ErrorNotice
        error={store.error ?? rangeError}
        onDismiss={() => (setRangeError(null), store.invalidate())}
      />
      <div className="library-body">
        {total === 0 ? (
          <EmptyLibrary
            filtered={isFiltered(filterState)}
            onImport={() => setDialog('import')}
            onClear={() => changeFilter(EMPTY_FILTER)}
          />
        ) : (
          <PoseGrid
            store={store}
            total={total ?? 0}
            queryKey={key}
            selection={selection}
            focusIndex={focus}
            scrollTo={scrollTo}
            onCardClick={(click) => void onCardClick(click)}
            onCardOpen={(index, pose) => (setFocus(index), setDetailId(pose.id))}
            onLayout={onLayout}
          />
        )}
        {detailId !== null && (
          <DetailPanel key={detailId} poseId={detailId} onClose={() => setDetailId(null)} />
        )}
      </div>
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${count.toLocaleString('en-US')} pose${count === 1 ? '' : 's'}?`}
          message="The selected poses will be removed from the catalog. This cannot be undone."
          confirmLabel="Delete"
          onCancel={() => setDialog(null)}
          onConfirm={() => void confirmDelete()}
        />
      )}
    </section>
  );
}

function EmptyLibrary({
  filtered,
  onImport,
  onClear,
}: {
  filtered: boolean;
  onImport: () => void;
  onClear: () => void;
}) {
  return (
    <div className="empty-state" data-testid="library-empty">
      {filtered ? (
        <>
          <p>No pose matches these filters.</p>
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        </>
      ) : (
        <>
          <p>No poses yet. Import COCO, OpenPose, ControlNet, AlphaPose or MPII JSON to start.</p>
          <button type="button" className="button button--primary" onClick={onImport}>
            Import poses…
          </button>
        </>
      )}
    </div>
  );
}
