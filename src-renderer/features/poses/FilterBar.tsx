/**
 * @file The library's filter bar: tag (from tags.list, with counts), source (import batches from
 * poses.sources), labeled keypoint range, format, sort field and direction, and a reset. Controlled:
 * the library owns the state.
 */
import { PoseFormatSchema, type PoseFormat } from '../../../src-main/contract';
import { useQuery } from '../../api/hooks';
import {
  EMPTY_FILTER,
  SORT_FIELDS,
  isFiltered,
  parseLabeledBound,
  parseTagChoice,
  tagChoiceValue,
  type FilterState,
  type SortState,
} from './model/query';

export function FilterBar({
  filter,
  sort,
  onFilter,
  onSort,
}: {
  filter: FilterState;
  sort: SortState;
  onFilter: (filter: FilterState) => void;
  onSort: (sort: SortState) => void;
}) {
  const tags = useQuery('tags.list', {}).data?.items ?? [];
  const sources = useQuery('poses.sources', {}).data?.items ?? [];
  const set = (patch: Partial<FilterState>) => onFilter({ ...filter, ...patch });
  return (
    <div className="filter-bar" role="search" aria-label="Filter poses">
      <label className="field">
        <span className="field__label">Tag</span>
        <select
          className="input"
          value={tagChoiceValue(filter.tag)}
          onChange={(event) => set({ tag: parseTagChoice(event.target.value) })}
          data-testid="filter-tag"
        >
          <option value="any">Any</option>
          <option value="untagged">Untagged</option>
          {tags.map(({ tag, count }) => (
            <option key={tag} value={tagChoiceValue({ kind: 'tag', tag })}>
              {tag} ({count.toLocaleString('en-US')})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Source</span>
        <select
          className="input"
          value={filter.importId ?? ''}
          onChange={(event) =>
            set({ importId: event.target.value === '' ? null : Number(event.target.value) })
          }
          data-testid="filter-source"
        >
          <option value="">All sources</option>
          {sources.map((batch) => (
            <option key={batch.id} value={batch.id}>
              {batch.file} · {batch.format} · {batch.count.toLocaleString('en-US')}
            </option>
          ))}
        </select>
      </label>
      <div className="field" role="group" aria-labelledby="filter-labeled-label">
        <span id="filter-labeled-label" className="field__label">
          Labeled keypoints
        </span>
        <span className="input-group">
          <input
            className="input input--narrow"
            type="number"
            min={0}
            max={17}
            placeholder="min"
            aria-label="Minimum labeled keypoints"
            value={filter.minLabeled ?? ''}
            onChange={(event) => set({ minLabeled: parseLabeledBound(event.target.value) })}
            data-testid="filter-min-labeled"
          />
          <span className="muted">–</span>
          <input
            className="input input--narrow"
            type="number"
            min={0}
            max={17}
            placeholder="max"
            aria-label="Maximum labeled keypoints"
            value={filter.maxLabeled ?? ''}
            onChange={(event) => set({ maxLabeled: parseLabeledBound(event.target.value) })}
            data-testid="filter-max-labeled"
          />
        </span>
      </div>
      <label className="field">
        <span className="field__label">Format</span>
        <select
          className="input"
          value={filter.format ?? ''}
          onChange={(event) =>
            set({ format: event.target.value === '' ? null : (event.target.value as PoseFormat) })
          }
          data-testid="filter-format"
        >
          <option value="">Any</option>
          {PoseFormatSchema.options.map((format) => (
            <option key={format} value={format}>
              {format}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Sort</span>
        <span className="input-group">
          <select
            className="input"
            value={sort.by}
            onChange={(event) => onSort({ ...sort, by: event.target.value as SortState['by'] })}
            data-testid="sort-by"
          >
            {SORT_FIELDS.map((field) => (
              <option key={field.value} value={field.value}>
                {field.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            onClick={() => onSort({ ...sort, dir: sort.dir === 'asc' ? 'desc' : 'asc' })}
            aria-label={
              sort.dir === 'asc' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'
            }
            data-testid="sort-dir"
          >
            {sort.dir === 'asc' ? '↑' : '↓'}
          </button>
        </span>
      </label>
      {isFiltered(filter) && (
        <button type="button" className="button button--ghost" onClick={() => onFilter(EMPTY_FILTER)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
