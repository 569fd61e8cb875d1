/**
 * What the desktop app and the web host take from electron/shared instead of each keeping a copy:
 * one test per definition, each asserting that both shells use it — the app through
 * electron/main/security.ts (no Electron needed), the web host through a running server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseHeaders } from '../../../electron/main/security';
import { ok } from '../../../electron/shared/result';
import { TOKEN_HEADER } from '../../../electron/shared/transport';
import { APP_CSP, CONTENT_TYPES, WEB_HOST_CSP } from '../../../electron/shared/webSecurity';
import { startWebServer, type WebServer } from '../../../electron/webhost/server';

let dir: string;
let server: WebServer;
const extensions = [...Object.keys(CONTENT_TYPES), '.unknown'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutual-both-shells-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Mutual</title>');
  for (const ext of extensions) writeFileSync(join(dir, 'assets', `file${ext}`), 'x');
  server = await startWebServer({ webRoot: dir, handlers: { 'vault.status': async () => ok({ state: 'locked' }) } });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one definition for both shells', () => {
  it("content security policy: the app's policy word for word; the web host's differs only in connect-src 'self'", async () => {
    expect(APP_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types ProseMirrorClipboard",
    );
    expect(WEB_HOST_CSP).toBe(APP_CSP.replace("connect-src 'none'", "connect-src 'self'"));

    for (const file of ['index.html', 'assets/file.js', 'assets/file.unknown']) {
      expect(responseHeaders(file)['Content-Security-Policy']).toBe(APP_CSP);
    }
    for (const path of ['/', '/assets/file.js', '/missing.js', '/api/vault.status']) {
      expect((await fetch(`${server.origin}${path}`)).headers.get('content-security-policy')).toBe(WEB_HOST_CSP);
    }
  });

  it('content types: both serve each listed extension with its type, and anything else as opaque bytes', async () => {
    for (const ext of extensions) {
      const expected = CONTENT_TYPES[ext] ?? 'application/octet-stream';
      expect(responseHeaders(`assets/file${ext.toUpperCase()}`)['Content-Type'], ext).toBe(expected);
      const res = await fetch(`${server.origin}/assets/file${ext}`);
      expect(res.headers.get('content-type'), ext).toBe(expected);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("token header: the page's transport (src/lib/api.ts) gets through the host's token check", async () => {
    // Imported by a computed name: src/lib/api.ts is browser code, outside the Node typecheck.
    const rendererApi = '../../../src/lib/api';
    const { createHttpApi } = (await import(/* @vite-ignore */ rendererApi)) as {
      createHttpApi(token: string, fetchImpl: typeof fetch): Record<string, (input: unknown) => Promise<unknown>>;
    };
    const sent: Headers[] = [];
    const page = createHttpApi(server.token, async (url, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(`${server.origin}${String(url)}`, init);
    });
    await expect(page['vault.status']!({})).resolves.toEqual({ ok: true, value: { state: 'locked' } });
    expect(sent[0]!.get(TOKEN_HEADER)).toBe(server.token);

    const withoutToken = await fetch(`${server.origin}/api/vault.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(withoutToken.status).toBe(401);
  });
});
