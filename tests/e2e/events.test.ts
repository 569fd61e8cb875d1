/**
 * The journal tells the page what happens instead of being asked every few seconds: a lock made
 * outside the page (the shell's idle lock, sleep) shows the Unlock screen at once, and a journal
 * that had to restart says so and keeps everything that was shown as saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournal, openHarness, unlock, type Harness } from './support';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
});

afterAll(async () => {
  await h?.close();
});

const given = () => h.page.getByRole('region', { name: 'Given', exact: true }).locator('p:not(.entry-section__prompt)').first();

describe('pushed journal events', () => {
  it('shows Unlock as soon as the journal is locked from outside the page, with why', async () => {
    const { page, host } = h;
    await host.journal.lock('idle');
    // Well within the 10 s the page used to wait between status checks.
    await page.getByText('Your journal locked itself while you were away.').waitFor({ timeout: 3_000 });
    await unlock(page);
  });

  it('says the journal restarted after a crash, and keeps what was shown as saved', async () => {
    const { page, host } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await given().click();
    await page.keyboard.type('Made soup for Ines before the storm.');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });

    await host.journal.crashForTest();
    await page.getByText('Mutual ran into a problem and restarted your journal.').waitFor({ timeout: 5_000 });
    await unlock(page);
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row .journal-open').first().click();
    await given().waitFor();
    expect(await given().textContent()).toBe('Made soup for Ines before the storm.');
    expect(h.consoleErrors).toEqual([]);
  });
});
