/**
 * The real desktop app through Playwright's Electron driver: built by `scripts/start.mjs
 * --prepare-only` (electron-vite build + the Electron-ABI better-sqlite3, once, in beforeAll with
 * its own time limit), launched on a fresh journal folder and profile. It creates a journal,
 * writes an entry, locks, unlocks and reads it back; checks every object the preload hands the
 * page and the content-security policy the page runs under; and quits right after typing, then
 * finds those words on the next start.
 *
 * Runs only where the Electron binary is installed (node_modules/electron/dist); everywhere else
 * it is skipped, with the reason in its name, and the web host specs exercise the same renderer
 * in Chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../electron/shared/channels';
import { APP_CSP } from '../../electron/shared/webSecurity';

const root = resolve(import.meta.dirname, '../..');
const PASSPHRASE = 'a long evening walk by the river';

/** Where node_modules/electron put its binary, without require('electron') (which would try to download it). */
function electronExecutable(): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

const executable = electronExecutable();
const title = executable
  ? 'the Electron app'
  : 'the Electron app — skipped: no Electron binary in node_modules/electron (it is downloaded on first npm start, impossible offline)';

describe.skipIf(!executable)(title, () => {
  const cleanup: string[] = [];
  let vaultDir = '';
  let userData = '';
  let app: ElectronApplication | null = null;
  let page: Page;

  const launch = async () => {
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
    page = await app.firstWindow();
    return page;
  };

  const unlock = async () => {
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 30_000 });
  };

  const partText = (name: string) => page.getByRole('region', { name, exact: true }).locator('p:not(.entry-section__prompt)');

  // The one-time build (electron-vite and the Electron copy of better-sqlite3, about a minute the
  // first time) has its own limit, so the tests' limits measure the app only.
  beforeAll(() => {
    const prepared = spawnSync(process.execPath, ['scripts/start.mjs', '--prepare-only'], { cwd: root, encoding: 'utf8' });
    expect(prepared.status, `${prepared.stdout}\n${prepared.stderr}`).toBe(0);
    vaultDir = mkdtempSync(join(tmpdir(), 'mutual-electron-vault-'));
    userData = mkdtempSync(join(tmpdir(), 'mutual-electron-profile-'));
    cleanup.push(vaultDir, userData);
  }, 15 * 60_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  it('opens at First run, from app://, with exactly the bridge objects the preload hands over', async () => {
    await launch();
    await page.getByLabel('Passphrase', { exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByLabel('Confirm passphrase').waitFor({ state: 'visible' });
    expect(page.url()).toMatch(/^app:\/\/mutual\//);

    const surface = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const shape = (name: string) => {
        const value = w[name] as Record<string, unknown> | undefined;
        return value ? { keys: Object.keys(value).sort(), allFunctions: Object.values(value).every((v) => typeof v === 'function'), frozen: Object.isFrozen(value) } : null;
      };
      return {
        mutual: shape('mutual'),
        mutualEvents: shape('mutualEvents'),
        mutualDevice: shape('mutualDevice'),
        mutualFiles: shape('mutualFiles'),
        others: Object.keys(w).filter((k) => k.toLowerCase().startsWith('mutual') && !['mutual', 'mutualEvents', 'mutualDevice', 'mutualFiles'].includes(k)),
        hasRequire: typeof (globalThis as { require?: unknown }).require !== 'undefined',
        hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
        hasIpc: 'ipcRenderer' in window || 'electron' in window,
      };
    });
    expect(surface).toEqual({
      mutual: { keys: [...channelNames].sort(), allFunctions: true, frozen: true },
      mutualEvents: { keys: ['on', 'onFlushRequest'], allFunctions: true, frozen: true },
      mutualDevice: { keys: ['rememberStatus', 'setRemember'], allFunctions: true, frozen: true },
      mutualFiles: { keys: ['chooseFile', 'chooseFolder', 'chooseSavePath'], allFunctions: true, frozen: true },
      others: [],
      hasRequire: false,
      hasProcess: false,
      hasIpc: false,
    });
    const status = await page.evaluate(() => (window as unknown as { mutual: Record<string, (i: object) => Promise<unknown>> }).mutual['vault.status']!({}));
    expect(status).toEqual({ ok: true, value: { state: 'new' } });
    // A raw path is refused at the IPC edge: places come only from main's own dialogs.
    const export_ = await page.evaluate(() =>
      (window as unknown as { mutual: Record<string, (i: object) => Promise<unknown>> }).mutual['export.run']!({ format: 'json', out: '/tmp/mutual-e2e-should-not-exist.json' }),
    );
    expect(export_).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(existsSync('/tmp/mutual-e2e-should-not-exist.json')).toBe(false);
  });

  it('runs the page under the app’s content-security policy', async () => {
    const header = await app!.evaluate(async ({ net }) => (await net.fetch('app://mutual/index.html')).headers.get('content-security-policy'));
    expect(header).toBe(APP_CSP);
    const blocked = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      let inline: string;
      try {
        const script = document.createElement('script');
        script.textContent = 'window.__mutualInline = true;';
        document.head.append(script);
        inline = (window as unknown as { __mutualInline?: boolean }).__mutualInline ? 'ran' : 'blocked';
      } catch {
        inline = 'blocked';
      }
      let fetched: string;
      try {
        await fetch('https://example.com/');
        fetched = 'fetched';
      } catch {
        fetched = 'blocked';
      }
      let evaluated: string;
      try {
        new Function('return 1')();
        evaluated = 'ran';
      } catch {
        evaluated = 'blocked';
      }
      await new Promise((r) => setTimeout(r, 50));
      return { inline, fetched, evaluated, violations: violations.length > 0 };
    });
    expect(blocked).toEqual({ inline: 'blocked', fetched: 'blocked', evaluated: 'blocked', violations: true });
  });

  it('creates a journal, writes an entry, locks, unlocks and reads it back', async () => {
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create journal' }).click();
    await page.getByRole('heading', { name: 'Your recovery code' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('I have saved my recovery code').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    await page.getByRole('button', { name: 'New entry' }).click();
    await partText('Given').first().click();
    await page.keyboard.type('Walked Ana home after the late shift.');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlock();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row .journal-open').first().click();
    await page.getByRole('region', { name: 'Given', exact: true }).waitFor();
    expect(await partText('Given').first().textContent()).toBe('Walked Ana home after the late shift.');
  });

  it('keeps words typed just before quitting: the page saves them before the journal closes', async () => {
    await page.getByRole('button', { name: 'New entry' }).click();
    await partText('Received').first().click();
    await page.keyboard.type('A thank-you note, left on the table.');
    // Quit at once, before the page's own save-after-typing would have run.
    await app!.close();
    app = null;

    await launch();
    await unlock();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const rows = page.locator('.journal-row');
    await rows.first().waitFor();
    expect(await page.locator('.journal-row', { hasText: 'A thank-you note, left on the table.' }).count()).toBe(1);
  });
});
