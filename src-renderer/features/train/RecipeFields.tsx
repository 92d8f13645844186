/**
 * @file The recipe part of the Train form: the recipe picker with one line on what it learns
 * from, and the chosen recipe's own hyperparameters (temperatures, loss weights, head widths),
 * each validated by the contract's recipe schema.
 */
import type { RecipeName } from '../../../src-main/contract';
import { FormField } from '../generate/FormField';
import { RECIPES, recipeInfo } from './model/recipes';
import { fieldTestId } from './NumberField';
import type { TrainForm } from './useTrainForm';

export function RecipeFields({ form }: { form: TrainForm }) {
  const { state } = form;
  const info = recipeInfo(state.recipe);
  return (
    <fieldset className="train-group" data-testid="train-recipe-fields">
      <legend className="field__label">Recipe</legend>
      <FormField label="Recipe" help={info.summary} testId="train-recipe-field">
        {(control) => (
          <select
            {...control}
            className="input"
            value={state.recipe}
            onChange={(event) => form.update({ recipe: event.target.value as RecipeName })}
            data-testid="train-recipe"
          >
            {RECIPES.map((recipe) => (
              <option key={recipe.name} value={recipe.name}>
                {recipe.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="train-grid">
        {info.fields.map((field) => {
          const testId = fieldTestId(`recipe.${field.key}`);
          return (
            <FormField
              key={`${state.recipe}-${field.key}`}
              label={field.label}
              help={field.help}
              error={form.errors[`recipe.${field.key}`]}
              testId={`${testId}-field`}
            >
              {(control) => (
                <input
                  {...control}
                  className="input train-input"
                  type="number"
                  step={field.whole ? '1' : 'any'}
                  value={state.recipeValues[state.recipe][field.key] ?? ''}
                  onChange={(event) => form.setRecipeValue(state.recipe, field.key, event.target.value)}
                  data-testid={testId}
                />
              )}
            </FormField>
          );
        })}
      </div>
    </fieldset>
  );
}
