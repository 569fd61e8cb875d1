/**
 * The app's import preview says what will happen before anything is written — the same facts as
 * `mutual import` — and the import does what it said: a small Day One export (entries across
 * midnight in several zones, photos found and missing, a missing time zone, an empty entry, tags
 * with spaces and CJK, links between entries), through the web host in Chromium. An imported
 * entry opens without a prompt: it was not written in answer to one.
 */
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntrySummary, PersonSummary } from '../../electron/shared/contract';
import { prompts } from '../../electron/shared/prompts';
import { call } from './call';
import { axeViolations, createJournal, openHarness, type Harness } from './support';

const SOURCE = resolve(import.meta.dirname, '../fixtures/import/dayone-zones');

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  await call(h, 'people.upsert', { name: 'Sam', kind: 'friend' });
});

afterAll(async () => {
  await h?.close();
});

function panel(page: Page): Locator {
  return page.getByRole('region', { name: 'Import from another journal', exact: true });
}

async function look(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { name: 'Your data', level: 2 }).waitFor();
  const imp = panel(page);
  await imp.getByLabel('What to import').selectOption({ label: 'Day One export (folder)' });
  await imp.getByLabel('Import from').fill(SOURCE);
  await imp.getByRole('button', { name: 'Look at what will come in' }).click();
  await imp.getByRole('heading', { name: 'What will come in' }).waitFor({ timeout: 30_000 });
  return imp;
}

describe('importing a Day One export in the app', () => {
  it('shows what will come in, then imports exactly that', async () => {
    const { page } = h;
    const imp = await look(page);
    const plan = imp.locator('.import-plan');
    const text = (await plan.textContent()) ?? '';
    expect(text).toContain(`8 entries from ${SOURCE}, written from 2004-10-12 to 2024-05-06, each into the Note part of a new entry.`);
    expect(text).toContain('Tags: #Green Island (1), #Sam (1), #starred (1), #travel plans (1), #绿岛 (1).');
    expect(text).toContain('Photos: 2 in the export, brought in with their entries; 1 missing from it, marked in its entry instead.');
    expect(text).toContain('2 entries have no time zone that can be used and are dated in UTC (Journal.json, entry 6; Journal.json, entry 7).');
    expect(text).toContain('Left out, and why:');
    expect(text).toContain('Empty entries (no text, photo or tag) are skipped: 1 (Journal.json, entry 8).');
    expect(text).toContain('Links to Day One entries that are not in this export are kept as text: 1');

    // Sam, already a person here, is matched; a new name is offered as new; a tag stays a tag.
    const names = imp.getByRole('group', { name: 'Names that look like people' });
    const tags = imp.getByRole('group', { name: 'Tags' });
    expect(await names.getByLabel(/^Sam/).inputValue()).toMatch(/^person:/);
    expect(await names.getByLabel(/^Noor/).inputValue()).toBe('create');
    expect(await tags.getByLabel(/^绿岛/).inputValue()).toBe('ignore');
    await names.getByLabel(/^Ana Lucía/).selectOption({ label: 'Not a person — leave as text' });
    await tags.getByLabel(/^Green Island/).selectOption({ label: 'Add as a new person' });
    expect(await axeViolations(page), 'the import preview').toEqual([]);

    await imp.getByRole('button', { name: 'Import 8 entries' }).click();
    const summary = imp.getByRole('status').filter({ hasText: 'Imported' });
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toContain(`Imported 8 entries from ${SOURCE}, and added 2 new people. They are in your Journal now. Left out: 1 empty entry.`);

    const people = ((await call(h, 'people.list', {})) as PersonSummary[]).map((p) => p.name).sort();
    expect(people).toEqual(['Green Island', 'Noor', 'Sam']);
    const list = (await call(h, 'entries.list', { limit: 50 })) as { total: number; items: EntrySummary[] };
    expect(list.total).toBe(8);
    const boise = list.items.find((e) => e.date === '2004-10-12');
    expect(boise).toBeDefined();

    // The second look finds them all already here, and leaving them out imports nothing.
    await imp.getByRole('button', { name: 'Import something else' }).click();
    await imp.getByRole('button', { name: 'Look at what will come in' }).click();
    await imp.getByRole('heading', { name: 'What will come in' }).waitFor({ timeout: 30_000 });
    expect(await imp.locator('.import-plan').textContent()).toContain('8 entries have the same date and words as one already in your journal');
    await imp.getByLabel('Leave them out').check();
    expect(await imp.getByRole('button', { name: 'Import 0 entries' }).isDisabled()).toBe(true);
    expect(h.consoleErrors).toEqual([]);
  });

  it('opens an imported entry with no prompt above its parts', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    const listButton = page.getByRole('group', { name: 'Show the journal as' }).getByRole('button', { name: 'List' });
    if ((await listButton.getAttribute('aria-pressed')) !== 'true') await listButton.click();
    await page.locator('.journal-row', { hasText: 'Zone written with a backslash.' }).locator('.journal-open').click();
    const part = (name: string) => page.getByRole('region', { name, exact: true });
    await part('Note').getByText('Zone written with a backslash.').waitFor();
    // Every part is there, titled, and none is asked a question the import never asked.
    for (const name of ['Given', 'Received', 'Unsaid', 'Note']) await part(name).waitFor();
    expect(await page.locator('.composer-editor .entry-section__prompt').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Another prompt/ }).count()).toBe(0);
    const text = (await page.locator('.composer-editor').textContent()) ?? '';
    for (const prompt of prompts) expect(text, prompt.id).not.toContain(prompt.text);
    expect(h.consoleErrors).toEqual([]);
  });
});
