/**
 * @file Electron main entry: the app lifecycle and nothing else. One instance (a second launch
 * focuses the first), the privileged app scheme registered before ready, then on ready:
 * createStudio (IPC transport, native file and folder dialogs), the app protocol, the IPC binding and the
 * main window. Quitting waits for the windows (which may keep unsaved edits) and then for the
 * studio to close, so no write is cut in half.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import type { PickPurpose } from '../contract';
import { createStudio, type Studio } from '../core/studio';
import { bindIpc } from './ipc';
import { APP_START_URL, handleAppProtocol, isAppUrl, registerAppScheme } from './mediaProtocol';
import { createMainWindow, lockSession } from './window';

// Bundled layout: out/main/index.js beside out/preload/index.js and out/renderer/.
const PRELOAD_PATH = join(__dirname, '../preload/index.js');
const RENDERER_DIR = join(__dirname, '../renderer');

type Running = { studio: Studio; unbindIpc: () => void };

const DIALOGS: Record<PickPurpose, Electron.OpenDialogOptions> = {
  'open-project': {
    title: 'Open a project folder',
    buttonLabel: 'Open project',
    properties: ['openDirectory'],
  },
  'create-project': {
    title: 'Choose a folder for the new project',
    buttonLabel: 'Create project here',
    properties: ['openDirectory', 'createDirectory'],
  },
  'import-file': {
    title: 'Import a pose file',
    buttonLabel: 'Import',
    properties: ['openFile'],
    filters: [{ name: 'Pose files', extensions: ['json', 'zip'] }],
  },
  'import-folder': {
    title: 'Import a folder of pose files',
    buttonLabel: 'Import folder',
    properties: ['openDirectory'],
  },
  'model-folder': {
    title: 'Choose an SD 1.5 ONNX model folder',
    buttonLabel: 'Choose model',
    properties: ['openDirectory'],
  },
  'controlnet-file': {
    title: 'Choose a ControlNet-OpenPose ONNX file',
    buttonLabel: 'Choose ControlNet',
    properties: ['openFile'],
    filters: [{ name: 'ONNX models', extensions: ['onnx'] }],
  },
};

async function pickPath(purpose: PickPurpose): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow();
  const options = DIALOGS[purpose];
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function openWindow(): BrowserWindow {
  return createMainWindow({ preloadPath: PRELOAD_PATH, startUrl: APP_START_URL, isTrustedUrl: isAppUrl });
}

function focusWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return void openWindow();
  if (window.isMinimized()) window.restore();
  window.focus();
}

async function start(): Promise<Running> {
  lockSession(session.defaultSession);
  const studio = await createStudio({ transport: 'ipc', pickPath });
  handleAppProtocol(protocol, {
    rendererDir: RENDERER_DIR,
    resolveMedia: (path) => studio.resolveMedia(path),
  });
  const unbindIpc = bindIpc(studio, ipcMain, () =>
    BrowserWindow.getAllWindows().map((window) => window.webContents),
  );
  openWindow();
  return { studio, unbindIpc };
}

/**
 * Quit only after the studio closed: the first will-quit is held, the second goes through. Not
 * before-quit: the windows close after it, and a page that keeps its unload (unsaved edits, the
 * user picks Stay) cancels the quit there, which must find the studio still open.
 */
function closeBeforeQuit(running: Promise<Running | null>): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void running
      .then(async (current) => {
        current?.unbindIpc();
        await current?.studio.close();
      })
      .catch((error: unknown) => console.error('[pose-studio] closing the studio failed:', error))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}

export function main(): void {
  registerAppScheme(protocol);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', focusWindow);
  const running = app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'Pose Studio could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
      return null;
    });
  closeBeforeQuit(running);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void running.then((current) => current && openWindow());
  });
}

main();
