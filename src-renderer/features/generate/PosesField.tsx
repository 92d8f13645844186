/**
 * @file Which poses to generate for: the library selection (carried from the Poses page), one
 * tag, or every pose; with how many poses that is and how many variants the run will make.
 */
import { formatCount } from '../../../src-main/core/shared/format';
import { describeSelection } from './model/poseTarget';
import type { PoseChoice } from './model/poseTarget';
import type { GenerateForm } from './useGenerateForm';

export function PosesField({ form }: { form: GenerateForm }) {
  const { state, update, tags, view, poseCount, planned } = form;
  const choice = state.poses;
  const firstTag = tags[0]?.tag ?? '';
  const pick = (next: PoseChoice) => update({ poses: next });
  const error = form.validated.ok ? null : (form.validated.errors.poses ?? null);
  return (
    <fieldset className="field gen-poses" data-testid="generate-poses">
      <legend className="field__label">Poses</legend>
      <label className="radio">
        <input
          type="radio"
          name="generate-poses"
          checked={choice.kind === 'selection'}
          onChange={() => pick({ kind: 'selection' })}
          data-testid="poses-selection"
        />
        Library selection <span className="muted">({describeSelection(view)})</span>
      </label>
      <span className="gen-poses__tag">
        <label className="radio">
          <input
            type="radio"
            name="generate-poses"
            checked={choice.kind === 'tag'}
            onChange={() => pick({ kind: 'tag', tag: firstTag })}
            data-testid="poses-tag"
          />
          Tag
        </label>
        <select
          className="input"
          aria-label="Tag to generate for"
          value={choice.kind === 'tag' ? choice.tag : ''}
          disabled={choice.kind !== 'tag'}
          onChange={(event) => pick({ kind: 'tag', tag: event.target.value })}
          data-testid="poses-tag-select"
        >
          {choice.kind === 'tag' && choice.tag === '' && <option value="">(no tags yet)</option>}
          {choice.kind !== 'tag' && <option value="">Pick a tag</option>}
          {tags.map(({ tag, count }) => (
            <option key={tag} value={tag}>
              {tag} ({formatCount(count)})
            </option>
          ))}
        </select>
      </span>
      <label className="radio">
        <input
          type="radio"
          name="generate-poses"
          checked={choice.kind === 'all'}
          onChange={() => pick({ kind: 'all' })}
          data-testid="poses-all"
        />
        All poses
      </label>
      <p className="gen-poses__count" aria-live="polite" data-testid="generate-plan">
        {poseCount === null
          ? 'Counting poses…'
          : `${formatCount(poseCount)} pose${poseCount === 1 ? '' : 's'}` +
            (planned === null ? '' : ` → ${formatCount(planned)} variant${planned === 1 ? '' : 's'}`)}
      </p>
      {error && (
        <span className="gen-field__error" data-testid="generate-poses-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
