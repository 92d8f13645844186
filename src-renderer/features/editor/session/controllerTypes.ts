/**
 * @file The editor controller's types: its state, the dependencies it is given (the studio call,
 * the address bar, the library's filter), drafts, dialogs and the open document.
 */
import type {
  MethodInput,
  MethodName,
  MethodOutput,
  Pose,
  PoseFilter,
  PoseSort,
} from '../../../../src-main/contract';
import type { PoseClipboard } from '../model/poseOps';
import type { EditSession, PoseSnapshot } from './editSession';
import type { EditorRoute } from './route';

export type StudioCall = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/** The address bar, abstracted so tests need no window. */
export type HashNavigator = { current(): string; push(hash: string): void; replace(hash: string): void };

/** The view's controls the page commands use (the canvas handle). */
export type ViewControls = { fitToView(): void; zoomBy(factor: number): void };

export type DraftOrigin = { kind: 'preset' | 'duplicate'; ref?: string };

export type Draft = PoseSnapshot & { origin: DraftOrigin; preset?: string };

export type EditorDialog = { kind: 'new' } | { kind: 'augment' } | { kind: 'unsaved'; proceed: () => void };

export type EditorDoc = {
  session: EditSession;
  /** The catalog's copy; null for a new pose until it is saved. */
  pose: Pose | null;
  origin: DraftOrigin | null;
};

export type ControllerState = Readonly<{
  route: EditorRoute | null;
  doc: EditorDoc | null;
  loading: boolean;
  busy: boolean;
  error: unknown;
  dialog: EditorDialog | null;
  /** A short line after a save or a duplicate. */
  notice: string | null;
}>;

export type ControllerDeps = {
  call: StudioCall;
  nav: HashNavigator;
  mac: boolean;
  /** The library's current filter and sort (previous/next walk it); null: every pose by id. */
  library?: () => { filter: PoseFilter; sort: PoseSort } | null;
  clipboard?: PoseClipboard;
};
