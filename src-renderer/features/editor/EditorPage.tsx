/**
 * @file The pose editor page (#/editor for a new pose, #/editor/<id> for an existing one): menu
 * bar and toolbar on top (both generated from the command registry), the Konva canvas in the
 * middle, the side panel on the right, and the dialogs (new pose, augment, unsaved changes, the
 * `?` overlay). Keys pressed anywhere on the page, except in a field or under an open dialog, go
 * to the controller, which runs the registered command and lets the page prevent the browser's
 * default. A right-click on the canvas (or Shift+F10) opens the context menu, whose entries run the
 * same commands.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ProjectGate, type ProjectPageProps } from '../../ui/ProjectGate';
import { EditorCanvas, type EditorCanvasHandle } from './canvas/EditorCanvas';
import { useCommandViews } from './chrome/commandView';
import { ContextMenu, useContextMenu } from './chrome/ContextMenu';
import { HelpOverlay } from './chrome/HelpOverlay';
import { MenuBar } from './chrome/MenuBar';
import { Toolbar } from './chrome/Toolbar';
import { AugmentDialog } from './dialogs/AugmentDialog';
import { NewPoseDialog } from './dialogs/NewPoseDialog';
import { UnsavedDialog } from './dialogs/UnsavedDialog';
import type { Reference } from './panels/ReferencePanel';
import { SidePanel } from './panels/SidePanel';
import type { ControllerState, EditorController } from './session/editorController';
import { useEditorController, useSessionValue } from './session/useEditorController';
import './editor.css';

export function EditorPage(props: ProjectPageProps) {
  return (
    <ProjectGate {...props} page="editor" title="Pose editor" why="Poses are edited in a project's catalog.">
      {(project) => <EditorWorkspace key={project.path} />}
    </ProjectGate>
  );
}

/** Fields keep their keys (typing "2" in a coordinate must not mark a joint visible). */
function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function poseTitle(state: ControllerState): string {
  const pose = state.doc?.pose;
  if (pose != null) return `Pose #${pose.id}`;
  return state.doc === null ? 'Pose editor' : 'New pose';
}

function EditorWorkspace() {
  const { controller, state } = useEditorController();
  const canvas = useRef<EditorCanvasHandle>(null);
  const root = useRef<HTMLElement>(null);
  const [reference, setReference] = useState<Reference | null>(null);
  const session = state.doc?.session ?? null;
  const editor = useSessionValue(session, (s) => s.editor, null);
  const dirty = useSessionValue(session, (s) => s.dirty, false);
  const helpOpen = useSessionValue(session, (s) => s.editor.state.helpOpen, false);
  const commands = useCommandViews(controller, session);
  const menu = useContextMenu(editor, root, canvas);

  useEffect(() => {
    controller.setView({
      fitToView: () => canvas.current?.fitToView(),
      zoomBy: (factor) => canvas.current?.zoomBy(factor),
    });
    return () => controller.setView(null);
  }, [controller]);
  // Keys go to the page: focus it when a pose opens, and take focus back when a dialog closes
  // that was opened from outside (the sidebar click that asked about unsaved changes).
  const dialogOpen = state.dialog !== null;
  useEffect(() => {
    const page = root.current;
    if (!dialogOpen && page !== null && !page.contains(document.activeElement)) page.focus();
  }, [session, dialogOpen]);
  // An object URL holds the file in memory until it is revoked.
  const url = reference?.url;
  useEffect(() => () => void (url?.startsWith('blob:') && URL.revokeObjectURL(url)), [url]);

  const onKeyDown = (event: KeyboardEvent) => {
    // A modal's keys stay in it; focus that left it (Tab, a click) must not edit the pose beneath.
    if (isTypingTarget(event.target) || dialogOpen || helpOpen) return;
    const { key, ctrlKey: ctrl, metaKey: meta, shiftKey: shift, altKey: alt } = event;
    if (menu.openFromKey({ key, shift }) || controller.keyDown({ key, ctrl, meta, shift, alt }))
      event.preventDefault();
  };
  const title = poseTitle(state);
  return (
    <section
      ref={root}
      className="page editor-page"
      tabIndex={-1}
      aria-labelledby="editor-title"
      onKeyDown={onKeyDown}
      data-testid="editor-page"
    >
      <header className="editor-header">
        <h1 id="editor-title" data-testid="editor-title">
          {title}
        </h1>
        {session !== null && (
          <span className="editor-dirty" data-testid="editor-dirty" data-dirty={dirty} aria-live="polite">
            {dirty ? 'Unsaved changes' : 'Saved'}
          </span>
        )}
        <MenuBar commands={commands} onRun={(id) => controller.runCommand(id)} />
        <span className="topbar__spacer" />
        {state.notice !== null && (
          <span className="small muted" role="status" data-testid="editor-notice">
            {state.notice}
          </span>
        )}
      </header>
      {commands.length > 0 && <Toolbar commands={commands} onRun={(id) => controller.runCommand(id)} />}
      <ErrorNotice error={state.error} onDismiss={() => controller.dismissError()} />
      <div className={session === null ? 'editor-body editor-body--empty' : 'editor-body'}>
        <div className="editor-stage">
          {editor !== null ? (
            <EditorCanvas
              ref={canvas}
              editor={editor}
              reference={reference}
              className="editor-stage__canvas"
              onJointContextMenu={menu.open}
            />
          ) : (
            <EmptyStage loading={state.loading} onNew={() => controller.newPose()} />
          )}
        </div>
        {session !== null && editor !== null && (
          <SidePanel
            session={session}
            editor={editor}
            pose={state.doc?.pose ?? null}
            reference={reference}
            onReference={setReference}
          />
        )}
      </div>
      <Dialogs controller={controller} state={state} title={title} dirty={dirty} />
      {menu.target !== null && (
        <ContextMenu
          target={menu.target}
          commands={commands}
          onRun={(id) => controller.runCommand(id)}
          onClose={menu.close}
        />
      )}
      {helpOpen && editor !== null && (
        <HelpOverlay commands={commands} onClose={() => editor.store.patch({ helpOpen: false })} />
      )}
    </section>
  );
}

function EmptyStage({ loading, onNew }: { loading: boolean; onNew: () => void }) {
  if (loading) return <p className="muted editor-stage__empty">Loading the pose…</p>;
  return (
    <div className="empty-state editor-stage__empty" data-testid="editor-empty">
      <p>No pose is open. Start a new one, or open a pose from the library with Edit.</p>
      <button type="button" className="button button--primary" onClick={onNew} data-testid="editor-new-open">
        New pose…
      </button>
    </div>
  );
}

function Dialogs({
  controller,
  state,
  title,
  dirty,
}: {
  controller: EditorController;
  state: ControllerState;
  title: string;
  dirty: boolean;
}) {
  const dialog = state.dialog;
  const pose = state.doc?.pose ?? null;
  if (dialog?.kind === 'unsaved')
    return (
      <UnsavedDialog
        title={title}
        busy={state.busy}
        onChoose={(choice) => void controller.resolveUnsaved(choice)}
      />
    );
  if (dialog?.kind === 'new')
    return (
      <NewPoseDialog
        onCreate={(draft) => controller.startDraft(draft)}
        onClose={() => controller.closeDialog()}
      />
    );
  if (dialog?.kind === 'augment' && pose !== null)
    return (
      <AugmentDialog
        poseId={pose.id}
        dirty={dirty}
        onShowTag={() => controller.navigate('#/poses')}
        onClose={() => controller.closeDialog()}
      />
    );
  return null;
}
