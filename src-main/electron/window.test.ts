/** Window locks: secure preferences, navigation and window.open decisions, session permissions. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const windows: FakeBrowserWindow[] = [];
  const openExternal = vi.fn(async () => undefined);
  const showMessageBoxSync = vi.fn((_window: unknown, _options: { buttons: string[] }) => 1);
  class FakeBrowserWindow {
    readonly options: { webPreferences?: Record<string, unknown> };
    readonly listeners = new Map<string, Listener>();
    readonly windowListeners = new Map<string, Listener>();
    openHandler: ((details: { url: string }) => unknown) | null = null;
    loaded: string | null = null;
    readonly webContents = {
      on: (name: string, listener: Listener) => this.listeners.set(name, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => (this.openHandler = handler),
    };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      this.options = options;
      windows.push(this);
    }
    once(name: string, listener: Listener) {
      this.windowListeners.set(name, listener);
    }
    show = vi.fn();
    async loadURL(url: string) {
      this.loaded = url;
    }
  }
  return { windows, openExternal, showMessageBoxSync, FakeBrowserWindow };
});

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeBrowserWindow,
  shell: { openExternal: fake.openExternal },
  dialog: { showMessageBoxSync: fake.showMessageBoxSync },
}));

const {
  UNLOAD_QUESTION,
  confirmUnload,
  createMainWindow,
  decideNavigation,
  lockSession,
  windowOpenResponse,
} = await import('./window');
const { isAppUrl, APP_START_URL } = await import('./mediaProtocol');

beforeEach(() => fake.openExternal.mockClear());

describe('navigation policy', () => {
  it('allows the app, sends http(s) out, denies the rest', () => {
    expect(decideNavigation('studio://app/index.html#poses', isAppUrl)).toBe('allow');
    expect(decideNavigation('https://example.com/', isAppUrl)).toBe('external');
    expect(decideNavigation('http://example.com/', isAppUrl)).toBe('external');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'studio://other/',
      'mailto:a@b',
      'nonsense',
    ]) {
      expect(decideNavigation(url, isAppUrl)).toBe('deny');
    }
  });

  it('opens app windows with the locked preferences and denies every other window.open', () => {
    const open = vi.fn();
    const app = windowOpenResponse('studio://app/index.html', '/pre.js', isAppUrl, open);
    expect(app).toMatchObject({
      action: 'allow',
      overrideBrowserWindowOptions: { webPreferences: { sandbox: true } },
    });
    expect(windowOpenResponse('https://example.com/', '/pre.js', isAppUrl, open)).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledWith('https://example.com/');
    expect(windowOpenResponse('file:///x', '/pre.js', isAppUrl, open)).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('leaves a held unload only on the Leave button; Stay is the default and the cancel answer', () => {
    const [leave, stay] = [
      UNLOAD_QUESTION.buttons!.indexOf('Leave'),
      UNLOAD_QUESTION.buttons!.indexOf('Stay'),
    ];
    expect(UNLOAD_QUESTION).toMatchObject({ defaultId: stay, cancelId: stay });
    expect(confirmUnload(() => leave)).toBe(true);
    expect(confirmUnload(() => stay)).toBe(false);
  });

  it('refuses every permission', () => {
    let request: Listener = () => undefined;
    let check: (...args: unknown[]) => boolean = () => true;
    lockSession({
      setPermissionRequestHandler: (handler) => (request = handler as Listener),
      setPermissionCheckHandler: (handler) => (check = handler as (...args: unknown[]) => boolean),
    });
    const callback = vi.fn();
    request({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check({}, 'notifications')).toBe(false);
  });
});

describe('createMainWindow', () => {
  const window = createMainWindow({
    preloadPath: '/out/preload/index.js',
    startUrl: APP_START_URL,
    isTrustedUrl: isAppUrl,
  });
  const fakeWindow = fake.windows.at(-1)!;

  it('creates a sandboxed, isolated window with the preload and loads the app', () => {
    expect(window).toBe(fakeWindow);
    expect(fakeWindow.options.webPreferences).toMatchObject({
      preload: '/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(fakeWindow.loaded).toBe(APP_START_URL);
  });

  it('guards navigation and redirects', () => {
    for (const name of ['will-navigate', 'will-redirect']) {
      const guard = fakeWindow.listeners.get(name)!;
      const inside = { url: 'studio://app/index.html', preventDefault: vi.fn() };
      guard(inside);
      expect(inside.preventDefault).not.toHaveBeenCalled();
      const outside = { url: 'https://example.com/', preventDefault: vi.fn() };
      guard(outside);
      expect(outside.preventDefault).toHaveBeenCalled();
    }
    expect(fake.openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('blocks webviews and routes window.open through the policy', () => {
    const attach = { preventDefault: vi.fn() };
    fakeWindow.listeners.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
    expect(fakeWindow.openHandler?.({ url: 'file:///x' })).toEqual({ action: 'deny' });
  });

  it('asks Leave / Stay when the page holds its unload, and lets it go only on Leave', () => {
    const held = fakeWindow.listeners.get('will-prevent-unload')!;
    const stay = { preventDefault: vi.fn() };
    fake.showMessageBoxSync.mockReturnValueOnce(1);
    held(stay);
    expect(fake.showMessageBoxSync).toHaveBeenLastCalledWith(fakeWindow, UNLOAD_QUESTION);
    expect(stay.preventDefault).not.toHaveBeenCalled();
    const leave = { preventDefault: vi.fn() };
    fake.showMessageBoxSync.mockReturnValueOnce(0);
    held(leave);
    expect(leave.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('shows the window once it is ready', () => {
    fakeWindow.windowListeners.get('ready-to-show')!();
    expect(fakeWindow.show).toHaveBeenCalled();
  });
});
