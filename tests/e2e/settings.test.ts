/**
 * Settings, People, Search and recovery in the browser: changing the passphrase, the auto-lock
 * minutes, the recovery code path; every screen passes axe in light and dark themes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, createJournal, openHarness, PASSPHRASE, type Harness } from './support';

let h: Harness;
let recoveryCode = '';
const NEW_PASSPHRASE = 'lantern over the quiet bay 7';
const THIRD_PASSPHRASE = 'morning tea with grandmother 3';

beforeAll(async () => {
  h = await openHarness();
  recoveryCode = await createJournal(h.page);
});

afterAll(async () => {
  await h?.close();
});

async function lockAndUnlockWith(passphrase: string): Promise<boolean> {
  const { page } = h;
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  const outcome = await Promise.race([
    page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 }).then(() => true),
    page.getByRole('alert').waitFor({ timeout: 20_000 }).then(() => false),
  ]);
  return outcome;
}

describe('settings and recovery', () => {
  it('People, Search and Settings pass axe in the light and the dark theme', async () => {
    const { page } = h;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByRole('button', { name: 'New entry' }).click();
      await page.getByRole('region', { name: 'Given', exact: true }).waitFor();
      expect(await axeViolations(page), `composer, ${scheme}`).toEqual([]);
      for (const view of ['People', 'Search', 'Settings', 'Journal'] as const) {
        await page.getByRole('button', { name: view, exact: true }).click();
        await page.getByRole('heading', { name: view, level: 1 }).waitFor();
        expect(await axeViolations(page), `${view}, ${scheme}`).toEqual([]);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('groups Settings — Journal & lock, Backups, Your data, Reminders — with links to each, the passphrase not first', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const sections = page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link');
    expect(await sections.allTextContents()).toEqual(['Journal & lock', 'Backups', 'Sync', 'Your data', 'Reminders']);
    expect(await page.locator('.settings h2').allTextContents()).toEqual(['Journal & lock', 'Backups', 'Sync', 'Your data', 'Reminders']);
    // What a person comes to Settings for most comes first; changing the passphrase is further down.
    const firstGroup = await page.locator('.settings-section').first().locator('h3').allTextContents();
    expect(firstGroup[0]).toBe('Locking by itself');
    expect(firstGroup).toContain('Change passphrase');
    // A link goes to its group and hands it the keyboard, without touching the address.
    const url = page.url();
    await sections.filter({ hasText: 'Reminders' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'settings-reminders-title');
    await page.waitForFunction(() => {
      const r = document.getElementById('settings-reminders-title')!.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    expect(page.url()).toBe(url);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('notify-reminders');
  });

  it('adds a person from People and shows their page', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'People', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Alex');
    await page.getByLabel('Relationship').selectOption('family');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('button', { name: /Alex/ }).click();
    await page.getByRole('heading', { name: 'Alex', level: 1 }).waitFor();
    expect(await page.getByText('Family').count()).toBeGreaterThan(0);
  });

  it('saves the auto-lock minutes', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const minutes = page.getByLabel('Lock after minutes away');
    await page.waitForFunction(() => (document.getElementById('autolock-minutes') as HTMLInputElement | null)?.value === '10');
    await minutes.fill('0');
    await page.getByRole('button', { name: 'Save auto-lock' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/1 to 240/);
    await minutes.fill('25');
    await page.getByRole('button', { name: 'Save auto-lock' }).click();
    await page.getByText('Mutual will lock after 25 minutes away.').waitFor();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.waitForFunction(() => (document.getElementById('autolock-minutes') as HTMLInputElement | null)?.value === '25');
  });

  it('changes the passphrase: the old one stops working, the new one opens the journal', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Current passphrase').fill('wrong current passphrase');
    await page.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByLabel('Confirm new passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    await page.getByRole('alert').filter({ hasText: /current passphrase/ }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Current passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    await page.getByText('Your passphrase was changed.', { exact: false }).waitFor({ timeout: 20_000 });
    expect(await lockAndUnlockWith(PASSPHRASE)).toBe(false);
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
  });

  it('recovers with the recovery code and a new passphrase', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('button', { name: 'Use recovery code' }).click();
    await page.getByRole('heading', { name: 'Recover your journal' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Recovery code').fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByLabel('New passphrase', { exact: true }).fill(THIRD_PASSPHRASE);
    await page.getByLabel('Confirm new passphrase', { exact: true }).fill(THIRD_PASSPHRASE);
    await page.getByRole('button', { name: 'Recover journal' }).click();
    await page.getByRole('alert').filter({ hasText: /recovery code/i }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Recovery code').fill(recoveryCode);
    await page.getByRole('button', { name: 'Recover journal' }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
    expect(await lockAndUnlockWith(THIRD_PASSPHRASE)).toBe(true);
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
