/**
 * @file The app shell: top bar, left navigation and the current page. Loads `app.info` (refetched
 * on catalog changes) to know the open project; with no hash in the address it starts on the
 * library when a project is open, else on the project page. The library's view (and so its
 * selection, which the Generate page uses) is shared per project.
 */
import { useQuery } from '../api/hooks';
import { ErrorNotice } from '../ui/ErrorNotice';
import { EditorPage } from '../features/editor/EditorPage';
import { GeneratePage } from '../features/generate/GeneratePage';
import { JobsProvider } from '../features/jobs/JobsContext';
import { LibraryShareProvider } from '../features/poses/LibraryShareContext';
import { ProjectPage } from '../features/project/ProjectPage';
import { PosesPage } from '../features/poses/PosesPage';
import { ModelsPage } from '../features/models/ModelsPage';
import { ReviewPage } from '../features/review/ReviewPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { TrainPage } from '../features/train/TrainPage';
import { ComingSoon } from './ComingSoon';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';
import type { PageId } from './pages';
import { useHashPage } from './useHashPage';

/** Pages with their own component; the rest say what is coming. */
const BUILT: ReadonlySet<PageId> = new Set([
  'project',
  'poses',
  'editor',
  'generate',
  'review',
  'train',
  'models',
  'settings',
]);

export function App() {
  const info = useQuery('app.info', {});
  const [hashPage, navigate] = useHashPage();
  if (info.data === undefined) {
    return (
      <div className="boot" data-testid="boot">
        {info.error ? (
          <>
            <h1>Cannot reach the studio</h1>
            <ErrorNotice error={info.error} />
            <p className="muted">
              In server mode, open the address that <code>pose-studio serve</code> printed: it carries the
              access token.
            </p>
            <button type="button" className="button" onClick={info.refetch}>
              Try again
            </button>
          </>
        ) : (
          <p className="muted">Connecting to the studio…</p>
        )}
      </div>
    );
  }
  const project = info.data.project;
  const page = hashPage ?? (project ? 'poses' : 'project');
  return (
    <JobsProvider projectPath={project?.path ?? null}>
      <LibraryShareProvider projectPath={project?.path ?? null}>
        <div className="shell">
          <TopBar projectName={project?.name ?? null} onOpenProject={() => navigate('project')} />
          <Sidebar current={page} onNavigate={navigate} />
          <main className="shell__main">
            {page === 'project' && (
              <ProjectPage info={info.data} onChanged={info.refetch} onOpened={() => navigate('poses')} />
            )}
            {page === 'poses' && <PosesPage project={project} onOpenProject={() => navigate('project')} />}
            {page === 'editor' && <EditorPage project={project} onOpenProject={() => navigate('project')} />}
            {page === 'generate' && (
              <GeneratePage project={project} onOpenProject={() => navigate('project')} />
            )}
            {page === 'review' && <ReviewPage project={project} onOpenProject={() => navigate('project')} />}
            {page === 'train' && <TrainPage project={project} onOpenProject={() => navigate('project')} />}
            {page === 'models' && <ModelsPage project={project} onOpenProject={() => navigate('project')} />}
            {page === 'settings' && (
              <SettingsPage project={project} onOpenProject={() => navigate('project')} />
            )}
            {!BUILT.has(page) && <ComingSoon page={page} />}
          </main>
        </div>
      </LibraryShareProvider>
    </JobsProvider>
  );
}
