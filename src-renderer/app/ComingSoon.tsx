/** @file A page that is not built yet: its title and what it will do, no controls. */
import { COMING, type PageId } from './pages';

export function ComingSoon({ page }: { page: PageId }) {
  const info = COMING[page];
  if (info === undefined) return null;
  return (
    <section className="page page--coming" aria-labelledby={`coming-${page}`} data-testid={`page-${page}`}>
      <h1 id={`coming-${page}`}>{info.title}</h1>
      {info.body.map((paragraph) => (
        <p key={paragraph} className="muted">
          {paragraph}
        </p>
      ))}
    </section>
  );
}
