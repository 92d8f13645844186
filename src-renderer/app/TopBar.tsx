/**
 * @file The top bar: app name, the open project (click: project page), the event-stream state in
 * server mode, and the job indicator.
 */
import { useApi } from '../api/ApiContext';
import { useConnectionState } from '../api/hooks';
import { JobIndicator } from '../features/jobs/JobIndicator';

export function TopBar({
  projectName,
  onOpenProject,
}: {
  projectName: string | null;
  onOpenProject: () => void;
}) {
  const { mode } = useApi();
  const connection = useConnectionState();
  return (
    <header className="topbar">
      <span className="topbar__brand">Pose Studio</span>
      <button
        type="button"
        className="topbar__project"
        onClick={onOpenProject}
        data-testid="topbar-project"
        title="Project"
      >
        {projectName ?? 'No project open'}
      </button>
      <span className="topbar__spacer" />
      {mode === 'http' && connection !== 'open' && (
        <span className="topbar__offline" role="status">
          {connection === 'connecting' ? 'Connecting to the studio…' : 'Disconnected, retrying…'}
        </span>
      )}
      <JobIndicator />
    </header>
  );
}
