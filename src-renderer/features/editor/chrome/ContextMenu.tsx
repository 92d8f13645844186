/**
 * @file The editor's right-click menu. A right-click on a joint selects it (unless it is already
 * part of the selection, so a group keeps its selection) and offers the registered commands that
 * act on joints: visibility (COCO v = 2, 1, 0) with its shortcuts, flip limb, mirror pose; on
 * empty canvas it offers pose-level commands. Every entry runs its command through the registry
 * (the page's `onRun`), so it is exactly one undo step, shows the same label and shortcut as the
 * menu bar, and is disabled when the command cannot run.
 *
 * Accessibility follows the WAI-ARIA menu pattern: `role="menu"` labelled by the joint's name,
 * focus on the first entry when it opens, arrows / Home / End move, Enter or Space chooses,
 * Escape or Tab closes (focus goes back to the page), a pointer down outside closes. Keys pressed
 * in the menu stop here, so the page's shortcuts (and its Escape) do not run underneath. Shift+F10
 * or the context-menu key opens it for the selected joint (`isContextMenuKey`, `menuPointOf`).
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { EditorCanvasHandle } from '../canvas/EditorCanvas';
import { commonVisibility } from '../canvas/jointEdits';
import { jointLabel } from '../canvas/skeletonStyle';
import type { KeyInput } from '../model/commands';
import type { PoseEditor } from '../model/poseEditor';
import { toScreen, type Viewport } from '../model/viewport';
import type { CommandView } from './commandView';

/** Entries offered on a joint, in order; null draws a separator. */
export const JOINT_MENU: readonly (string | null)[] = [
  'joint.visible',
  'joint.occluded',
  'joint.unlabel',
  null,
  'limb.flip',
  'pose.mirror',
];

/** Entries offered on empty canvas. */
export const POSE_MENU: readonly (string | null)[] = [
  'pose.mirror',
  'pose.reset',
  null,
  'select.all',
  'view.fit',
];

const VISIBILITY_COMMAND = ['joint.unlabel', 'joint.occluded', 'joint.visible'] as const;

export type ScreenPoint = { x: number; y: number };

export type ContextMenuTarget = ScreenPoint & {
  /** The menu's name: the joint's ("Left wrist") or "Pose". */
  title: string;
  /** A second line, e.g. how many joints the commands will act on. */
  detail: string | null;
  items: readonly (string | null)[];
  /** The entry that is the current state (the selection's common visibility), shown checked. */
  checked: string | null;
};

/**
 * The menu for a right-click on `joint` (null: empty canvas) at client point `at`. Selects the
 * joint first unless it is already selected, so the commands act on what the user pointed at.
 */
export function contextMenuFor(editor: PoseEditor, joint: number | null, at: ScreenPoint): ContextMenuTarget {
  if (joint === null) return { ...at, title: 'Pose', detail: null, items: POSE_MENU, checked: null };
  if (!editor.state.selection.includes(joint)) editor.store.patch({ selection: [joint] });
  const { keypoints, selection } = editor.state;
  const common = commonVisibility(keypoints, selection);
  return {
    ...at,
    title: jointLabel(joint),
    detail: selection.length > 1 ? `${selection.length} joints selected` : null,
    items: JOINT_MENU,
    checked: common === null || common === 'mixed' ? null : VISIBILITY_COMMAND[common],
  };
}

/** Shift+F10 or the keyboard's context-menu key. */
export function isContextMenuKey(input: KeyInput): boolean {
  return input.key === 'ContextMenu' || (input.key === 'F10' && Boolean(input.shift));
}

/**
 * Where a keyboard-opened menu appears: on the first selected joint (client pixels, from the
 * canvas box and viewport), else the canvas centre. Returns the joint too (null: pose menu).
 */
export function menuPointOf(
  editor: PoseEditor,
  box: { left: number; top: number; width: number; height: number },
  viewport: Viewport,
): { joint: number | null; at: ScreenPoint } {
  const joint = editor.state.selection[0] ?? null;
  const point = joint === null ? undefined : editor.state.keypoints[joint];
  if (joint === null || point === undefined || point[2] === 0)
    return { joint: null, at: { x: box.left + box.width / 2, y: box.top + box.height / 2 } };
  const screen = toScreen(viewport, { x: point[0], y: point[1] });
  return { joint, at: { x: box.left + screen.x, y: box.top + screen.y } };
}

export type ContextMenuState = {
  /** The open menu, or null. */
  target: ContextMenuTarget | null;
  /** Open for a right-click: the canvas's `onJointContextMenu`. */
  open: (joint: number | null, at: ScreenPoint) => void;
  close: (refocus: boolean) => void;
  /** A key on the page: opens the menu and returns true for Shift+F10 / the context-menu key. */
  openFromKey: (input: KeyInput) => boolean;
};

/**
 * The page's context-menu state. The menu belongs to the editor it was opened on, so another
 * pose opening hides it; closing from the keyboard gives focus back to `page` (keys keep working).
 */
export function useContextMenu(
  editor: PoseEditor | null,
  page: RefObject<HTMLElement | null>,
  canvas: RefObject<EditorCanvasHandle | null>,
): ContextMenuState {
  const [menu, setMenu] = useState<{ editor: PoseEditor; target: ContextMenuTarget } | null>(null);
  const open = (joint: number | null, at: ScreenPoint) => {
    if (editor !== null) setMenu({ editor, target: contextMenuFor(editor, joint, at) });
  };
  const close = (refocus: boolean) => {
    setMenu(null);
    if (refocus) page.current?.focus();
  };
  const openFromKey = (input: KeyInput): boolean => {
    const host = page.current?.querySelector('[data-testid="editor-canvas"]');
    if (!isContextMenuKey(input) || editor === null || editor.dragging || !host || !canvas.current)
      return false;
    const { joint, at } = menuPointOf(editor, host.getBoundingClientRect(), canvas.current.getViewport());
    open(joint, at);
    return true;
  };
  return { target: menu !== null && menu.editor === editor ? menu.target : null, open, close, openFromKey };
}

/** Keep the box inside the window: open up and/or to the left when it would overflow. */
function fitInWindow(at: ScreenPoint, width: number, height: number): ScreenPoint {
  const margin = 4;
  const x = at.x + width + margin > window.innerWidth ? Math.max(margin, at.x - width) : at.x;
  const y = at.y + height + margin > window.innerHeight ? Math.max(margin, at.y - height) : at.y;
  return { x, y };
}

const ENTRY = '[role^="menuitem"]:not(:disabled)';

/** Arrow-key movement among the enabled entries, wrapping; null for other keys. */
function nextIndex(key: string, current: number, count: number): number | null {
  if (key === 'ArrowDown') return (current + 1) % count;
  if (key === 'ArrowUp') return current <= 0 ? count - 1 : current - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

export function ContextMenu({
  target,
  commands,
  onRun,
  onClose,
}: {
  target: ContextMenuTarget;
  commands: readonly CommandView[];
  onRun: (id: string) => void;
  /** `refocus`: closed from the keyboard or by a choice, so the page should take focus back. */
  onClose: (refocus: boolean) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const [at, setAt] = useState<ScreenPoint>({ x: target.x, y: target.y });
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useLayoutEffect(() => {
    const rect = box.current!.getBoundingClientRect();
    setAt(fitInWindow({ x: target.x, y: target.y }, rect.width, rect.height));
  }, [target.x, target.y]);

  useEffect(() => {
    box.current?.querySelector<HTMLElement>(ENTRY)?.focus();
    const outside = (event: Event) => {
      if (!box.current?.contains(event.target as Node | null)) onCloseRef.current(false);
    };
    const dismiss = () => onCloseRef.current(false);
    // Capture: the canvas's own pointer handling must not hide the press from us.
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('wheel', dismiss, { capture: true, passive: true });
    window.addEventListener('resize', dismiss);
    window.addEventListener('blur', dismiss);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('wheel', dismiss, { capture: true });
      window.removeEventListener('resize', dismiss);
      window.removeEventListener('blur', dismiss);
    };
  }, []);

  const byId = new Map(commands.map((view) => [view.id, view]));
  const items = target.items.filter((id) => id === null || byId.has(id));
  const choose = (id: string) => {
    onClose(true);
    onRun(id);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    event.stopPropagation();
    const entries = [...(box.current?.querySelectorAll<HTMLButtonElement>(ENTRY) ?? [])];
    const current = entries.findIndex((entry) => entry === document.activeElement);
    const next = entries.length === 0 ? null : nextIndex(event.key, current, entries.length);
    if (next !== null) {
      event.preventDefault();
      entries[next]!.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault(); // run once, not again as the button's own click
      const id = entries[current]?.dataset.command;
      if (id !== undefined) choose(id);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose(true);
    }
  };

  return (
    <div
      ref={box}
      className="editor-context"
      role="menu"
      aria-labelledby={titleId}
      data-testid="editor-context-menu"
      style={{ left: at.x, top: at.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      <div className="editor-context__title" id={titleId} role="none" data-testid="editor-context-title">
        {target.title}
      </div>
      {target.detail !== null && (
        <div className="editor-context__detail muted small" role="none">
          {target.detail}
        </div>
      )}
      {items.map((id, index) =>
        id === null ? (
          <div key={`separator-${index}`} className="editor-context__separator" role="separator" />
        ) : (
          <MenuEntry key={id} view={byId.get(id)!} checked={target.checked} onChoose={choose} />
        ),
      )}
    </div>
  );
}

function MenuEntry({
  view,
  checked,
  onChoose,
}: {
  view: CommandView;
  checked: string | null;
  onChoose: (id: string) => void;
}) {
  const radio = VISIBILITY_COMMAND.some((id) => id === view.id);
  return (
    <button
      type="button"
      role={radio ? 'menuitemradio' : 'menuitem'}
      aria-checked={radio ? checked === view.id : undefined}
      tabIndex={-1}
      className="editor-menu__item"
      disabled={!view.enabled}
      data-command={view.id}
      onClick={() => onChoose(view.id)}
    >
      <span>{view.label}</span>
      {view.keys[0] !== undefined && <kbd>{view.keys[0]}</kbd>}
    </button>
  );
}
