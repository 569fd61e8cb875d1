/**
 * Sync through a folder, end to end: two web hosts, each on its own journal folder, share one
 * temporary sync folder — as two computers whose sync app keeps one folder in step. Host A sets
 * sync up in Settings → Sync; host B joins from its first-run screen with the passphrase (after a
 * wrong one is refused in the journal's words) and shows A's entry; words typed on A then appear
 * on B's open page without a reload, and what B writes shows in A's Settings as it arrives. The
 * Settings sync section and the join screen pass axe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, createJournal, launchChromium, openHarness, PASSPHRASE, saveStatus, type Harness } from './support';

/** Generous: a save waits for the typing to pause, the round for the folder to settle, the page for the event. */
const ARRIVES_MS = 15_000;

let browser: Browser;
let a: Harness;
let b: Harness;
let syncRoot: string;
let syncFolder: string;

beforeAll(async () => {
  browser = await launchChromium();
  // One after the other: the first start builds the renderer when its sources changed.
  a = await openHarness({ browser });
  b = await openHarness({ browser });
  syncRoot = mkdtempSync(join(tmpdir(), 'mutual-e2e-sync-'));
  syncFolder = join(syncRoot, 'Sync', 'Mutual');
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await browser?.close().catch(() => undefined);
  if (syncRoot) rmSync(syncRoot, { recursive: true, force: true });
});

/** The editable paragraphs of one part of the open entry (not its prompt). */
const partText = (page: Page, name: string) => page.getByRole('region', { name, exact: true }).locator('p:not(.entry-section__prompt)');

/** Waits until an element's text (polled in the page, never a fixed sleep) contains `words` or matches them. */
async function waitForText(page: Page, selector: string, words: string | RegExp, timeout = ARRIVES_MS): Promise<void> {
  const [source, flags] = typeof words === 'string' ? [words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ''] : [words.source, words.flags];
  await page.waitForFunction(
    ([sel, src, fl]) => {
      const pattern = new RegExp(src, fl);
      return [...document.querySelectorAll(sel)].some((el) => pattern.test(el.textContent ?? ''));
    },
    [selector, source, flags] as const,
    { timeout, polling: 200 },
  );
}

/** "1 file applied here", "12 files applied here" — not "0 files". */
const SOME_APPLIED = /\b[1-9][\d,]* files? applied here/;

async function openSettingsSync(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByRole('heading', { name: 'Sync through a folder', level: 3 }).waitFor();
}

describe('sync through a folder between two computers', () => {
  it('A writes an entry and sets up sync in Settings → Sync, which explains it and passes axe', async () => {
    const { page } = a;
    await createJournal(page);
    await page.getByRole('button', { name: 'New entry' }).click();
    await partText(page, 'Given').first().click();
    await page.keyboard.type('Tea with Robin on the balcony.');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });

    await openSettingsSync(page);
    const section = page.locator('.sync-settings');
    expect(await section.textContent()).toMatch(/Syncthing, Dropbox, iCloud Drive, OneDrive, Nextcloud/);
    expect(await section.textContent()).toMatch(/sizes and when they change/);
    expect(await axeViolations(page), 'sync off').toEqual([]);

    // A relative path is refused beside the field, before anything is asked of the journal.
    await page.getByLabel('Sync folder', { exact: true }).fill('Sync/Mutual');
    await page.getByRole('button', { name: 'Sync through this folder' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/full path/);

    await page.getByLabel('Sync folder', { exact: true }).fill(syncFolder);
    await page.getByRole('button', { name: 'Sync through this folder' }).click();
    await section.getByText('This journal syncs through').waitFor({ timeout: 20_000 });
    expect(await section.locator('code.path').first().textContent()).toBe(syncFolder);
    expect(await section.textContent()).toMatch(/Synced just now\./);
    expect(await section.textContent()).toMatch(/Everything written here is in the sync folder\./);
    expect(await section.textContent()).toMatch(/No other computer has written to the folder yet/);
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Stop syncing on this computer' }).count()).toBe(1);
    // Keyboard focus went back to the group's heading, not lost with the button it pressed.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sync-title');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), `sync on, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // Stopping asks first, and says the folder and the other computers are left alone.
    await page.getByRole('button', { name: 'Stop syncing on this computer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop syncing on this computer?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/The folder and your other computers are untouched/);
    expect(await axeViolations(page), 'stop dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Keep syncing' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Sync now' }).click();
    await section.getByRole('status').filter({ hasText: /^Synced\./ }).waitFor();
  });

  it('B joins from its first-run screen: a wrong passphrase is refused in the journal’s words, the right one opens A’s journal', async () => {
    const { page } = b;
    await page.getByRole('heading', { name: 'Welcome to Mutual' }).waitFor();
    await page.getByRole('button', { name: 'Join a journal in a sync folder' }).click();
    await page.getByRole('heading', { name: 'Join a journal in a sync folder', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('join-title');
    expect(await axeViolations(page), 'join').toEqual([]);

    // The recovery code is a choice away; the passphrase is the default.
    await page.getByLabel('Its recovery code').check();
    await page.getByLabel('Recovery code', { exact: true }).waitFor();
    await page.getByLabel('Its passphrase').check();

    await page.getByLabel('Sync folder', { exact: true }).fill(syncFolder);
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Join journal' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/passphrase/i);
    expect(await page.getByLabel('Passphrase', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page), 'join refused').toEqual([]);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    // The progress bar is there while the job runs (it is gone with the first-run screen after).
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { progressSeen: string[] }).progressSeen = []);
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"]');
        const text = bar?.getAttribute('aria-valuetext');
        if (text && !seen.includes(text)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Join journal' }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 60_000 });
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(progress.length).toBeGreaterThan(0);
    for (const text of progress) expect(text).toMatch(/^\d+ (entry|entries) so far$/);

    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await waitForText(page, '.journal-row', 'Tea with Robin on the balcony.');

    await openSettingsSync(page);
    const section = page.locator('.sync-settings');
    await section.getByText('This journal syncs through').waitFor();
    expect(await section.locator('code.path').first().textContent()).toBe(syncFolder);
    // A is the other computer, and its files were applied here.
    await waitForText(page, '.sync-devices li', SOME_APPLIED);
  });

  it('words typed on A appear on B’s open entry and in its Journal without a reload', async () => {
    // B opens the entry and leaves it be (no unsaved typing): it is refreshed in place.
    await b.page.getByRole('button', { name: 'Journal', exact: true }).click();
    await b.page.locator('.journal-row').filter({ hasText: 'Tea with Robin' }).getByRole('button').first().click();
    await partText(b.page, 'Given').filter({ hasText: 'Tea with Robin' }).waitFor();
    await b.page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));

    await a.page.getByRole('button', { name: 'Journal', exact: true }).click();
    await a.page.locator('.journal-row').filter({ hasText: 'Tea with Robin' }).getByRole('button').first().click();
    await partText(a.page, 'Given').filter({ hasText: 'Tea with Robin' }).click();
    await a.page.keyboard.press('End');
    await a.page.keyboard.type(' We talked about the garden.');
    await saveStatus(a.page).filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });

    await waitForText(b.page, '.composer-editor', 'We talked about the garden.');
    expect(await partText(b.page, 'Given').first().textContent()).toBe('Tea with Robin on the balcony. We talked about the garden.');
    // Shown, not typed: B has nothing to save.
    expect(await saveStatus(b.page).textContent()).not.toMatch(/Saving/);

    await b.page.getByRole('button', { name: 'Journal', exact: true }).click();
    await waitForText(b.page, '.journal-row', 'Tea with Robin');
    expect(await b.page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  });

  it('what B writes shows on A as it arrives: B’s files applied in A’s open Settings, B’s entry in A’s open Journal', async () => {
    await openSettingsSync(a.page);
    await a.page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
    expect(await a.page.locator('.sync-devices li').filter({ hasText: SOME_APPLIED }).count()).toBe(0);

    await b.page.getByRole('button', { name: 'New entry' }).click();
    await partText(b.page, 'Given').first().click();
    await b.page.keyboard.type('Walked with Robin by the river.');
    await saveStatus(b.page).filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
    await waitForText(a.page, '.sync-devices li', SOME_APPLIED);

    // A's Journal is on screen while B writes another entry: its list is read again when it arrives.
    await a.page.getByRole('button', { name: 'Journal', exact: true }).click();
    await waitForText(a.page, '.journal-row', 'Walked with Robin by the river.');
    await b.page.getByRole('button', { name: 'New entry' }).click();
    await partText(b.page, 'Given').first().click();
    await b.page.keyboard.type('Robin phoned about the seedlings.');
    await saveStatus(b.page).filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
    await waitForText(a.page, '.journal-row', 'Robin phoned about the seedlings.');
    expect(await a.page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  });

  it('stayed on loopback, with no console errors, on both', () => {
    for (const h of [a, b]) {
      expect(h.offLoopback).toEqual([]);
      expect(h.consoleErrors).toEqual([]);
    }
  });
});
