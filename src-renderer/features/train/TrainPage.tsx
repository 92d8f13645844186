/**
 * @file The Train page (#/train): the form that queues a pre-training run with its dataset
 * summary, the list of runs, the selected (else the newest) run's live detail, and the
 * evaluation table comparing runs. Sends the user to the project page when no project is open.
 */
import { useState } from 'react';
import type { TrainRun } from '../../../src-main/contract';
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { EvalTable } from './EvalTable';
import { pickTrainRun } from './model/trainRuns';
import { RunDetail } from './RunDetail';
import { RunsPanel } from './RunsPanel';
import { TrainForm } from './TrainForm';
import { useEvals, useTrainRuns } from './useTrainData';
import './train.css';

export function TrainPage(props: ProjectPageProps) {
  return (
    <ProjectGate
      {...props}
      page="train"
      title="Train"
      why="Training uses the reviewed variants of a project."
    >
      {(project) => <TrainWorkspace key={project.path} />}
    </ProjectGate>
  );
}

function TrainWorkspace() {
  const runs = useTrainRuns();
  const evals = useEvals();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [started, setStarted] = useState<TrainRun | null>(null);
  const shown = pickTrainRun(runs.runs ?? (started ? [started] : []), selectedId);
  const onStarted = (run: TrainRun) => {
    setStarted(run);
    setSelectedId(run.id);
    runs.refetch();
  };
  return (
    <section className="page train-page" aria-labelledby="train-title" data-testid="train-page">
      <h1 id="train-title">Train</h1>
      <div className="train-page__body">
        <TrainForm started={started} onStarted={onStarted} />
        <div className="train-page__side">
          <RunsPanel runs={runs} selectedId={shown?.id ?? null} onSelect={setSelectedId} />
          <RunDetail run={shown} />
          <EvalTable evals={evals} runs={runs.runs ?? []} />
        </div>
      </div>
    </section>
  );
}
