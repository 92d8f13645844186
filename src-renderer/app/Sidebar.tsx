/** @file Left navigation: one button per page, grouped, the current one marked with aria-current. */
import { PAGES, type PageId } from './pages';

export function Sidebar({ current, onNavigate }: { current: PageId; onNavigate: (page: PageId) => void }) {
  const groups = ['library', 'pipeline', 'app'] as const;
  return (
    <nav className="sidebar" aria-label="Main">
      {groups.map((group) => (
        <ul key={group} className="sidebar__group">
          {PAGES.filter((page) => page.group === group).map((page) => (
            <li key={page.id}>
              <button
                type="button"
                className="sidebar__item"
                aria-current={page.id === current ? 'page' : undefined}
                data-testid={`nav-${page.id}`}
                onClick={() => onNavigate(page.id)}
              >
                {page.label}
              </button>
            </li>
          ))}
        </ul>
      ))}
    </nav>
  );
}
