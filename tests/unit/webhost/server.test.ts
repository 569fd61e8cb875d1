/**
 * The web host's transport: only this loopback page, holding this run's token, reaches the
 * journal; files outside the built renderer are never served; every answer carries security headers.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../electron/webhost/server';
import { ok } from '../../../electron/shared/result';
import { TOKEN_HEADER } from '../../../electron/shared/transport';

let dir: string;
let server: WebServer;
let closed = 0;
const calls: unknown[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutual-webhost-'));
  const webRoot = join(dir, 'web');
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Mutual</title>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  server = await startWebServer({
    webRoot,
    handlers: {
      'vault.status': async (input) => {
        calls.push(input);
        return ok({ state: 'locked' });
      },
      'entries.get': async () => {
        throw new Error('boom at /secret/path.ts:12');
      },
    },
    onClose: () => {
      closed += 1;
    },
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function api(channel: string, init: { token?: string | null; body?: string; headers?: Record<string, string>; method?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.token !== null) headers[TOKEN_HEADER] = init.token ?? server.token;
  return fetch(`${server.origin}/api/${channel}`, { method: init.method ?? 'POST', headers, body: init.body ?? '{}' });
}

function rawGet(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host server', () => {
  it('listens on loopback and prints an address with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(server.url).toContain(server.token);
  });

  // Its CSP and content types are the app's: tests/unit/webhost/bothShells.test.ts.
  it('serves the page with security headers', async () => {
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Mutual</title>');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = await fetch(`${server.origin}/assets/app.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a request that carries the token', async () => {
    const res = await api('vault.status');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: { state: 'locked' } });
    expect(calls.at(-1)).toEqual({});
  });

  it('refuses requests without the token or with a wrong one, without calling the journal', async () => {
    const before = calls.length;
    expect((await api('vault.status', { token: null })).status).toBe(401);
    expect((await api('vault.status', { token: 'x'.repeat(64) })).status).toBe(401);
    expect((await api('vault.status', { token: server.token.slice(1) })).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('refuses other origins, other Host names, other methods and non-JSON bodies', async () => {
    expect((await api('vault.status', { headers: { origin: 'http://127.0.0.1:1' } })).status).toBe(403);
    expect((await api('vault.status', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect(await rawGet('/', 'evil.example')).toBe(421);
    expect(await rawGet('/', `127.0.0.1:${server.port}`)).toBe(200);
    expect((await fetch(`${server.origin}/api/vault.status`, { headers: { [TOKEN_HEADER]: server.token } })).status).toBe(405);
    expect((await api('vault.status', { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  });

  it('turns unreadable input and unknown channels into BAD_INPUT, and a throwing handler into INTERNAL without details', async () => {
    const bad = await api('vault.status', { body: '{not json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_INPUT');
    expect((await api('nope.never')).status).toBe(404);
    expect((await api('__proto__')).status).toBe(404);
    const thrown = await api('entries.get', { body: '{"id":"x"}' });
    const body = (await thrown.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).not.toContain('secret');
  });

  it('never serves files outside the built renderer', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const res = await fetch(`${server.origin}${path}`);
      expect(await res.text()).not.toContain('not for the page');
    }
    expect(await rawGet('/../secret.txt', `127.0.0.1:${server.port}`)).toBe(404);
  });

  it('runs onClose (the host locks the journal there) once when stopped', async () => {
    const other = await startWebServer({ webRoot: dir, handlers: {}, onClose: () => void (closed += 10) });
    await other.close();
    await other.close();
    expect(closed).toBe(10);
    await expect(fetch(`${other.origin}/`)).rejects.toThrow();
  });
});
