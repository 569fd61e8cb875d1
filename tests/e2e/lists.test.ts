/**
 * Lists never go stale, in the browser: every view reads through one data layer that marks stale
 * what each write changed. Each case is a way a hand-kept list used to fall behind the journal:
 * two unsaid items marked quickly, "Show more" clicked twice, an entry deleted while "On this day"
 * showed it, a replace-restore that failed after the journal had closed, backup settings typed but
 * not saved while another setting was saved, a failed search, and a job started just before
 * leaving Settings. Where the race needs a moment held open, the test holds the journal's answer
 * (page.route) rather than hoping for a slow machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, JobStatus, OpenUnsaidItem, Person, Settings } from '../../electron/shared/contract';
import { docFromPlainText } from '../../electron/shared/doc';
import { call } from './call';
import { createJournal, openHarness, unlock, type Harness } from './support';

let h: Harness;
let work: string;
let today = '';
const people: Record<'sam' | 'noor', Person> = {} as never;
let yearAgoId = '';
const NOOR_ITEMS = 25;

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const section = (name: string | RegExp) => h.page.getByRole('region', { name });

async function openPerson(name: string): Promise<void> {
  const { page } = h;
  await page.getByRole('button', { name: 'People', exact: true }).click();
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await page.getByRole('list', { name: 'People', exact: true }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await section('Still unsaid').locator('.person-unsaid, p.quiet').first().waitFor();
}

async function openSettings(): Promise<void> {
  await h.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await h.page.getByRole('heading', { name: 'Your data', level: 2 }).waitFor();
}

/** Holds the journal's answers on one channel until `release` is called (requests still arrive in order). */
async function hold(pattern: string, only: (n: number) => boolean = () => true): Promise<{ release: () => void; seen: () => number }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let count = 0;
  await h.page.route(pattern, async (route: Route) => {
    const n = ++count;
    if (only(n)) await released;
    await route.continue();
  });
  return { release, seen: () => count };
}

async function jobDone(jobId: string): Promise<JobStatus> {
  for (;;) {
    const status = (await call(h, 'jobs.status', { jobId })) as JobStatus;
    if (status.state !== 'running') return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mutual-e2e-lists-'));
  h = await openHarness();
  await createJournal(h.page);
  today = await h.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  people.sam = (await call(h, 'people.upsert', { name: 'Sam', kind: 'friend' })) as Person;
  people.noor = (await call(h, 'people.upsert', { name: 'Noor', kind: 'family' })) as Person;
  const create = async (date: string, texts: Parameters<typeof docFromPlainText>[0], who: Person[]) =>
    ((await call(h, 'entries.create', { date, doc: docFromPlainText(texts, who) })) as Entry).id;
  await create(shift(today, -2), { given: 'Walked with Sam by the river', unsaid: 'Tell Sam about the new job\nAsk Sam how the move went' }, [people.sam]);
  for (let i = 1; i <= NOOR_ITEMS; i++) await create(shift(today, -3 - i), { unsaid: `Ask Noor about day ${i}` }, [people.noor]);
  const [y, md] = [Number(today.slice(0, 4)), today.slice(5)];
  yearAgoId = await create(md === '02-29' ? `${y - 4}-02-29` : `${y - 1}-${md}`, { given: 'Planted tulips with Sam on a cold morning' }, [people.sam]);
});

afterAll(async () => {
  await h?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('lists never go stale', () => {
  it('(1) marking two unsaid items quickly on a person page keeps both marked', async () => {
    const { page } = h;
    await openPerson('Sam');
    const unsaid = section('Still unsaid');
    const first = unsaid.getByRole('group', { name: 'Tell Sam about the new job' });
    const second = unsaid.getByRole('group', { name: 'Ask Sam how the move went' });
    await second.waitFor();
    // The first answer is held until the second item has been marked too.
    const held = await hold('**/api/entries.setUnsaidState', (n) => n === 1);
    await first.getByRole('button', { name: 'Said' }).click();
    await second.getByRole('button', { name: 'Let go' }).click();
    await expect.poll(held.seen).toBe(2);
    held.release();
    await expect
      .poll(async () => ((await call(h, 'people.openUnsaid', { personId: people.sam.id })) as OpenUnsaidItem[]).length)
      .toBe(0);
    await unsaid.getByText('Nothing about Sam is waiting to be said.').waitFor();
    // Read again from the journal (a fresh page), neither comes back.
    await openPerson('Sam');
    await section('Still unsaid').getByText('Nothing about Sam is waiting to be said.').waitFor();
    expect(await first.count()).toBe(0);
    expect(await second.count()).toBe(0);
    await page.unroute('**/api/entries.setUnsaidState');
  });

  it('(2) "Show more unsaid items" clicked twice adds the next page once', async () => {
    const { page } = h;
    await openPerson('Noor');
    const unsaid = section('Still unsaid');
    const more = unsaid.getByRole('button', { name: 'Show more unsaid items' });
    await more.waitFor();
    expect(await unsaid.locator('.person-unsaid-item').count()).toBe(20);
    await more.dblclick();
    await more.waitFor({ state: 'detached' });
    const texts = await unsaid.locator('.person-unsaid-item .person-quote').allTextContents();
    expect(texts).toHaveLength(NOOR_ITEMS);
    expect(new Set(texts).size).toBe(NOOR_ITEMS);
    expect(await page.locator('.person-unsaid-item').count()).toBe(NOOR_ITEMS);
  });

  it('(3) "On this day" lets go of an entry deleted from the journal list', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const onThisDay = section('On this day');
    await onThisDay.getByRole('button', { name: /Planted tulips with Sam/ }).waitFor();
    // The year-old entry is the last row: the page itself scrolls to it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const row = page.locator('.journal-row').filter({ hasText: 'Planted tulips with Sam' });
    await row.waitFor();
    await row.locator('.journal-open').focus();
    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Delete this entry?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await onThisDay.waitFor({ state: 'detached' });
    await expect.poll(async () => ((await call(h, 'entries.list', { limit: 1 })) as { total: number }).total).toBe(NOOR_ITEMS + 1);
    await expect(call(h, 'entries.get', { id: yearAgoId })).rejects.toThrow(/NOT_FOUND/);
  });

  it('(5) backup settings typed but not saved stay when another setting is saved', async () => {
    const { page } = h;
    await openSettings();
    const keep = page.getByLabel('Keep the last');
    const folder = page.getByLabel('Backup folder', { exact: true });
    await page.waitForFunction(() => (document.getElementById('backup-keep') as HTMLInputElement | null)?.value === '10');
    await keep.fill('7');
    await folder.fill(join(work, 'typed-backups'));
    const reread = page.waitForResponse('**/api/settings.get');
    await page.getByLabel('Notify me on remind-on dates').check();
    await reread;
    await expect.poll(async () => ((await call(h, 'settings.get', {})) as Settings).notifyReminders).toBe(true);
    expect(await page.getByLabel('Notify me on remind-on dates').isChecked()).toBe(true);
    expect(await keep.inputValue()).toBe('7');
    expect(await folder.inputValue()).toBe(join(work, 'typed-backups'));
    // The auto-lock minutes saved meanwhile do not take them away either.
    await page.getByLabel('Lock after minutes away').fill('30');
    await page.getByRole('button', { name: 'Save auto-lock' }).click();
    await page.getByText('Mutual will lock after 30 minutes away.').waitFor();
    expect(await keep.inputValue()).toBe('7');
    // Saved, they are what the journal keeps.
    await page.getByRole('button', { name: 'Save backup settings' }).click();
    await page.getByText('Saved. Mutual will back up every day and keep the last 7.').waitFor();
    expect((await call(h, 'settings.get', {})) as Settings).toMatchObject({ backupKeep: 7, backupFolder: join(work, 'typed-backups'), autoLockMinutes: 30 });
  });

  it('(6) after a failed search the same query can be tried again, and older results do not stay under the error', async () => {
    const { page } = h;
    const box = page.getByRole('searchbox', { name: 'Search your journal' });
    const results = page.getByRole('list', { name: 'Results' });
    await page.keyboard.press('Control+k');
    await box.fill('river');
    await page.locator('.search-results-area[data-results-for="river"]').waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);

    let failing = true;
    await page.route('**/api/search.query', async (route) => {
      if (!failing) return route.continue();
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'The search stumbled. Try again.' } }) });
    });
    await box.fill('Noor');
    const error = page.getByRole('alert').filter({ hasText: 'The search stumbled' });
    await error.waitFor();
    // The results of "river" are not left under the error as if they were Noor's.
    expect(await results.count()).toBe(0);

    failing = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.search-results-area[data-results-for="Noor"]').waitFor();
    await error.waitFor({ state: 'detached' });
    expect(await results.getByRole('listitem').count()).toBeGreaterThan(0);

    // Failing again, then typing the very same query again asks again.
    failing = true;
    await box.fill('tulips');
    await error.waitFor();
    failing = false;
    await box.fill('');
    await box.fill('tulips');
    await page.locator('.search-results-area[data-results-for="tulips"]').waitFor();
    await error.waitFor({ state: 'detached' });
    await page.unroute('**/api/search.query');
  });

  it('(7) a job started just before leaving Settings shows its progress on return', async () => {
    const { page } = h;
    await openSettings();
    const out = join(work, 'export.json');
    const exp = page.getByRole('region', { name: 'Export', exact: true });
    await exp.getByLabel('JSON file').check();
    await exp.getByLabel('Save the JSON file as').fill(out);
    await exp.getByRole('button', { name: 'Export…' }).click();
    // The journal's answer that the job started is held until the person has left Settings.
    const held = await hold('**/api/export.run');
    const started = page.waitForResponse('**/api/export.run');
    await page.getByRole('dialog', { name: 'Exports are not encrypted' }).getByRole('button', { name: 'Go on and export' }).click();
    await expect.poll(held.seen).toBe(1);
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    held.release();
    await started;
    await openSettings();
    const bar = page.getByRole('region', { name: 'Export', exact: true }).getByRole('progressbar', { name: 'Exporting' });
    await bar.waitFor();
    await page.getByRole('region', { name: 'Export', exact: true }).getByRole('status').filter({ hasText: 'Exported' }).waitFor();
    expect(await bar.getAttribute('aria-valuetext')).toBe(`${NOOR_ITEMS + 1} of ${NOOR_ITEMS + 1} entries`);
    await page.unroute('**/api/export.run');
  });

  it('(4) a replace-restore that fails after the journal closed gives way to the Unlock screen, saying why', async () => {
    const { page } = h;
    const file = join(work, 'for-restore.mutualbackup');
    expect((await jobDone(((await call(h, 'backup.run', { out: file })) as { jobId: string }).jobId)).state).toBe('done');
    await openSettings();
    // The journal checks the file, closes itself for the replace, and then the replace fails.
    await page.route('**/api/backup.restore', async (route) => {
      await call(h, 'vault.lock', {});
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'The backup could not be unpacked' } }) });
    });
    const restore = page.getByRole('region', { name: 'Restore from a backup', exact: true });
    await restore.getByLabel('Backup file').fill(file);
    await restore.getByLabel(/In place of the journal open now/).check();
    await restore.getByRole('button', { name: 'Restore…' }).click();
    await page.getByRole('dialog', { name: 'Replace your journal?' }).getByRole('button', { name: 'Replace my journal' }).click();
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    const note = page.getByText(/The backup could not be restored: The backup could not be unpacked\./);
    await note.waitFor();
    expect(await note.textContent()).toContain('unlock it to carry on');
    await page.unroute('**/api/backup.restore');
    await unlock(page);
    expect(((await call(h, 'entries.list', { limit: 1 })) as { total: number }).total).toBe(NOOR_ITEMS + 1);
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
