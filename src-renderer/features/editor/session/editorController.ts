/**
 * @file The editor page's controller, framework-free: which pose is open (from the address),
 * loading it, save (update or create), discard, new drafts, duplicate, previous/next in the
 * library's filter, and the unsaved-changes guard that every way of leaving goes through (an
 * address change is put back and asked about first). It also implements the page commands and
 * runs commands for the view, routing undo/redo through the session so a canvas resize is
 * undoable too. React subscribes to `getState()`; the pose's own changes live in the session.
 */
import type { Keypoint, Pose } from '../../../../src-main/contract';
import type { KeyInput } from '../model/commands';
import { memoryClipboard, type PoseClipboard } from '../model/poseOps';
import { EditSession, sameSnapshot, type PoseSnapshot } from './editSession';
import { registerPageCommands, type PageActions } from './pageCommands';
import { editorHash, parseEditorRoute, sameRoute, type EditorRoute } from './route';

export type {
  StudioCall,
  HashNavigator,
  ViewControls,
  DraftOrigin,
  Draft,
  EditorDialog,
  EditorDoc,
  ControllerState,
  ControllerDeps,
} from './controllerTypes';
import type { ViewControls, Draft, EditorDoc, ControllerState, ControllerDeps } from './controllerTypes';

const mutable = (keypoints: readonly Keypoint[]): Keypoint[] =>
  keypoints.map(([x, y, v]): Keypoint => [x, y, v]);

export class EditorController implements PageActions {
  private state: ControllerState = {
    ...{ route: null, doc: null, loading: false, busy: false },
    ...{ error: null, dialog: null, notice: null },
  };
  private readonly listeners = new Set<() => void>();
  private readonly clipboard: PoseClipboard;
  private view: ViewControls | null = null;
  /** A hash we navigate to ourselves (already guarded): let it through once. */
  private allowed: string | null = null;
  private loadToken = 0;

  constructor(private readonly deps: ControllerDeps) {
    this.clipboard = deps.clipboard ?? memoryClipboard();
  }

  getState = (): ControllerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get dirty(): boolean {
    return this.state.doc?.session.dirty ?? false;
  }

  setView(view: ViewControls | null): void {
    this.view = view;
  }

  dispose(): void {
    this.state.doc?.session.dispose();
    this.listeners.clear();
  }

  // ---- address and the guard -------------------------------------------------------------------

  /**
   * The address changed (or the page mounted): open what it names, or, when that would leave
   * unsaved changes, put the address back and ask. Safe to call more than once per change.
   */
  onHash(hash: string): void {
    const route = parseEditorRoute(hash);
    const here = this.state.route;
    if (sameRoute(route, here)) {
      if (this.allowed === hash) this.allowed = null;
      return;
    }
    if (here !== null && this.dirty && this.allowed !== hash) {
      this.deps.nav.replace(editorHash(here));
      this.ask(() => this.go(hash));
      return;
    }
    if (route === null) return; // leaving the page (`allowed` stays for the app's guard call)
    this.allowed = null;
    void this.open(route);
  }

  /** The app's hash guard: false when the address was put back to ask first. */
  guardHash(hash: string): boolean {
    this.onHash(hash);
    return this.deps.nav.current() === hash;
  }

  /** Run `proceed` now, or after the user saved or discarded the pose's changes. */
  requestLeave(proceed: () => void): void {
    if (this.dirty) this.ask(proceed);
    else proceed();
  }

  /** Go to another address (a link, the library), asking first when dirty. */
  navigate(hash: string): void {
    this.requestLeave(() => this.go(hash));
  }

  /** Answer the unsaved-changes question. */
  async resolveUnsaved(choice: 'save' | 'discard' | 'cancel'): Promise<void> {
    const dialog = this.state.dialog;
    if (dialog?.kind !== 'unsaved') return;
    this.patch({ dialog: null });
    if (choice === 'cancel') return;
    if (choice === 'save' && !(await this.save())) return;
    dialog.proceed();
  }

  /** Whether the address still names the editor (an answer after the user left must not bring them back). */
  private onEditorPage(): boolean {
    return parseEditorRoute(this.deps.nav.current()) !== null;
  }

  /** Go to a hash without asking again (the caller asked already, or nothing is unsaved). */
  private go(hash: string): void {
    if (this.deps.nav.current() === hash) return this.onHash(hash);
    this.allowed = hash;
    this.deps.nav.push(hash);
  }

  private ask(proceed: () => void): void {
    this.patch({ dialog: { kind: 'unsaved', proceed } });
  }

  private async open(route: EditorRoute): Promise<void> {
    const token = ++this.loadToken;
    if (route.kind === 'new') {
      if (this.state.doc?.pose === null) return this.patch({ route });
      return this.setDoc(null, { route, dialog: { kind: 'new' }, loading: false, error: null, notice: null });
    }
    if (this.state.doc?.pose?.id === route.id) return this.patch({ route });
    this.setDoc(null, { route, loading: true, error: null, notice: null });
    try {
      const pose = await this.deps.call('poses.get', { id: route.id });
      if (token === this.loadToken) this.setDoc(this.docOf(pose), { loading: false });
    } catch (error) {
      if (token === this.loadToken) this.patch({ loading: false, error });
    }
  }

  // ---- documents -------------------------------------------------------------------------------

  private docOf(pose: Pose): EditorDoc {
    const snapshot = { width: pose.width, height: pose.height, keypoints: pose.keypoints };
    return { session: this.session(snapshot, snapshot), pose, origin: null };
  }

  private session(pose: PoseSnapshot, saved: PoseSnapshot | null, preset?: string): EditSession {
    return new EditSession(pose, saved, {
      mac: this.deps.mac,
      clipboard: this.clipboard,
      preset,
      setup: (editor) => registerPageCommands(editor, this),
    });
  }

  private setDoc(doc: EditorDoc | null, patch: Partial<ControllerState> = {}): void {
    const old = this.state.doc;
    if (old !== null && old.session !== doc?.session) old.session.dispose();
    this.patch({ ...patch, doc });
  }

  /** Start an unsaved pose (from a preset or a copy of another), after the guard. */
  startDraft(draft: Draft): void {
    this.requestLeave(() => {
      const session = this.session(draft, null, draft.preset);
      const route: EditorRoute = { kind: 'new' };
      this.setDoc(
        { session, pose: null, origin: draft.origin },
        { route, dialog: null, error: null, notice: null },
      );
      this.go(editorHash(route));
    });
  }

  canSave(): boolean {
    return this.state.doc !== null && this.dirty && !this.state.busy;
  }

  /** Update the pose, or create it when new; true when the catalog holds what is shown. */
  async save(): Promise<boolean> {
    const doc = this.state.doc;
    if (doc === null || this.state.busy) return false;
    const snap = doc.session.snapshot();
    const body = { width: snap.width, height: snap.height, keypoints: mutable(snap.keypoints) };
    this.patch({ busy: true, error: null, notice: null });
    try {
      const pose =
        doc.pose === null
          ? await this.deps.call('poses.create', { ...body, origin: doc.origin ?? { kind: 'drawn' } })
          : await this.deps.call('poses.update', { id: doc.pose.id, ...body });
      doc.session.markSaved(snap);
      // Left while saving (Discard in the unsaved-changes question): the page shows another pose now.
      if (this.state.doc?.session !== doc.session) {
        this.patch({ busy: false });
        return true;
      }
      const route: EditorRoute = { kind: 'pose', id: pose.id };
      const created = doc.pose === null;
      this.patch({ doc: { ...doc, pose, origin: null }, busy: false, notice: `Saved pose #${pose.id}` });
      if (created) {
        this.patch({ route });
        // The address moves to the new pose unless the user left the page while it was saving.
        if (parseEditorRoute(this.deps.nav.current())?.kind === 'new') this.go(editorHash(route));
      }
      return true;
    } catch (error) {
      this.patch({ busy: false, error });
      return false;
    }
  }

  canDiscard(): boolean {
    return this.state.doc !== null && this.dirty && !this.state.busy;
  }

  /** Back to the catalog's version (fetched again); a new pose is dropped. */
  discard(): void {
    void this.reload();
  }

  private async reload(): Promise<void> {
    const doc = this.state.doc;
    if (doc === null) return;
    if (doc.pose === null) return this.setDoc(null, { dialog: { kind: 'new' } });
    const fresh = await this.deps.call('poses.get', { id: doc.pose.id }).catch(() => doc.pose!);
    if (this.state.doc === doc) this.setDoc(this.docOf(fresh), { notice: null });
  }

  newPose(): void {
    this.patch({ dialog: { kind: 'new' } });
  }

  closeDialog(): void {
    this.patch({ dialog: null });
  }

  canDuplicate(): boolean {
    return this.state.doc?.pose != null && !this.state.busy;
  }

  /**
   * Copy the pose as shown (unsaved edits included) into a new catalog pose and open it; the
   * original keeps its saved version, so nothing is lost and nothing needs asking. Edits made while
   * the copy is written are in neither, so then the page stays on the original and only says so.
   */
  duplicate(): void {
    void this.runDuplicate();
  }

  private async runDuplicate(): Promise<void> {
    const doc = this.state.doc;
    if (doc?.pose == null) return;
    const snap = doc.session.snapshot();
    this.patch({ busy: true, error: null });
    try {
      const pose = await this.deps.call('poses.create', {
        ...{ width: snap.width, height: snap.height, keypoints: mutable(snap.keypoints) },
        ...{ tags: doc.pose.tags, origin: { kind: 'duplicate', ref: String(doc.pose.id) } },
      });
      const notice = `Duplicated #${doc.pose.id} as #${pose.id}`;
      const session = this.state.doc?.session;
      // Another pose opened meanwhile, or the user left the page: no pose to replace.
      if (session !== doc.session || !this.onEditorPage()) return this.patch({ busy: false });
      // Edited while the copy was made: opening the copy would drop those edits, so stay.
      if (!sameSnapshot(session.snapshot(), snap)) return this.patch({ busy: false, notice });
      this.setDoc(this.docOf(pose), { route: { kind: 'pose', id: pose.id }, busy: false, notice });
      this.go(editorHash({ kind: 'pose', id: pose.id }));
    } catch (error) {
      this.patch({ busy: false, error });
    }
  }

  canStep(): boolean {
    return this.state.doc?.pose != null;
  }

  step(direction: -1 | 1): void {
    void this.runStep(direction);
  }

  /**
   * One call finds both neighbours in the catalog (keyset on the sort, as poses.list orders); a
   * pose edited out of the filter steps from where its key would sit in it.
   */
  private async runStep(direction: -1 | 1): Promise<void> {
    const id = this.state.doc?.pose?.id;
    if (id === undefined) return;
    const { filter, sort } = this.deps.library?.() ?? { filter: {}, sort: { by: 'id', dir: 'asc' } };
    try {
      const found = await this.deps.call('poses.neighbors', { id, filter, sort });
      if (this.state.doc?.pose?.id !== id || !this.onEditorPage()) return; // moved on meanwhile
      const target = direction < 0 ? found.prev : found.next;
      if (target === null) {
        this.patch({ notice: direction < 0 ? 'This is the first pose.' : 'This is the last pose.' });
        return;
      }
      this.requestLeave(() => this.go(editorHash({ kind: 'pose', id: target })));
    } catch (error) {
      this.patch({ error });
    }
  }

  canAugment(): boolean {
    return this.state.doc?.pose != null;
  }

  augment(): void {
    this.patch({ dialog: { kind: 'augment' } });
  }

  fitToView(): void {
    this.view?.fitToView();
  }

  zoomBy(factor: number): void {
    this.view?.zoomBy(factor);
  }

  dismissError(): void {
    this.patch({ error: null });
  }

  // ---- commands for the view ---------------------------------------------------------------------

  /** Whether a command can run now (undo/redo count a canvas resize). */
  isEnabled(id: string): boolean {
    const session = this.state.doc?.session;
    if (session === undefined) return false;
    if (id === 'edit.undo') return session.canUndo;
    if (id === 'edit.redo') return session.canRedo;
    return session.editor.commands.isEnabled(id, session.editor);
  }

  runCommand(id: string): boolean {
    const session = this.state.doc?.session;
    if (session === undefined) return false;
    if (id === 'edit.undo') return session.undo();
    if (id === 'edit.redo') return session.redo();
    return session.editor.commands.run(id, session.editor);
  }

  /** A key on the page: true when a command took it (the view then prevents the default). */
  keyDown(input: KeyInput): boolean {
    const session = this.state.doc?.session;
    if (session === undefined) return false;
    const editor = session.editor;
    const command = editor.dragging ? null : editor.commands.forKey(input, this.deps.mac);
    if (command?.id === 'edit.undo' || command?.id === 'edit.redo') {
      this.runCommand(command.id);
      return true;
    }
    return editor.keyDown(input);
  }

  private patch(patch: Partial<ControllerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
