/**
 * @file The Generate page: the form that queues a run, the queue of runs with live progress and
 * controls, and the newest variants of the selected (else the newest) run as they are made, with a
 * detail view. Sends the user to the project page when no project is open.
 */
import { useState } from 'react';
import type { GenerationRun, Variant } from '../../../src-main/contract';
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { pickRun } from './model/runs';
import { GenerateForm } from './GenerateForm';
import { LiveVariants } from './LiveVariants';
import { QueuePanel } from './QueuePanel';
import { useRuns } from './useGenerateData';
import { VariantDetail } from './VariantDetail';

export function GeneratePage(props: ProjectPageProps) {
  return (
    <ProjectGate
      {...props}
      page="generate"
      title="Generate variants"
      why="Variants are generated from the poses of a project."
    >
      {(project) => <GenerateWorkspace key={project.path} />}
    </ProjectGate>
  );
}

function GenerateWorkspace() {
  const runs = useRuns();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [started, setStarted] = useState<GenerationRun | null>(null);
  const [detail, setDetail] = useState<Variant | null>(null);
  const shown = pickRun(runs.runs ?? (started ? [started] : []), selectedId);
  const onStarted = (run: GenerationRun) => {
    setStarted(run);
    setSelectedId(run.id);
    runs.refetch();
  };
  return (
    <section className="page gen-page" aria-labelledby="generate-title" data-testid="page-generate">
      <h1 id="generate-title">Generate variants</h1>
      <div className="gen-page__body">
        <GenerateForm started={started} onStarted={onStarted} />
        <div className="gen-page__side">
          <QueuePanel runs={runs} selectedId={shown?.id ?? null} onSelect={setSelectedId} />
          <LiveVariants run={shown} onOpen={setDetail} />
        </div>
      </div>
      {detail && <VariantDetail variant={detail} onClose={() => setDetail(null)} />}
    </section>
  );
}
