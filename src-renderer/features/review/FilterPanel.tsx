/**
 * @file The review grid's filters and sort: sort by pose or by any check (worst or best first),
 * generator, run, pose tag, prompt text (applied 300 ms after typing stops) and a two-thumb score
 * range per check, with a Clear button. The state filters sit in the toolbar beside their counts.
 */
import { useState } from 'react';
import type { CheckInfo, ReviewSort } from '../../../src-main/contract';
import {
  EMPTY_FILTER,
  isFiltered,
  rangeOf,
  setRange,
  sortOptions,
  sortValue,
  type FilterState,
} from './model/filters';
import { RangeSlider } from './RangeSlider';
import { useDebouncedCallback } from './useDebounced';
import { useFilterChoices } from './useReviewData';

export function FilterPanel({
  filter,
  sort,
  checks,
  onFilter,
  onSort,
}: {
  filter: FilterState;
  sort: ReviewSort;
  checks: readonly CheckInfo[];
  /** Changes go through an update of the current filter: debounced fields commit late. */
  onFilter: FilterUpdate;
  onSort: (next: ReviewSort) => void;
}) {
  return (
    <aside
      className="panel review-filters"
      aria-labelledby="review-filters-title"
      data-testid="review-filters"
    >
      <h2 id="review-filters-title">Filter and sort</h2>
      <SortField checks={checks} sort={sort} onSort={onSort} />
      <ChoiceFields filter={filter} onFilter={onFilter} />
      <PromptField value={filter.prompt} onChange={(prompt) => onFilter((f) => ({ ...f, prompt }))} />
      <h3>Scores</h3>
      {checks.map((check) => (
        <RangeSlider
          key={check.id}
          check={check}
          value={rangeOf(filter, check)}
          onChange={(range) => onFilter((f) => setRange(f, check, range))}
        />
      ))}
      {checks.length > 0 && (
        <p className="muted small">A narrowed range hides variants without that score.</p>
      )}
      <button
        type="button"
        className="button button--small"
        disabled={!isFiltered(filter)}
        onClick={() => onFilter(() => EMPTY_FILTER)}
        data-testid="review-filter-clear"
      >
        Clear filters
      </button>
    </aside>
  );
}

type FilterUpdate = (update: (current: FilterState) => FilterState) => void;

function SortField({
  checks,
  sort,
  onSort,
}: {
  checks: readonly CheckInfo[];
  sort: ReviewSort;
  onSort: (next: ReviewSort) => void;
}) {
  const options = sortOptions(checks);
  return (
    <label className="field">
      <span className="field__label">Sort poses by</span>
      <select
        className="input"
        value={sortValue(sort)}
        onChange={(event) => onSort(options.find((o) => o.value === event.target.value)?.sort ?? sort)}
        data-testid="review-sort"
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Generator, run and pose tag, from what the studio lists. */
function ChoiceFields({ filter, onFilter }: { filter: FilterState; onFilter: FilterUpdate }) {
  const choices = useFilterChoices();
  return (
    <>
      <Choice
        label="Generator"
        value={filter.generator}
        choices={choices.generators.map((id) => [id, id])}
        onChange={(generator) => onFilter((f) => ({ ...f, generator }))}
        testId="review-filter-generator"
      />
      <Choice
        label="Run"
        value={filter.runId === null ? '' : String(filter.runId)}
        choices={choices.runs.map((id) => [String(id), `Run #${id}`])}
        onChange={(run) => onFilter((f) => ({ ...f, runId: run === '' ? null : Number(run) }))}
        testId="review-filter-run"
      />
      <Choice
        label="Pose tag"
        value={filter.tag}
        choices={choices.tags.map((tag) => [tag, tag])}
        onChange={(tag) => onFilter((f) => ({ ...f, tag }))}
        testId="review-filter-tag"
      />
    </>
  );
}

function Choice({
  label,
  value,
  choices,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  choices: ReadonlyArray<readonly [string, string]>;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select
        className="input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      >
        <option value="">Any</option>
        {choices.map(([id, text]) => (
          <option key={id} value={id}>
            {text}
          </option>
        ))}
        {value !== '' && !choices.some(([id]) => id === value) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}

/** The prompt box: typing shows at once, the filter follows 300 ms after the last key. */
function PromptField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState<{ from: string; text: string } | null>(null);
  const shown = draft !== null && draft.from === value ? draft.text : value;
  const commit = useDebouncedCallback((text: string) => {
    setDraft(null);
    onChange(text);
  }, 300);
  return (
    <label className="field">
      <span className="field__label">Prompt contains</span>
      <input
        className="input"
        type="search"
        value={shown}
        maxLength={200}
        placeholder="any text"
        onChange={(event) => {
          setDraft({ from: value, text: event.target.value });
          commit.call(event.target.value);
        }}
        onBlur={commit.flush}
        data-testid="review-filter-prompt"
      />
    </label>
  );
}
