/**
 * @file The shell of a page that needs an open project: with no project it shows the page's title,
 * why a project is needed and a button to the project page; else it renders the page's workspace.
 * Test ids follow the page: `<page>-no-project` on the section, `go-to-project` on the button.
 */
import type { ReactNode } from 'react';
import type { ProjectInfo } from '../../src-main/contract';

/** The props App gives every page that works inside a project. */
export type ProjectPageProps = { project: ProjectInfo | null; onOpenProject: () => void };

export function ProjectGate({
  project,
  onOpenProject,
  page,
  title,
  why,
  children,
}: ProjectPageProps & {
  /** Names the ids: `${page}-title` and `${page}-no-project`. */
  page: string;
  title: string;
  /** One sentence after "No project is open." saying what the page works on. */
  why: string;
  children: (project: ProjectInfo) => ReactNode;
}) {
  if (project !== null) return <>{children(project)}</>;
  return (
    <section className="page" aria-labelledby={`${page}-title`} data-testid={`${page}-no-project`}>
      <h1 id={`${page}-title`}>{title}</h1>
      <div className="panel">
        <p>No project is open. {why}</p>
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
