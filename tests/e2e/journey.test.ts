/**
 * The evening journey in a real browser against the web host: first run → a guided entry with an
 * @mention and words in two parts → "Saved" → lock → a wrong passphrase is refused → unlock → the
 * entry is there. Along the way every screen passes axe's WCAG 2.1 A/AA rules, no request leaves
 * loopback and no console error (CSP violations included) appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openHarness, PASSPHRASE, saveStatus, type Harness } from './support';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The editable paragraphs of one part of the entry (not its prompt). */
const partText = (name: string) => h.page.getByRole('region', { name, exact: true }).locator('p:not(.entry-section__prompt)');

describe('a first evening with Mutual', () => {
  it('starts a fresh folder at First run, which passes axe', async () => {
    const { page } = h;
    await page.getByRole('heading', { name: 'Welcome to Mutual' }).waitFor();
    expect(await page.getByLabel('Passphrase', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Confirm passphrase', { exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a short passphrase, then shows the recovery code once and continues only when saved', async () => {
    const { page } = h;
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await page.getByLabel('Confirm passphrase', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create journal' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/at least 10 characters/);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByText(/Strength: /).waitFor();
    await page.getByRole('button', { name: 'Create journal' }).click();
    await page.getByRole('heading', { name: 'Your recovery code' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.recovery-code code').textContent()).toMatch(/\w{4,}/);
    await page.getByText(/lose both your passphrase and this recovery code, your journal is lost/).waitFor();
    await page.getByRole('button', { name: 'Copy recovery code' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await page.getByLabel('I have saved my recovery code').check();
    expect(await page.getByRole('button', { name: 'Continue' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    for (const name of ['Journal', 'People', 'Search', 'Settings', 'New entry', 'Lock']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(1);
    }
  });

  it('writes a guided entry with an @mention and two parts, and says Saved', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    for (const name of ['Given', 'Received', 'Unsaid', 'Note']) await page.getByRole('region', { name, exact: true }).waitFor();
    const date = page.getByLabel('Entry date');
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    expect(await date.inputValue()).toBe(today);

    await partText('Given').first().click();
    await page.keyboard.type('Cooked dinner for ');
    await page.keyboard.type('@Sam');
    await page.getByRole('listbox').waitFor();
    await page.getByRole('option', { name: 'Add person “Sam”' }).waitFor();
    await page.keyboard.press('Enter');
    // The person is created in the journal first; then the mention appears.
    await page.locator('.composer-editor .mention').first().waitFor();
    await page.keyboard.type('so she could rest after her exam.');
    await partText('Received').first().click();
    await page.keyboard.type('A long hug and a thank-you note on the fridge.');

    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
    expect(await saveStatus(page).textContent()).toBe('Saved');
    expect(await page.locator('.composer-editor .mention').first().textContent()).toContain('Sam');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lists the entry in the Journal with its date, person and first lines; the Journal passes axe', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const row = page.locator('.journal-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Sam');
    expect(await row.textContent()).toContain('Cooked dinner for Sam');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('locks, refuses a wrong passphrase with an alert about the passphrase, and unlocks to the same entry', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    expect(await page.locator('.journal-row').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Passphrase', { exact: true }).fill('not the right passphrase');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect((await alert.textContent())?.toLowerCase()).toContain('passphrase');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row .journal-open').first().click();
    await page.getByRole('region', { name: 'Given', exact: true }).waitFor();
    expect(await partText('Given').first().textContent()).toBe('Cooked dinner for Sam so she could rest after her exam.');
    expect(await partText('Received').first().textContent()).toBe('A long hug and a thank-you note on the fridge.');
    expect(await page.locator('.composer-editor .mention').count()).toBe(1);
  });

  it('keeps every keyboard path: Ctrl+N new entry, Ctrl+K search, Ctrl+L lock', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('searchbox', { name: 'Search your journal' }).waitFor();
    await page.keyboard.type('fridge');
    await page.locator('.search-results mark').first().waitFor();
    expect(await page.locator('.search-results mark').first().textContent()).toMatch(/fridge/i);
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'New entry' }).waitFor();
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
  });

  it('asks before deleting an entry, keeps it on "Keep it", removes it on "Delete"', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await partText('Note').first().click();
    await page.keyboard.type('A short one to delete.');
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row .journal-open').first().waitFor();
    expect(await page.locator('.journal-row').count()).toBe(2);
    const row = page.locator('.journal-row', { hasText: 'A short one to delete.' });
    // Delete is in the row's menu (the row itself stays one Tab stop)…
    await row.getByRole('button', { name: /^More for the entry of / }).click();
    await row.getByRole('menu').getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this entry?' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.journal-row').count()).toBe(2);
    // …and on the Delete key of a focused row.
    await row.locator('.journal-open').focus();
    await page.keyboard.press('Delete');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('.journal-row', { hasText: 'A short one to delete.' }).waitFor({ state: 'detached' });
    expect(await page.locator('.journal-row').count()).toBe(1);
    expect(await page.locator('.journal-row').textContent()).toContain('Cooked dinner for Sam');
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});

describe('First run on a vault that already exists', () => {
  it('is never offered: the host starts at Unlock', async () => {
    const again = await openHarness({ vaultDir: h.vaultDir, browser: h.browser });
    try {
      await again.page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
      expect(await again.page.getByRole('button', { name: 'Create journal' }).count()).toBe(0);
    } finally {
      await again.close();
    }
  });
});

