/**
 * The shell's security policy as plain data and pure functions (ARCHITECTURE.md, "Layers").
 * Nothing here imports 'electron', so every rule can be table-tested in plain Node;
 * window.ts, ipc.ts and index.ts only wire these decisions into Electron's hooks.
 */
import path from 'node:path';
import { APP_CSP, contentTypeFor } from '../shared/webSecurity';

/** The renderer is served from app://mutual/ — a privileged, standard, secure custom scheme. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mutual';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Every BrowserWindow gets exactly these settings (plus the preload path and the devtools switch,
 * which depend on where and how the app runs; see windowWebPreferences).
 * Spellcheck is off because Chromium's spellchecker downloads dictionaries from Google on
 * Linux and Windows, and the journal promises no network at all.
 */
export const webPreferences = Object.freeze({
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
  // A middle click would otherwise ask for a new window (refused anyway by setWindowOpenHandler).
  disableBlinkFeatures: 'Auxclick',
} as const);

export type ShellWebPreferences = typeof webPreferences & { readonly preload: string; readonly devTools: boolean };

/** The constant plus what varies per launch; the security keys always come from the constant. */
export function windowWebPreferences(preload: string, devTools: boolean): ShellWebPreferences {
  return Object.freeze({ preload, devTools, ...webPreferences });
}

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://mutual/… with no credentials or port (so app://x@mutual or app://mutual.evil fail). */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  if (!u) return false;
  return (
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname.toLowerCase() === APP_HOST &&
    u.username === '' &&
    u.password === '' &&
    u.port === ''
  );
}

/**
 * `will-navigate` and `will-frame-navigate`: the app is one page and never navigates away, not
 * even to itself (a reload is not a navigation and in-page history changes do not ask).
 */
export function shouldAllowNavigation(_url: unknown): false {
  return false;
}

const MAILTO_PARAMS = new Set(['subject', 'body', 'cc', 'bcc', 'to']);

/**
 * Links a person clicks in their journal open in their own browser or mail program, and only
 * these: https to a named host (no credentials, which can disguise the real host, and no bare
 * IP-less single-label names such as "localhost"), and mailto with ordinary fields (some mail
 * programs honour "attach=", which could send a local file). Returns the normalised address to
 * open, or null to open nothing.
 */
export function externalLinkTarget(url: unknown): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.protocol === 'https:') {
    if (u.username !== '' || u.password !== '') return null;
    const host = u.hostname.toLowerCase();
    if (!host.includes('.') || host.endsWith('.')) return null;
    if (host === 'localhost' || host.endsWith('.localhost')) return null;
    if (host === APP_HOST || host.startsWith('[')) return null;
    if (/^\d+(\.\d+){3}$/.test(host)) return null;
    return u.href;
  }
  if (u.protocol === 'mailto:') {
    let address: string;
    try {
      address = decodeURIComponent(u.pathname);
    } catch {
      return null;
    }
    if (!/^[^\s@/\\]+@[^\s@/\\]+\.[^\s@/\\]+(,[^\s@/\\]+@[^\s@/\\]+\.[^\s@/\\]+)*$/.test(address)) return null;
    for (const key of u.searchParams.keys()) if (!MAILTO_PARAMS.has(key.toLowerCase())) return null;
    return u.href;
  }
  return null;
}

/** What to do when the page tries to navigate or open a window: never in-app; maybe externally. */
export function navigationDecision(url: unknown): { allow: false; openExternally: string | null } {
  return { allow: shouldAllowNavigation(url), openExternally: externalLinkTarget(url) };
}

/**
 * session.webRequest: only the app's own files (and inline data: images, which the CSP allows);
 * with devtools open in development, also the devtools' own pages.
 */
export function isAllowedRequest(url: unknown, options: { devTools?: boolean } = {}): boolean {
  if (isAppUrl(url)) return true;
  const u = parse(url);
  if (u === null) return false;
  if (u.protocol === 'data:') return /^data:image\/(png|jpeg|gif|webp|avif)[;,]/i.test(u.href);
  return options.devTools === true && u.protocol === 'devtools:';
}

/**
 * Permission requests and checks. Everything is refused, with one narrow exception: writing text
 * to the clipboard from the app's own page, which the "Copy" button under the recovery code needs
 * (Chromium asks for 'clipboard-sanitized-write'; reading the clipboard stays refused).
 */
export function isPermissionAllowed(permission: string, requestingUrl: unknown): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/**
 * Maps an app:// request to a file inside the built renderer, or null. Paths without an
 * extension fall back to index.html (so a reload on an in-app route still shows the app);
 * anything that would leave the root — `..`, encoded slashes, NUL bytes — is refused.
 */
/**
 * A request for one of the journal's photos on the app's own protocol
 * (app://mutual/photos/<photo id>/<original|medium|small>), or null for anything else. Photos are
 * served from the journal worker, never from a file (ARCHITECTURE.md, "Photos").
 */
export function photoRequest(url: unknown): { photoId: string; variant: 'original' | 'medium' | 'small' } | null {
  if (typeof url !== 'string') return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.search || u.username || u.password) return null;
  const match = /^\/photos\/([0-9a-f-]{36})\/(original|medium|small)$/.exec(u.pathname);
  return match ? { photoId: match[1]!, variant: match[2] as 'original' | 'medium' | 'small' } : null;
}

export function resolveAppFile(rendererRoot: string, url: unknown): string | null {
  if (!isAppUrl(url)) return null;
  const u = new URL(url as string);
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((segment) => segment === '..')) return null;
  const relative = pathname.replace(/^\/+/, '');
  const target = relative === '' || path.posix.extname(relative) === '' ? 'index.html' : relative;
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, target);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/** Headers for every app:// response. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(file),
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
