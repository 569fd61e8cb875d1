/**
 * A damaged journal and one from a newer Mutual each get a calm screen that says what happened
 * and never offers to create, overwrite or repair anything — and the files stay as they were.
 */
import { mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Vault } from '../../electron/core/vault/vault';
import { DB_FILE, KEY_FILE } from '../../electron/core/paths';
import { axeViolations, launchChromium, openHarness, PASSPHRASE } from './support';

let browser: Browser;
const dirs: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function journal(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-e2e-problem-'));
  dirs.push(dir);
  const { vault } = await Vault.create(dir, PASSPHRASE);
  vault.lock();
  return dir;
}

async function unlockAndExpectProblem(dir: string, heading: string): Promise<void> {
  const before = [readFileSync(join(dir, DB_FILE)), readFileSync(join(dir, KEY_FILE))];
  const h = await openHarness({ vaultDir: dir, browser });
  try {
    const { page } = h;
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('heading', { name: heading }).waitFor({ timeout: 20_000 });
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/nothing was changed|has not changed anything/i);
    const buttons = await page.getByRole('button').allTextContents();
    expect(buttons).toEqual(['Check again']);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    errors.push(...h.consoleErrors, ...h.offLoopback);
  } finally {
    await h.close();
  }
  const after = [readFileSync(join(dir, DB_FILE)), readFileSync(join(dir, KEY_FILE))];
  expect(after[0]!.equals(before[0]!)).toBe(true);
  expect(after[1]!.equals(before[1]!)).toBe(true);
}

describe('journals that cannot be opened', () => {
  it('says a damaged journal cannot be opened safely', async () => {
    const dir = await journal();
    const fd = openSync(join(dir, DB_FILE), 'r+');
    writeSync(fd, Buffer.alloc(2048, 0x5a), 0, 2048, 0);
    closeSync(fd);
    await unlockAndExpectProblem(dir, 'This journal cannot be opened safely');
  });

  it('says a journal from a newer Mutual needs a newer Mutual', async () => {
    const dir = await journal();
    const vault = await Vault.unlock(dir, PASSPHRASE);
    vault.db.pragma('user_version = 99990');
    vault.lock();
    await unlockAndExpectProblem(dir, 'This journal needs a newer Mutual');
  });

  it('logged no console error and opened nothing outside loopback', () => {
    expect(errors).toEqual([]);
  });
});
