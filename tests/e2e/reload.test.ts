/**
 * Reloading mid-typing loses nothing that was shown as saved (and the page saves what it can on
 * the way out). A save that fails keeps every character on screen and is retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournal, openHarness, type Harness } from './support';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
});

afterAll(async () => {
  await h?.close();
});

const given = () => h.page.getByRole('region', { name: 'Given', exact: true }).locator('p:not(.entry-section__prompt)').first();

describe('autosave', () => {
  it('keeps what was shown as saved when the page reloads mid-typing', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await given().click();
    await page.keyboard.type('Walked the dog with Dad.');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
    const shownAsSaved = await given().textContent();

    // Keep typing and reload before the debounce could fire.
    await page.keyboard.type(' He told me about his first job', { delay: 5 });
    await page.reload();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row .journal-open').first().click();
    await given().waitFor();
    const after = (await given().textContent()) ?? '';
    expect(after.startsWith(shownAsSaved ?? '<nothing>')).toBe(true);
  });

  it('says plainly that saving failed, keeps the words, and saves them once the journal answers again', async () => {
    const { page, context } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await given().click();
    await page.keyboard.type('First words.');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });

    // The host stops answering saves for a moment.
    await context.route('**/api/entries.save', (route) => route.abort('connectionreset'));
    await page.keyboard.type(' These must not be lost.');
    await page.getByRole('status').filter({ hasText: /Saving failed/ }).waitFor({ timeout: 10_000 });
    expect(await given().textContent()).toBe('First words. These must not be lost.');
    await context.unroute('**/api/entries.save');
    await page.getByRole('button', { name: 'Try again now' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row .journal-open').first().click();
    await given().waitFor();
    expect(await given().textContent()).toBe('First words. These must not be lost.');
  });

  it('saves on lock before locking', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await given().click();
    await page.keyboard.type('Typed right before locking');
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('quiet harbour lantern 42');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: 'Journal', exact: true }).click({ timeout: 20_000 });
    await page.locator('.journal-row .journal-open').first().click();
    await given().waitFor();
    expect(await given().textContent()).toBe('Typed right before locking');
  });

  it('opened nothing outside loopback', () => {
    expect(h.offLoopback).toEqual([]);
    // Aborted requests above are logged by Chromium as failed loads; nothing else may be.
    expect(h.consoleErrors.filter((e) => !/net::ERR_CONNECTION_RESET|Failed to load resource/.test(e))).toEqual([]);
  });
});
