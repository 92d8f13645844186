/**
 * @file The Models page (#/models): add a Stable Diffusion 1.5 + ControlNet-OpenPose folder exported
 * as ONNX (inspect first, then add), and the project's models with their provider, the default, and
 * removal. Sends the user to the project page when no project is open (models live in its catalog).
 */
import { useState } from 'react';
import type { DiffusionModel } from '../../../src-main/contract';
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { AddModelPanel } from './AddModelPanel';
import { ModelList } from './ModelList';
import './models.css';

export function ModelsPage(props: ProjectPageProps) {
  return (
    <ProjectGate
      {...props}
      page="models"
      title="Models"
      why="Models are kept in a project's catalog (the folders stay where they are)."
    >
      {(project) => <ModelsWorkspace key={project.path} />}
    </ProjectGate>
  );
}

function ModelsWorkspace() {
  const [added, setAdded] = useState<DiffusionModel | null>(null);
  return (
    <section className="page models-page" aria-labelledby="models-title" data-testid="page-models">
      <h1 id="models-title">Models</h1>
      <p className="muted">
        Bring a Stable Diffusion 1.5 folder exported as ONNX (Optimum, the diffusers ONNX export, OnnxStack or
        diffusers.js layouts) with a ControlNet-OpenPose model, inside it or as a separate file. Each folder
        is inspected before it is added: its graphs are read, not assumed, and a folder the generator could
        not run is refused with the file and input at fault. The files stay where they are.
      </p>
      <AddModelPanel onAdded={setAdded} />
      {added && (
        <p className="models-added" role="status" data-testid="models-added">
          Added {added.name}
          {added.isDefault ? ': it is the default model.' : '.'}
        </p>
      )}
      <ModelList onChanged={() => setAdded(null)} />
    </section>
  );
}
