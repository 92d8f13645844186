/**
 * @file The data part of the Train form: which variants train (accepted only, or unreviewed
 * ones too), what makes two variants positives (the group key, defaulting to the recipe's), the
 * held-out share, and the augmentation applied to every view.
 */
import type { GroupBy } from '../../../src-main/contract';
import { FormField } from '../generate/FormField';
import { GROUP_KEYS, recipeInfo } from './model/recipes';
import { effectiveGroupBy } from './model/trainForm';
import { NumberField } from './NumberField';
import type { TrainForm } from './useTrainForm';

const RECIPE_DEFAULT = '';

function GroupByField({ form }: { form: TrainForm }) {
  const { state } = form;
  const recipe = recipeInfo(state.recipe);
  const recipeDefault = GROUP_KEYS.find((key) => key.value === recipe.groupBy)?.label ?? recipe.groupBy;
  return (
    <FormField
      label="Positives share"
      help={`the group key of the P × K sampler; ${recipe.label} uses ${effectiveGroupBy(state)}`}
      testId="train-group-by-field"
    >
      {(control) => (
        <select
          {...control}
          className="input"
          value={state.groupBy ?? RECIPE_DEFAULT}
          onChange={(event) =>
            form.update({
              groupBy: event.target.value === RECIPE_DEFAULT ? null : (event.target.value as GroupBy),
            })
          }
          data-testid="train-group-by"
        >
          <option value={RECIPE_DEFAULT}>{`${recipeDefault} (recipe default)`}</option>
          {GROUP_KEYS.map((key) => (
            <option key={key.value} value={key.value}>
              {key.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

export function DatasetFields({ form }: { form: TrainForm }) {
  return (
    <fieldset className="train-group" data-testid="train-dataset-fields">
      <legend className="field__label">Dataset</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.state.includeUnreviewed}
          onChange={(event) => form.update({ includeUnreviewed: event.target.checked })}
          data-testid="train-include-unreviewed"
        />
        Also train on variants nobody has reviewed yet (rejected ones never train)
      </label>
      <div className="train-grid">
        <div className="train-grid__wide">
          <GroupByField form={form} />
        </div>
        <NumberField form={form} field="evalFraction" label="Held out" help="share of poses, 0 to 0.5" />
      </div>
    </fieldset>
  );
}

export function AugmentFields({ form }: { form: TrainForm }) {
  return (
    <fieldset className="train-group" data-testid="train-augment-fields">
      <legend className="field__label">Augmentation</legend>
      <div className="train-grid">
        <NumberField form={form} field="cropMin" label="Crop area from" help="keypoints follow the crop" />
        <NumberField form={form} field="cropMax" label="Crop area to" help="at most 1 (whole image)" />
        <NumberField form={form} field="colorJitter" label="Colour jitter" help="0 turns it off" />
        <NumberField form={form} field="blur" label="Blur probability" help="3 × 3 Gaussian" />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.state.flip}
          onChange={(event) => form.update({ flip: event.target.checked })}
          data-testid="train-flip"
        />
        Flip whole groups horizontally (left and right keypoints swap)
      </label>
    </fieldset>
  );
}
