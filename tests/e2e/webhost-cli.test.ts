/**
 * `npm run dev:web -- --vault DIR`: prints exactly one line with the address, serves a fresh
 * folder as a new journal behind the token, and stops cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'mutual-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dev:web', () => {
  it('prints one line with the loopback address and answers only with its token', async () => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'electron/webhost/main.ts', '--vault', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const started = Date.now();
      while (!stdout.includes('\n') && Date.now() - started < 90_000) {
        if (child.exitCode !== null) throw new Error(`web host exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const match = /(http:\/\/127\.0\.0\.1:(\d+))\/#token=([0-9a-f]{64})/.exec(stdout);
      expect(match, stdout + stderr).not.toBeNull();
      const [, origin, , token] = match!;
      const status = (token?: string) =>
        fetch(`${origin}/api/vault.status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { 'x-mutual-token': token } : {}) },
          body: '{}',
        });
      expect((await status()).status).toBe(401);
      expect(await (await status(token)).json()).toEqual({ ok: true, value: { state: 'new' } });
      const page = await fetch(`${origin}/`);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await page.text()).toContain('<div id="root">');
      await new Promise((r) => setTimeout(r, 300));
      expect(stdout.trimEnd().split('\n')).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`${origin}/`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('explains a missing --vault instead of starting', async () => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'electron/webhost/main.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--vault DIR/);
  });
});
