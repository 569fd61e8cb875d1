/**
 * Shared set-up for the end-to-end tests: the web host on a temporary journal folder, Debian's
 * Chromium through playwright-core, and watchers that fail the run if any request leaves
 * loopback or any console error appears.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startWebHost, type WebHost } from '../../electron/webhost/host';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface Harness {
  vaultDir: string;
  host: WebHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave loopback (they are also aborted). */
  offLoopback: string[];
  /** Console errors, page errors and CSP violations seen so far. */
  consoleErrors: string[];
  close(): Promise<void>;
}

function isLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    return u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  } catch {
    return false;
  }
}

/** Starts a host on a fresh temporary journal folder and opens its address in Chromium. */
export async function openHarness(options: { vaultDir?: string; browser?: Browser } = {}): Promise<Harness> {
  // The journal sits one level down so the scheduled backups (a "backups" folder beside it) are
  // removed with it.
  const parent = options.vaultDir ? null : mkdtempSync(join(tmpdir(), 'mutual-e2e-'));
  const vaultDir = options.vaultDir ?? join(parent!, 'journal');
  const host = await startWebHost({ vaultDir });
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const offLoopback: string[] = [];
  const consoleErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    offLoopback.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!isLoopback(request.url())) offLoopback.push(request.url());
  });
  const page = await context.newPage();
  watchPage(page, consoleErrors);
  await page.goto(host.url);
  return {
    vaultDir,
    host,
    browser,
    context,
    page,
    offLoopback,
    consoleErrors,
    async close() {
      await context.close().catch(() => undefined);
      if (!options.browser) await browser.close().catch(() => undefined);
      await host.close();
      if (parent) rmSync(parent, { recursive: true, force: true });
    },
  };
}

export function watchPage(page: Page, into: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') into.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => into.push(`page error: ${err.message}`));
}

export const PASSPHRASE = 'quiet harbour lantern 42';

/** Completes First run and lands in the app. */
export async function createJournal(page: Page, passphrase = PASSPHRASE): Promise<string> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Create journal' }).click();
  const shown = await Promise.race([
    page.locator('.recovery-code code').waitFor({ timeout: 60_000 }).then(() => null),
    page.getByRole('alert').waitFor({ timeout: 60_000 }).then(() => page.getByRole('alert').textContent()),
  ]);
  if (shown !== null) throw new Error(`First run refused the passphrase: ${shown}`);
  const code = (await page.locator('.recovery-code code').textContent()) ?? '';
  await page.getByLabel('I have saved my recovery code').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Lock' }).waitFor();
  return code.trim();
}

export async function unlock(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
}

export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The composer's save indicator. */
export function saveStatus(page: Page) {
  return page.locator('.save-status-text');
}
