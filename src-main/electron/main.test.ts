/**
 * The Electron lifecycle under Node, with electron and the studio replaced by doubles: scheme
 * registration before ready, the single-instance lock, the wiring on ready, the native folder
 * picker, and a quit that waits for the studio to close.
 */
import type { PickPurpose } from '../contract';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Listener>();
  const studio = {
    close: vi.fn(async () => undefined),
    resolveMedia: vi.fn(() => null),
    dispatch: vi.fn(),
    hub: { subscribe: vi.fn(() => () => undefined) },
  };
  const state = {
    lock: true,
    windows: [] as {
      webContents: object;
      focus: () => void;
      isMinimized: () => boolean;
      restore: () => void;
    }[],
  };
  class FakeBrowserWindow {
    readonly webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => true;
    once = vi.fn();
    loadURL = vi.fn(async () => undefined);
    constructor() {
      state.windows.push(this);
    }
    static getAllWindows = () => state.windows;
    static getFocusedWindow = () => null;
  }
  return {
    appListeners,
    studio,
    state,
    createStudio: vi.fn(
      async (_options: { transport: string; pickPath?: (purpose: PickPurpose) => Promise<string | null> }) =>
        studio,
    ),
    electron: {
      app: {
        on: vi.fn((name: string, listener: Listener) => appListeners.set(name, listener)),
        whenReady: vi.fn(async () => undefined),
        requestSingleInstanceLock: vi.fn(() => state.lock),
        quit: vi.fn(),
        exit: vi.fn(),
      },
      BrowserWindow: FakeBrowserWindow,
      dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
      ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: {
        defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
      },
      shell: { openExternal: vi.fn() },
    },
  };
});

vi.mock('electron', () => fake.electron);
vi.mock('../core/studio', () => ({ createStudio: fake.createStudio }));

const settle = () => new Promise((resolveTick) => setTimeout(resolveTick, 0));

describe('main (lock granted)', async () => {
  await import('./main');
  await settle();
  const { app, protocol, ipcMain, dialog } = fake.electron;

  it('registers the privileged app scheme and takes the single-instance lock', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'studio',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('on ready: creates the studio over ipc, the protocol, the two-channel binding and a window', () => {
    expect(fake.createStudio).toHaveBeenCalledWith(expect.objectContaining({ transport: 'ipc' }));
    expect(protocol.handle).toHaveBeenCalledWith('studio', expect.any(Function));
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle).toHaveBeenCalledWith('studio:rpc', expect.any(Function));
    expect(fake.state.windows).toHaveLength(1);
  });

  it('picks folders and files with the native dialog', async () => {
    const pickPath = fake.createStudio.mock.calls[0]![0].pickPath!;
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/project'] });
    expect(await pickPath('open-project')).toBe('/data/project');
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      expect.objectContaining({ properties: ['openDirectory'] }),
    );
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/coco.json'] });
    expect(await pickPath('import-file')).toBe('/data/coco.json');
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(
      expect.objectContaining({ properties: ['openFile'] }),
    );
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await pickPath('create-project')).toBeNull();
  });

  it('focuses the existing window on a second launch', () => {
    fake.appListeners.get('second-instance')!();
    expect(fake.state.windows[0]!.restore).toHaveBeenCalled();
    expect(fake.state.windows[0]!.focus).toHaveBeenCalled();
  });

  describe('quitting', () => {
    beforeEach(() => app.quit.mockClear());

    it('holds the quit until the studio is closed, then quits for real', async () => {
      // Held after the windows closed: a window that keeps its unsaved edits cancels the quit earlier.
      expect(fake.appListeners.has('before-quit')).toBe(false);
      const event = { preventDefault: vi.fn() };
      fake.appListeners.get('will-quit')!(event);
      expect(event.preventDefault).toHaveBeenCalled();
      await settle();
      expect(fake.studio.close).toHaveBeenCalledTimes(1);
      expect(ipcMain.removeHandler).toHaveBeenCalledWith('studio:rpc');
      expect(app.quit).toHaveBeenCalledTimes(1);
      const again = { preventDefault: vi.fn() };
      fake.appListeners.get('will-quit')!(again);
      expect(again.preventDefault).not.toHaveBeenCalled();
    });
  });
});

describe('main (lock taken by another instance)', () => {
  it('quits at once without creating a studio', async () => {
    vi.resetModules();
    fake.createStudio.mockClear();
    fake.electron.app.quit.mockClear();
    fake.state.lock = false;
    await import('./main');
    await settle();
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.createStudio).not.toHaveBeenCalled();
  });
});
