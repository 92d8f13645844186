/**
 * @file The newest variants of one run as they arrive: thumbnails (media URLs for the active
 * transport) with pose id, variant index and seed, the prompt as a tooltip; a click opens the
 * variant's detail. While the run is live, the latest preview of the variant in the making (SD's
 * latent preview) sits above them.
 */
import type { GenerationRun, Variant } from '../../../src-main/contract';
import { useApi } from '../../api/ApiContext';
import { formatCount } from '../../../src-main/core/shared/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { LivePreview } from './LivePreview';
import { useRunVariants } from './useGenerateData';

export function LiveVariants({
  run,
  onOpen,
}: {
  run: GenerationRun | null;
  onOpen: (variant: Variant) => void;
}) {
  const { items, total, error } = useRunVariants(run?.id ?? null);
  return (
    <section className="panel gen-live" aria-labelledby="generate-live-title" data-testid="live-variants">
      <header className="gen-live__header">
        <h2 id="generate-live-title">{run === null ? 'Variants' : `Variants of run #${run.id}`}</h2>
        {run !== null && items !== undefined && (
          <span className="muted" aria-live="polite" data-testid="live-count">
            {total > items.length
              ? `newest ${formatCount(items.length)} of ${formatCount(total)}`
              : `${formatCount(total)} variant${total === 1 ? '' : 's'}`}
          </span>
        )}
      </header>
      <ErrorNotice error={error} />
      {run !== null && <LivePreview key={run.id} run={run} />}
      {run === null ? (
        <p className="muted">Variants appear here as a run makes them.</p>
      ) : items !== undefined && items.length === 0 ? (
        <p className="muted" data-testid="live-empty">
          No variants yet{run.state === 'queued' ? ': the run is queued' : ''}.
        </p>
      ) : (
        <ul className="gen-live__grid" aria-label={`Variants of run ${run.id}`}>
          {items?.map((variant) => (
            <VariantTile key={variant.id} variant={variant} onOpen={() => onOpen(variant)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function VariantTile({ variant, onOpen }: { variant: Variant; onOpen: () => void }) {
  const { mediaUrl } = useApi();
  return (
    <li>
      <button
        type="button"
        className="gen-tile"
        title={variant.prompt}
        onClick={onOpen}
        aria-label={`Variant ${variant.index} of pose ${variant.poseId}, seed ${variant.seed}`}
        data-testid="variant-tile"
        data-variant-id={variant.id}
      >
        <img
          className="gen-tile__image"
          src={mediaUrl(variant.media.thumb)}
          alt=""
          loading="lazy"
          width={variant.width}
          height={variant.height}
        />
        <span className="gen-tile__caption">
          <span>pose {variant.poseId}</span>
          <span>#{variant.index}</span>
          <span className="mono">seed {variant.seed}</span>
        </span>
      </button>
    </li>
  );
}
