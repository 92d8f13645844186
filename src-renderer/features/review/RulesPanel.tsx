/**
 * @file The Rules panel: a threshold per check (defaults from `quality.checks`, each rule on or
 * off), a live preview (`quality.preview`, debounced) of how many variants each rule would reject
 * with a few of their thumbnails and the total, Apply (`quality.apply`) behind a confirmation that
 * states the total, and the recent decision batches with Undo.
 */
import { useState } from 'react';
import type { CheckInfo, ReviewFilter, RulePreview } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../api/hooks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { BatchesList } from './BatchesList';
import {
  formatScore,
  setEnabled,
  setThreshold,
  stepFor,
  toQualityRules,
  type RuleDraft,
} from './model/rules';
import { useRulesPreview } from './useReviewData';

function plural(count: number): string {
  return `${count.toLocaleString('en-US')} variant${count === 1 ? '' : 's'}`;
}

export function RulesPanel({
  checks,
  rules,
  filter,
  onRules,
  onUndo,
}: {
  checks: readonly CheckInfo[];
  rules: readonly RuleDraft[];
  /** The grid's filter without its states: the rules pick unreviewed and auto-rejected variants. */
  filter: ReviewFilter;
  onRules: (rules: RuleDraft[]) => void;
  onUndo: (batchId: number) => void;
}) {
  const { client } = useApi();
  const qualityRules = toQualityRules(rules);
  const { preview, loading, error } = useRulesPreview(qualityRules, filter);
  const [confirming, setConfirming] = useState(false);
  const [applied, setApplied] = useState<number | null>(null);
  const apply = useAction();
  const total = preview?.total ?? 0;
  const confirm = async () => {
    setConfirming(false);
    const result = await apply.run(() => client.call('quality.apply', { rules: qualityRules, filter }));
    if (result !== undefined) setApplied(result.rejected);
  };
  return (
    <section className="panel review-rules" aria-labelledby="review-rules-title" data-testid="review-rules">
      <h2 id="review-rules-title">Rules</h2>
      <p className="muted small">
        Reject scored variants on the bad side of a threshold. Variants decided by hand are left alone.
      </p>
      <ul className="review-rules__list">
        {rules.map((rule) => {
          const check = checks.find((candidate) => candidate.id === rule.check);
          return (
            check && (
              <RuleItem
                key={check.id}
                {...{ check, rule }}
                result={preview?.perRule.find((item) => item.check === check.id)}
                onThreshold={(value) => onRules(setThreshold(rules, check.id, value))}
                onEnabled={(enabled) => onRules(setEnabled(rules, check.id, enabled))}
              />
            )
          );
        })}
      </ul>
      <p className="review-rules__total" aria-live="polite" data-loading={loading || undefined}>
        Would reject{' '}
        <strong data-testid="review-rules-preview-total">
          {preview ? total.toLocaleString('en-US') : '–'}
        </strong>
        {preview && ` of ${plural(preview.considered)} considered`}
      </p>
      <button
        type="button"
        className="button button--danger"
        disabled={preview === undefined || total === 0 || loading || apply.busy}
        onClick={() => setConfirming(true)}
        data-testid="review-rules-apply"
      >
        Apply rules…
      </button>
      {applied !== null && (
        <p className="small" role="status" data-testid="review-rules-applied">
          Rejected {plural(applied)}. Undo below if that was too many.
        </p>
      )}
      <ErrorNotice error={error ?? apply.error} onDismiss={apply.clearError} />
      <BatchesList onUndo={onUndo} />
      {confirming && (
        <ApplyDialog total={total} onCancel={() => setConfirming(false)} onConfirm={() => void confirm()} />
      )}
    </section>
  );
}

function RuleItem({
  check,
  rule,
  result,
  onThreshold,
  onEnabled,
}: {
  check: CheckInfo;
  rule: RuleDraft;
  result: RulePreview['perRule'][number] | undefined;
  onThreshold: (value: number) => void;
  onEnabled: (enabled: boolean) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  // Keep what is typed ("0.") while it still reads as the threshold.
  const shown = draft !== null && Number(draft) === rule.threshold ? draft : String(rule.threshold);
  return (
    <li className={`review-rule${rule.enabled ? '' : ' review-rule--off'}`} data-check={check.id}>
      <label className="checkbox review-rule__name" title={check.description}>
        <input
          type="checkbox"
          checked={rule.enabled}
          onChange={(event) => onEnabled(event.target.checked)}
          data-testid={`review-rule-${check.id}-enabled`}
        />
        {check.label}
      </label>
      <span className="muted small">
        {check.direction === 'low-is-bad' ? 'reject below' : 'reject above'}
      </span>
      <input
        type="number"
        className="input review-rule__threshold"
        value={shown}
        step={stepFor(check)}
        disabled={!rule.enabled}
        onChange={(event) => {
          setDraft(event.target.value);
          if (event.target.value.trim() !== '') onThreshold(Number(event.target.value));
        }}
        aria-label={`${check.label} threshold`}
        data-testid={`review-rule-${check.id}`}
      />
      <span className="review-rule__count" data-testid={`review-rule-count-${check.id}`}>
        {rule.enabled && result ? result.count.toLocaleString('en-US') : '–'}
      </span>
      {rule.enabled && result !== undefined && <RuleSample check={check} sample={result.sample} />}
    </li>
  );
}

function ApplyDialog({
  total,
  onCancel,
  onConfirm,
}: {
  total: number;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <ConfirmDialog
      title="Apply the rules?"
      message={
        <>
          {plural(total)} will be marked <strong>rejected by rules</strong>, with the failing check as the
          reason. The whole apply can be undone as one batch.
        </>
      }
      confirmLabel={`Reject ${plural(total)}`}
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId="review-rules-dialog"
      confirmTestId="review-rules-confirm"
    />
  );
}

/** A few of the variants the rule would reject, to look at before applying. */
function RuleSample({
  check,
  sample,
}: {
  check: CheckInfo;
  sample: RulePreview['perRule'][number]['sample'];
}) {
  const { mediaUrl } = useApi();
  if (sample.length === 0) return null;
  return (
    <div className="review-rule__sample" data-testid={`review-rule-sample-${check.id}`}>
      {sample.map((variant) => (
        <img
          key={variant.id}
          src={mediaUrl(variant.media.thumb)}
          alt={`Variant ${variant.id}`}
          title={`Variant ${variant.id} · ${check.label} ${formatScore(variant.scores?.[check.id] ?? null, check.unit)}`}
          loading="lazy"
        />
      ))}
    </div>
  );
}
