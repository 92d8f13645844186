/**
 * @file The prompt template with `{a|b|c}` slots, its help, and a live preview of the prompts the
 * first variants will get (sampled from their seeds exactly as the template says).
 */
import { formatCount } from '../../../src-main/core/shared/format';
import { parseTemplate, promptCombinations } from './model/promptTemplate';
import { FormField } from './FormField';
import type { GenerateForm } from './useGenerateForm';

const EXAMPLE = 'a person in a {red|blue|green} {striped|checked|plain} shirt, {jeans|shorts}, {hat|no hat}';

export function PromptField({ form }: { form: GenerateForm }) {
  const { state, update, previews } = form;
  const error = form.validated.ok ? null : (form.validated.errors.promptTemplate ?? null);
  const parsed = parseTemplate(state.promptTemplate);
  const combinations = promptCombinations(state.promptTemplate);
  return (
    <div className="gen-prompt">
      <FormField
        label="Prompt template"
        error={error}
        testId="prompt-field"
        help={
          <>
            Write <code>{'{red|blue|green}'}</code> for a slot: each variant samples one choice per slot from
            its seed; an empty choice (<code>{'{|hat}'}</code>) makes it optional. What the prompt leaves
            open, the seed fills in.
          </>
        }
      >
        {(control) => (
          <textarea
            {...control}
            className="input gen-prompt__input"
            rows={3}
            value={state.promptTemplate}
            placeholder={EXAMPLE}
            onChange={(event) => update({ promptTemplate: event.target.value })}
            data-testid="prompt-template"
          />
        )}
      </FormField>
      <div className="gen-prompt__preview" aria-label="Prompt preview" data-testid="prompt-preview">
        <span className="field__label">
          Preview{parsed.ok && parsed.slots > 0 ? ` (${formatCount(combinations)} possible prompts)` : ''}
          {state.seedMode === 'random' ? ', example seeds' : ''}
        </span>
        {parsed.ok ? (
          <ol className="gen-prompt__samples">
            {previews.map(({ seed, prompt }, index) => (
              <li key={`${index}-${seed}`} data-testid="prompt-sample">
                <span className="mono muted">seed {seed}</span>{' '}
                {prompt === '' ? (
                  <em className="muted">empty prompt: the seed decides everything</em>
                ) : (
                  prompt
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">Fix the template to see sampled prompts.</p>
        )}
      </div>
      {state.promptTemplate === '' && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => update({ promptTemplate: EXAMPLE })}
        >
          Use the example template
        </button>
      )}
    </div>
  );
}
