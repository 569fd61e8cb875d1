/**
 * What both shells send with the renderer's files — the desktop app's app:// protocol
 * (electron/main/security.ts) and the web host's loopback server (electron/webhost/server.ts) —
 * so the page runs under one policy whichever serves it. Plain data: no Node, no Electron.
 */

/** The Trusted Types policies the page may create (see contentSecurityPolicy). */
export const TRUSTED_TYPES_POLICIES = ['ProseMirrorClipboard'] as const;

/**
 * The renderer's content-security policy, directive by directive. Only connect-src depends on the
 * shell: the desktop page reaches the journal over IPC and may fetch nothing ('none'); the web
 * host's page posts to the host itself ('self').
 */
function contentSecurityPolicy(connectSrc: "'none'" | "'self'"): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // Photos come from the app itself (app://mutual/photos/…, the web host's /photos/…); nothing in
    // the page draws a data: image, and a pasted one is sent to the journal as a file instead.
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    // The page has no form that submits anywhere; a planted one must not either.
    "form-action 'none'",
    // Trusted Types: HTML strings, script URLs and code strings reach no DOM sink unless a policy
    // made them. The only policy allowed is ProseMirror's, which parses pasted HTML in an inert
    // document that runs nothing; src/lib/trustedTypes.ts says why no default policy is needed.
    "require-trusted-types-for 'script'",
    `trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
  ].join('; ');
}

export const APP_CSP = contentSecurityPolicy("'none'");
export const WEB_HOST_CSP = contentSecurityPolicy("'self'");

export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
});

/** As path.extname: the last segment's extension, none for ".hidden" files; either separator. */
function extensionOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** Anything unlisted is opaque bytes, which nosniff keeps the browser from running as script or style. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extensionOf(file)] ?? 'application/octet-stream';
}
