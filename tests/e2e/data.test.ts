/**
 * Settings → Your data in the browser, through the web host: Export (JSON and Markdown) after the
 * not-encrypted warning, Back up now, the backup settings, Restore into a new folder (opened here
 * with the core and the same passphrase) and in place of the journal, Import of a Day One export
 * with the people confirmation, a malformed file, and Cancel part-way through a large import —
 * each with its progress bar with counts and its summary. Settings passes axe in both themes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/handlers';
import { openSession } from '../../electron/core/session/session';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../electron/core/services/export';
import type { EntrySummary, PersonSummary, Settings } from '../../electron/shared/contract';
import { docFromPlainText } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, PASSPHRASE, unlock, type Harness } from './support';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/import');
const CANARY = 'PLAINTEXT-CANARY-peonies-7c41e9';

let h: Harness;
let work: string;
let anaId = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mutual-e2e-data-'));
  h = await openHarness();
  await createJournal(h.page);
  const ana = (await call(h, 'people.upsert', { name: 'Ana Lucía', kind: 'friend' })) as { id: string };
  anaId = ana.id;
  const notes = [`Tea with Ana. ${CANARY}`, 'Walked by the river and listened.', 'Called my sister to check in.'];
  for (const [i, note] of notes.entries()) {
    await call(h, 'entries.create', { date: `2026-01-0${i + 1}`, doc: docFromPlainText({ note, given: i === 0 ? 'Time and tea' : '' }, i === 0 ? [{ id: anaId, name: 'Ana Lucía' }] : []) });
  }
});

afterAll(async () => {
  await h?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { name: 'Your data', level: 2 }).waitFor();
}

async function entryTotal(): Promise<number> {
  return ((await call(h, 'entries.list', { limit: 1 })) as { total: number }).total;
}

/** Waits until the progress bar shows `done of total` (aria and the visible count). */
async function expectProgressReached(bar: Locator, total: number, noun: string): Promise<void> {
  await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 20_000 }).toBe(String(total));
  expect(await bar.getAttribute('aria-valuemax')).toBe(String(total));
  const text = `${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${noun}`;
  expect(await bar.getAttribute('aria-valuetext')).toBe(text);
  expect(await bar.locator('xpath=..').getByText(text, { exact: true }).isVisible()).toBe(true);
}

function panel(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

describe('your data: export, backup, restore and import', () => {
  it('Settings passes axe in the light and the dark theme', async () => {
    const { page } = h;
    await openSettings(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), `Settings, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // The web host has no file dialogs: plain path fields, no "Choose…" buttons.
    expect(await page.getByRole('button', { name: /^Choose…/ }).count()).toBe(0);
  });

  it('exports to JSON only after the not-encrypted warning, with counts and a summary', async () => {
    const { page } = h;
    const out = join(work, 'journal.json');
    const exp = panel(page, 'Export');
    await exp.getByLabel('JSON file').check();
    await exp.getByLabel('Save the JSON file as').fill(out);

    // Stop: nothing is written.
    await exp.getByRole('button', { name: 'Export…' }).click();
    const warning = page.getByRole('dialog', { name: 'Exports are not encrypted' });
    await warning.waitFor();
    expect(await warning.getByText(EXPORT_NOT_ENCRYPTED_WARNING, { exact: true }).isVisible()).toBe(true);
    expect(await axeViolations(page), 'the warning').toEqual([]);
    await warning.getByRole('button', { name: 'Stop' }).click();
    await warning.waitFor({ state: 'detached' });
    expect(existsSync(out)).toBe(false);

    // Go on: the export is written, the bar reaches the total, the summary says what and where.
    await exp.getByRole('button', { name: 'Export…' }).click();
    expect(existsSync(out)).toBe(false);
    await warning.getByRole('button', { name: 'Go on and export' }).click();
    await expectProgressReached(exp.getByRole('progressbar', { name: 'Exporting' }), 3, 'entries');
    const summary = exp.getByRole('status').filter({ hasText: 'Exported' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`Exported 3 entries and 1 person as one JSON file to ${out}`);
    expect(await summary.textContent()).toContain('not encrypted');

    const written = JSON.parse(readFileSync(out, 'utf8')) as { format: string; entries: { date: string }[]; people: { name: string }[] };
    expect(written.format).toBe('mutual-export');
    expect(written.entries.map((e) => e.date).sort()).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(written.people.map((p) => p.name)).toEqual(['Ana Lucía']);
    expect(readFileSync(out, 'utf8')).toContain(CANARY);
  });

  it('exports to a Markdown folder, and refuses a relative path or an existing file with the journal’s message', async () => {
    const { page } = h;
    const exp = panel(page, 'Export');
    const field = exp.getByLabel('Save the Markdown folder as');
    await exp.getByLabel('Markdown folder').check();

    await field.fill('relative/export');
    await exp.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Exports are not encrypted' }).getByRole('button', { name: 'Go on and export' }).click();
    await exp.getByText('use a full path', { exact: false }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    const out = join(work, 'markdown-export');
    await field.fill(out);
    await exp.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Exports are not encrypted' }).getByRole('button', { name: 'Go on and export' }).click();
    await expectProgressReached(exp.getByRole('progressbar', { name: 'Exporting' }), 3, 'entries');
    const summary = exp.getByRole('status').filter({ hasText: 'Exported' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`Exported 3 entries and 1 person as a Markdown folder to ${out}`);
    const files = readdirSync(join(out, 'entries')).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^2026-01-01-/);
    expect(readdirSync(join(out, 'people'))).toEqual(['Ana Lucía.md']);
    const first = readFileSync(join(out, 'entries', files[0]!), 'utf8');
    expect(first).toMatch(/^---\n/);
    expect(first).toContain(CANARY);

    // The same folder again: the journal will not overwrite it, and says so.
    await exp.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Exports are not encrypted' }).getByRole('button', { name: 'Go on and export' }).click();
    const refused = exp.getByRole('alert').filter({ hasText: 'will not overwrite' });
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.textContent()).toContain('Nothing was written');
    expect(readdirSync(join(out, 'entries'))).toHaveLength(3);
  });

  it('saves the backup settings and the reminder notification choice', async () => {
    const { page } = h;
    const folder = join(work, 'backups');
    const before = (await call(h, 'settings.get', {})) as Settings;
    expect(before.backupEvery).toBe('daily');
    expect(before.notifyReminders).toBe(false);
    await page.getByLabel('How often').selectOption('weekly');
    await page.getByLabel('Keep the last').fill('3');
    await page.getByLabel('Backup folder', { exact: true }).fill(folder);
    await page.getByRole('button', { name: 'Save backup settings' }).click();
    await page.getByText('Saved. Mutual will back up every week and keep the last 3.').waitFor();
    const toggle = page.getByLabel('Notify me on remind-on dates');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(async () => ((await call(h, 'settings.get', {})) as Settings).notifyReminders).toBe(true);
    const after = (await call(h, 'settings.get', {})) as Settings;
    expect(after).toMatchObject({ backupEvery: 'weekly', backupKeep: 3, backupFolder: folder, notifyReminders: true });
    // The backup panel now offers that folder.
    expect(await panel(page, 'Back up now').getByText(folder).isVisible()).toBe(true);
  });

  let backupFile = '';

  it('backs up now into the backup folder: one encrypted file without the plaintext', async () => {
    const { page } = h;
    const folder = join(work, 'backups');
    const backup = panel(page, 'Back up now');
    await backup.getByLabel(/In my backup folder/).check();
    await backup.getByRole('button', { name: 'Back up now' }).click();
    await expectProgressReached(backup.getByRole('progressbar', { name: 'Backing up' }), 1, 'backup');
    const summary = backup.getByRole('status').filter({ hasText: 'Saved an encrypted backup' });
    await summary.waitFor();
    const files = readdirSync(folder).filter((f) => f.endsWith('.mutualbackup'));
    expect(files).toHaveLength(1);
    backupFile = join(folder, files[0]!);
    expect(await summary.textContent()).toContain(backupFile);
    const bytes = readFileSync(backupFile);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(bytes.includes(Buffer.from(CANARY))).toBe(false);
    expect(bytes.includes(Buffer.from('Walked by the river'))).toBe(false);
    await page.getByText(/The last backup was made on/).waitFor();
  });

  it('restores into a new folder, which opens with the same passphrase and holds every entry', async () => {
    const { page } = h;
    const restore = panel(page, 'Restore from a backup');
    const target = join(work, 'restored-journal');

    // Not a backup: the journal's message, and nothing restored.
    await restore.getByLabel('Backup file').fill(join(FIXTURES, 'jrnl.json'));
    await restore.getByLabel(/Into a new folder/).check();
    await restore.getByLabel('New journal folder').fill(target);
    await restore.getByRole('button', { name: 'Restore…' }).click();
    const refused = restore.getByRole('alert').filter({ hasText: 'is not a Mutual backup' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Nothing was restored');
    expect(existsSync(target)).toBe(false);

    await restore.getByLabel('Backup file').fill(backupFile);
    await restore.getByRole('button', { name: 'Restore…' }).click();
    await expectProgressReached(restore.getByRole('progressbar', { name: 'Restoring' }), 1, 'backup');
    const summary = restore.getByRole('status').filter({ hasText: 'Restored the backup' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`Restored the backup into ${target}`);

    const session = openSession(target);
    try {
      const handlers = createHandlers(session);
      expect(await handlers['vault.unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: true });
      const list = await handlers['entries.list']({});
      if (!list.ok) throw new Error(list.error.message);
      expect(list.value.total).toBe(3);
      expect(list.value.items.some((e: EntrySummary) => e.excerpt.includes(CANARY))).toBe(true);
    } finally {
      session.close();
    }
    // The journal open in the browser is still the same one, unlocked.
    expect(((await call(h, 'vault.status', {})) as { state: string }).state).toBe('unlocked');
  });

  it('imports a Day One export after the person confirms who the names are', async () => {
    const { page } = h;
    const imp = panel(page, 'Import from another journal');
    await imp.getByLabel('What to import').selectOption({ label: 'Day One export (folder)' });
    await imp.getByLabel('Import from').fill(join(FIXTURES, 'dayone'));
    await imp.getByRole('button', { name: 'Look at what will come in' }).click();
    await imp.getByRole('heading', { name: 'What will come in' }).waitFor({ timeout: 20_000 });
    expect(await imp.getByText(/^2 entries from/).isVisible()).toBe(true);

    const sam = imp.getByLabel(/^Sam/);
    const work_ = imp.getByLabel(/^work/);
    const ana = imp.getByLabel(/^Ana Lucía/);
    // A name already in the journal is matched to that person; a new one is offered as new.
    expect(await ana.inputValue()).toBe(`person:${anaId}`);
    expect(await sam.inputValue()).toBe('create');
    // A tag stays a tag unless the person says it is someone.
    expect(await work_.inputValue()).toBe('ignore');
    expect(await axeViolations(page), 'the import plan').toEqual([]);

    await imp.getByRole('button', { name: 'Import 2 entries' }).click();
    await expectProgressReached(imp.getByRole('progressbar', { name: 'Importing' }), 2, 'entries');
    const summary = imp.getByRole('status').filter({ hasText: 'Imported' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`Imported 2 entries from ${join(FIXTURES, 'dayone')}, and added 1 new person.`);

    expect(await entryTotal()).toBe(5);
    const people = (await call(h, 'people.list', {})) as PersonSummary[];
    expect(people.map((p) => p.name).sort()).toEqual(['Ana Lucía', 'Sam']);
    expect(people.find((p) => p.name === 'Ana Lucía')?.entryCount).toBe(2);

    await imp.getByRole('button', { name: 'Open the Journal' }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Entries, newest first' });
    await list.getByText(/Walked with Sam by the river/).waitFor();
    expect(await list.getByText(/With Sam/).count()).toBeGreaterThan(0);
    // The hostile entry came in as text.
    await list.getByText(/<script>window.__pwned = true<\/script>/).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });

  it('a malformed export gives a message naming the file, and nothing changes', async () => {
    const { page } = h;
    await openSettings(page);
    const imp = panel(page, 'Import from another journal');
    await imp.getByLabel('What to import').selectOption({ label: 'Day One export (.zip or .json file)' });
    await imp.getByLabel('Import from').fill(join(FIXTURES, 'dayone-malformed.json'));
    await imp.getByRole('button', { name: 'Look at what will come in' }).click();
    const message = imp.getByRole('alert').filter({ hasText: 'dayone-malformed.json' });
    await message.waitFor({ timeout: 20_000 });
    expect(await message.textContent()).toMatch(/Could not import dayone-malformed\.json, entry 2/);
    expect(await message.textContent()).toContain('exactly as it was');
    expect(await imp.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    expect(await entryTotal()).toBe(5);
  });

  it('cancelling a large import part-way leaves the journal exactly as it was', async () => {
    const { page } = h;
    const file = join(work, 'big-dayone.json');
    const n = 40_000;
    const entries = Array.from({ length: n }, (_, i) => ({ creationDate: new Date(Date.UTC(2010, 0, 1) + i * 3600_000).toISOString(), text: `Big ${i}: a walk with @Rowan and a long talk about the week` }));
    writeFileSync(file, JSON.stringify({ metadata: { version: '1.0' }, entries }));

    const imp = panel(page, 'Import from another journal');
    await imp.getByLabel('Import from').fill(file);
    await imp.getByRole('button', { name: 'Look at what will come in' }).click();
    await imp.getByRole('heading', { name: 'What will come in' }).waitFor({ timeout: 60_000 });
    await imp.getByRole('button', { name: `Import ${n.toLocaleString('en-US')} entries` }).click();

    const bar = imp.getByRole('progressbar', { name: 'Importing' });
    // Counts as it goes, against the total the preview found.
    await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0), { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(n));
    expect(await bar.getAttribute('aria-valuetext')).toMatch(new RegExp(`^[\\d,]+ of ${n.toLocaleString('en-US')} entries$`));
    await imp.getByRole('button', { name: 'Cancel' }).click();
    await imp.getByRole('status').filter({ hasText: 'The import was cancelled' }).waitFor({ timeout: 30_000 });
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(n);
    expect(await entryTotal()).toBe(5);
    const people = (await call(h, 'people.list', {})) as PersonSummary[];
    expect(people.map((p) => p.name)).not.toContain('Rowan');
  });

  it('Settings with summaries and progress bars still passes axe in both themes', async () => {
    const { page } = h;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), `Settings after the work, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('replaces the journal only after a confirmation naming it; the old one is kept aside and the restored one unlocks', async () => {
    const { page } = h;
    const restore = panel(page, 'Restore from a backup');
    await restore.getByLabel('Backup file').fill(backupFile);
    await restore.getByLabel(/In place of the journal open now/).check();
    await restore.getByRole('button', { name: 'Restore…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Replace your journal?' });
    await confirm.waitFor();
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain(h.vaultDir);
    expect(text).toContain(`${basename(h.vaultDir)}.replaced-`);
    expect(text).toContain(dirname(h.vaultDir));
    expect(await axeViolations(page), 'the replace confirmation').toEqual([]);

    // Keeping it changes nothing.
    await confirm.getByRole('button', { name: 'Keep my journal' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await entryTotal()).toBe(5);

    await restore.getByRole('button', { name: 'Restore…' }).click();
    await confirm.getByRole('button', { name: 'Replace my journal' }).click();
    const summary = restore.getByRole('status').filter({ hasText: 'Your journal was replaced' });
    await summary.waitFor({ timeout: 20_000 });
    const kept = /kept at (\S+?)\.?\s*Your journal is now locked/.exec((await summary.textContent()) ?? '')?.[1] ?? '';
    expect(kept).toMatch(new RegExp(`^${h.vaultDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.replaced-`));
    expect(readdirSync(kept).length).toBeGreaterThan(0);
    // The journal announced that it locked; the summary stays until the person moves on (the
    // layout holds it), and asking the journal confirms it is locked while it shows.
    await expect.poll(async () => ((await call(h, 'vault.status', {})) as { state: string }).state).toBe('locked');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await summary.isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Unlock your journal' }).count()).toBe(0);

    await restore.getByRole('button', { name: 'Unlock the restored journal' }).click();
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    expect(await page.getByText(/locked itself/i).count()).toBe(0);
    await unlock(page);
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
    // The backup was made before the imports: three entries, as then.
    expect(await entryTotal()).toBe(3);
    rmSync(kept, { recursive: true, force: true });
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
