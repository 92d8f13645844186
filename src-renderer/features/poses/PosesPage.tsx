/**
 * @file The Poses page: sends the user to the project page when no project is open, else shows
 * the pose library (one per project, so switching projects starts fresh).
 */
import type { ProjectInfo } from '../../../src-main/contract';
import { PoseLibrary } from './PoseLibrary';

export function PosesPage({
  project,
  onOpenProject,
}: {
  project: ProjectInfo | null;
  onOpenProject: () => void;
}) {
  if (project === null) {
    return (
      <section className="page" aria-labelledby="poses-title" data-testid="poses-no-project">
        <h1 id="poses-title">Poses</h1>
        <div className="panel">
          <p>No project is open. The pose library lives in a project folder.</p>
          <button
            type="button"
            className="button button--primary"
            onClick={onOpenProject}
            data-testid="go-to-project"
          >
            Open or create a project
          </button>
        </div>
      </section>
    );
  }
  return <PoseLibrary key={project.path} />;
}
