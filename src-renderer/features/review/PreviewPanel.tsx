/**
 * @file The large preview (Space): the focused variant's full RGB image with the skeleton overlay
 * and the boxes of the faces the detector found (`quality.scores`), its scores with pass / fail per
 * check against the thresholds the Rules panel holds now, and how it was made; for a ControlNet
 * variant also the condition map it was steered by (media `condition`, as the Generate page's
 * variant detail shows it), so a wrong pose can be told from a wrong condition. It follows the
 * focus and leaves the keyboard to the page, so arrows, A, R and U keep working while it is open.
 */
import type { CheckInfo, ReviewRow, ReviewState, ReviewVariant } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { STATE_LABELS } from './model/filters';
import { overlayPose } from './model/overlay';
import { checkVerdicts, formatScore, type CheckVerdict, type RuleDraft, type Verdict } from './model/rules';
import { SkeletonSvg } from './SkeletonSvg';
import { useVariantScores } from './useReviewData';

const VERDICT_TEXT: Record<Verdict, string> = {
  pass: 'pass',
  fail: 'fail',
  'n/a': 'n/a',
  unscored: 'not scored',
  off: 'rule off',
};

export function PreviewPanel({
  variant,
  pose,
  state,
  checks,
  rules,
  overlay,
  onClose,
}: {
  variant: ReviewVariant;
  pose: ReviewRow['pose'];
  state: ReviewState;
  checks: readonly CheckInfo[];
  rules: readonly RuleDraft[];
  overlay: boolean;
  onClose: () => void;
}) {
  const { mediaUrl } = useApi();
  const scored = useVariantScores(variant.id);
  const faces = scored?.faces ?? [];
  return (
    <div
      className="review-preview"
      role="dialog"
      aria-label={`Preview of variant ${variant.id}`}
      data-testid="review-preview"
      data-variant-id={variant.id}
    >
      <header className="review-preview__header">
        <h2>
          Variant #{variant.id} · pose #{variant.poseId} · #{variant.index}
        </h2>
        <span className={`review-state review-state--${state}`} data-testid="review-preview-state">
          {STATE_LABELS[state]}
        </span>
        <span className="topbar__spacer" />
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={onClose}
          aria-label="Close"
        >
          ×
        </button>
      </header>
      <div className="review-preview__body">
        <figure className="review-preview__figure">
          <img
            src={mediaUrl(variant.media.rgb)}
            alt={`Variant ${variant.id}`}
            className="review-preview__image"
          />
          <SkeletonSvg
            pose={overlayPose(variant, pose)}
            faces={faces}
            skeleton={overlay}
            className="review-overlay"
            testId="review-preview-overlay"
          />
        </figure>
        <div className="review-preview__side">
          {variant.media.condition !== null && (
            <figure className="review-preview__condition" data-testid="review-preview-condition">
              <img
                src={mediaUrl(variant.media.condition)}
                alt={`ControlNet condition map of variant ${variant.id}`}
              />
              <figcaption className="muted small">ControlNet condition</figcaption>
            </figure>
          )}
          <ScoresTable verdicts={checkVerdicts(checks, scored?.scores ?? variant.scores, rules)} />
          <p className="muted small" data-testid="review-preview-faces">
            {scored === undefined
              ? 'Loading scores…'
              : `${faces.length} face${faces.length === 1 ? '' : 's'} detected`}
          </p>
          <VariantFacts variant={variant} />
        </div>
      </div>
    </div>
  );
}

/** Each check's value, the threshold it is held to (which side passes) and the verdict. */
function ScoresTable({ verdicts }: { verdicts: readonly CheckVerdict[] }) {
  return (
    <table className="review-scores" data-testid="review-preview-scores">
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Value</th>
          <th scope="col">Threshold</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {verdicts.map(({ check, value, threshold, verdict }) => (
          <tr key={check.id} data-testid={`review-preview-check-${check.id}`} data-verdict={verdict}>
            <th scope="row" title={check.description}>
              {check.label}
            </th>
            <td className="review-scores__number">{formatScore(value, check.unit)}</td>
            <td className="review-scores__number">
              {check.direction === 'low-is-bad' ? '≥ ' : '≤ '}
              {formatScore(threshold)}
            </td>
            <td className={`review-verdict review-verdict--${verdict.replace('/', '')}`}>
              {VERDICT_TEXT[verdict]}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VariantFacts({ variant }: { variant: ReviewVariant }) {
  return (
    <dl className="facts facts--compact">
      <dt>Reason</dt>
      <dd>{variant.reason ?? '–'}</dd>
      <dt>Prompt</dt>
      <dd>{variant.prompt === '' ? <em className="muted">(empty)</em> : variant.prompt}</dd>
      <dt>Made by</dt>
      <dd>
        run #{variant.runId} · {variant.generator} · seed <span className="mono">{variant.seed}</span>
      </dd>
      <dt>Size</dt>
      <dd>
        {variant.width} × {variant.height}
      </dd>
    </dl>
  );
}
