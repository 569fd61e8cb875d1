/**
 * The real desktop app through Playwright's Electron driver: built by `scripts/start.mjs
 * --prepare-only` (electron-vite build + the Electron-ABI better-sqlite3), launched on a fresh
 * journal folder and profile. Runs only where the Electron binary is installed; everywhere
 * else the web host specs exercise the same renderer in Chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../electron/shared/channels';

const root = resolve(import.meta.dirname, '../..');

/** Where node_modules/electron put its binary, without require('electron') (which would try to download it). */
function electronExecutable(): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

const executable = electronExecutable();
const electronBinaryPresent = executable !== null;

describe('the Electron app', () => {
  const cleanup: string[] = [];
  let app: ElectronApplication | null = null;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  // Skipped when the Electron binary is absent: it is downloaded on first use and this machine may be offline.
  it.skipIf(!electronBinaryPresent)('opens at First run, from app://, with only window.mutual to talk to', async () => {
    const prepared = spawnSync(process.execPath, ['scripts/start.mjs', '--prepare-only'], { cwd: root, encoding: 'utf8' });
    expect(prepared.status, `${prepared.stdout}\n${prepared.stderr}`).toBe(0);

    const vaultDir = mkdtempSync(join(tmpdir(), 'mutual-electron-vault-'));
    const userData = mkdtempSync(join(tmpdir(), 'mutual-electron-profile-'));
    cleanup.push(vaultDir, userData);

    app = await _electron.launch({
      executablePath: executable!,
      args: [root, '--vault', vaultDir],
      cwd: root,
      env: {
        ...(process.env as Record<string, string>),
        MUTUAL_USER_DATA_DIR: userData,
        MUTUAL_SQLITE_BINDING: join(root, '.electron-native', 'better_sqlite3.node'),
      },
    });
    const page = await app.firstWindow();

    await page.getByLabel('Passphrase', { exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByLabel('Confirm passphrase').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Create journal' }).waitFor({ state: 'visible' });

    expect(page.url()).toMatch(/^app:\/\/mutual\//);
    const surface = await page.evaluate(() => ({
      mutual: Object.keys((window as unknown as { mutual: object }).mutual).sort(),
      hasRequire: typeof (globalThis as { require?: unknown }).require !== 'undefined',
      hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      hasIpc: 'ipcRenderer' in window,
    }));
    expect(surface).toEqual({ mutual: [...channelNames].sort(), hasRequire: false, hasProcess: false, hasIpc: false });

    const status = await page.evaluate(() =>
      (window as unknown as { mutual: Record<string, (i: object) => Promise<unknown>> }).mutual['vault.status']!({}),
    );
    expect(status).toEqual({ ok: true, value: { state: 'new' } });
  });
});
