/**
 * The window and everything around the page: the app:// protocol that serves the built renderer
 * with the CSP header, the session's network and permission lock-down, and the navigation /
 * window-open guards. The decisions themselves live in security.ts (pure, unit-tested); this
 * file only hands them to Electron.
 */
import { readFile } from 'node:fs/promises';
import { BrowserWindow, nativeTheme, protocol, screen, shell, type Session, type WebContents } from 'electron';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  isAllowedRequest,
  isPermissionAllowed,
  navigationDecision,
  photoRequest,
  resolveAppFile,
  responseHeaders,
} from './security';
import { APP_CSP } from '../shared/webSecurity';
import { DEFAULT_SIZE, MIN_SIZE, loadWindowState, restorableBounds, saveWindowState } from './windowState';

export {
  APP_ENTRY_URL,
  externalLinkTarget,
  isAppUrl,
  shouldAllowNavigation,
  webPreferences,
} from './security';

/**
 * Must run before the app is ready: app:// behaves like https (a standard, secure origin, so
 * Vite's module scripts load same-origin; supportFetchAPI as in Electron's own examples for
 * serving an app — page fetches are still refused by connect-src 'none'). corsEnabled stays off,
 * so no other origin could read it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false, codeCache: true },
    },
  ]);
}

/** Serves out/renderer at app://mutual/, read-only, with the CSP on every response. */
/** Where the protocol gets a photo's bytes: the journal worker's client (JournalClient.openPhoto). */
export type PhotoSource = (photoId: string, variant: 'original' | 'medium' | 'small') => Promise<{ type: string; size: number; pieces: AsyncIterable<Uint8Array> } | null>;

export function handleAppProtocol(rendererRoot: string, photos?: PhotoSource): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const headers = { 'Content-Security-Policy': APP_CSP };
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers });
    const photo = photoRequest(request.url);
    if (photo) {
      const found = photos ? await photos(photo.photoId, photo.variant) : null;
      if (!found) return new Response(null, { status: 404, headers });
      const iterator = found.pieces[Symbol.asyncIterator]();
      // Pulled piece by piece as Chromium reads: the whole photo is never held here.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const next = await iterator.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          } catch (error) {
            controller.error(error);
          }
        },
      });
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...headers, 'Content-Type': found.type, 'Content-Length': String(found.size), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
      });
    }
    const file = resolveAppFile(rendererRoot, request.url);
    if (!file) return new Response(null, { status: 404, headers });
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: responseHeaders(file) });
    } catch {
      return new Response(null, { status: 404, headers });
    }
  });
}

/** No network, no permissions (but writing to the clipboard), no spellchecker downloads. */
export function lockDownSession(ses: Session, options: { devTools: boolean }): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, { devTools: options.devTools });
    if (!allowed) console.warn(`[mutual] blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event) => event.preventDefault());
}

/**
 * Applied to every webContents the app ever creates: no navigation, no new windows, no
 * <webview>; a link the person clicks opens in their browser or mail program only when it
 * passes the https/mailto allowlist.
 */
export function guardWebContents(contents: WebContents): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    const decision = navigationDecision(url);
    if (!decision.allow) event.preventDefault();
    if (decision.openExternally) void shell.openExternal(decision.openExternally).catch(() => undefined);
  };
  contents.on('will-navigate', (event) => refuse(event, event.url));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = navigationDecision(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally).catch(() => undefined);
    return { action: 'deny' };
  });
}

export interface MainWindowOptions {
  preload: string;
  devTools: boolean;
  userDataDir: string;
  icon?: string;
}

/** The one window; its place and size are remembered between runs. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const saved = restorableBounds(loadWindowState(options.userDataDir), workAreas);
  const win = new BrowserWindow({
    ...(saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Mutual',
    // Matches the page's first paint so opening never flashes the other theme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1a1d' : '#faf8f5',
    autoHideMenuBar: false,
    ...(options.icon ? { icon: options.icon } : {}),
    // Spelled out rather than spread from security.ts, so that electronegativity (npm run lint)
    // reads the real values; tests/unit/shell/window.test.ts checks they are exactly
    // windowWebPreferences(preload, devTools).
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      enableWebSQL: false,
      disableBlinkFeatures: 'Auxclick',
      preload: options.preload,
      devTools: options.devTools,
    },
  });
  if (saved?.maximized) win.maximize();

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    saveWindowState(options.userDataDir, { ...b, maximized: win.isMaximized() });
  };
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    if (saveTimer) clearTimeout(saveTimer);
    save();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
