/** @file A progress bar: determinate when a fraction is known, an animated stripe when not. */
export function ProgressBar({
  fraction,
  label,
  compact = false,
}: {
  fraction: number | null;
  label: string;
  compact?: boolean;
}) {
  const percent = fraction === null ? undefined : Math.round(fraction * 100);
  return (
    <div
      className={`progress${compact ? ' progress--compact' : ''}${fraction === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div
        className="progress__fill"
        style={{ width: fraction === null ? undefined : `${fraction * 100}%` }}
      />
    </div>
  );
}
