/**
 * @file The Poses page: sends the user to the project page when no project is open, else shows
 * the pose library (one per project, so switching projects starts fresh).
 */
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { PoseLibrary } from './PoseLibrary';

export function PosesPage(props: ProjectPageProps) {
  return (
    <ProjectGate {...props} page="poses" title="Poses" why="The pose library lives in a project folder.">
      {(project) => <PoseLibrary key={project.path} />}
    </ProjectGate>
  );
}
