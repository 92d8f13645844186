/**
 * @file The main window and its locks: context isolation, sandbox, no Node in the page, web
 * security on; navigation and window.open limited to the app's own origin, with external
 * http(s) links handed to the system browser; webviews and permission prompts refused; a page
 * that holds its unload (unsaved edits) asks Leave / Stay in a native box. The decisions are pure
 * functions so they are tested under Node; the CSP comes with every page from the app protocol
 * (mediaProtocol.ts).
 */
import {
  BrowserWindow,
  dialog,
  shell,
  type MessageBoxSyncOptions,
  type Session,
  type WebPreferences,
  type WindowOpenHandlerResponse,
} from 'electron';

export type NavigationDecision = 'allow' | 'external' | 'deny';

/** App pages may navigate within the app; http(s) goes to the browser; anything else nowhere. */
export function decideNavigation(url: string, isTrustedUrl: (url: string) => boolean): NavigationDecision {
  if (isTrustedUrl(url)) return 'allow';
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? 'external' : 'deny';
  } catch {
    return 'deny';
  }
}

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** window.open: another app window with the same locked preferences, external links out, the rest denied. */
export function windowOpenResponse(
  url: string,
  preloadPath: string,
  isTrustedUrl: (url: string) => boolean,
  openExternal: (url: string) => void,
): WindowOpenHandlerResponse {
  const decision = decideNavigation(url, isTrustedUrl);
  if (decision === 'allow') {
    return {
      action: 'allow',
      overrideBrowserWindowOptions: { webPreferences: secureWebPreferences(preloadPath) },
    };
  }
  if (decision === 'external') openExternal(url);
  return { action: 'deny' };
}

/** The app asks for no browser permission (camera, notifications, …): refuse them all. */
export function lockSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
) {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Asked when a page's `beforeunload` holds an unload (the editor with unsaved changes). */
export const UNLOAD_QUESTION: MessageBoxSyncOptions = {
  type: 'question',
  buttons: ['Leave', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  noLink: true,
  title: 'Unsaved changes',
  message: 'Leave without saving?',
  detail: 'Changes you made are not saved. Leaving discards them.',
};

/** Whether a held unload goes ahead: true when the user picks Leave (Esc and closing the box stay). */
export function confirmUnload(ask: (question: MessageBoxSyncOptions) => number): boolean {
  return ask(UNLOAD_QUESTION) === 0;
}

export type MainWindowOptions = {
  preloadPath: string;
  startUrl: string;
  isTrustedUrl: (url: string) => boolean;
};

function openExternal(url: string): void {
  // Failing to open a browser must not take the app down.
  shell.openExternal(url).catch((error: unknown) => console.error('[pose-studio] cannot open', url, error));
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Pose Studio',
    backgroundColor: '#16181d',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  const contents = window.webContents;
  const guard = (event: { url: string; preventDefault(): void }) => {
    const decision = decideNavigation(event.url, options.isTrustedUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') openExternal(event.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Electron shows no prompt for a page that holds its unload: the close or reload just stops.
  // Ask natively instead; preventing the event lets the unload go ahead.
  contents.on('will-prevent-unload', (event) => {
    if (confirmUnload((question) => dialog.showMessageBoxSync(window, question))) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) =>
    windowOpenResponse(url, options.preloadPath, options.isTrustedUrl, openExternal),
  );
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
}
