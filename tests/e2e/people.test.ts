/**
 * People in the browser: the list shows each person with their relationship, when they were last
 * reflected on, what is still unsaid and a picture of the last twelve months; a person's page
 * gathers the entries written about them (grouped into Given, Received and Unsaid), marks an
 * unsaid item said — which changes the entry —, keeps details they shared, asks a gentle question
 * only when the rhythm has leaned one way for weeks, merges two records without losing a mention,
 * and exports everything about them. The list and a person's page pass axe in both themes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, EntrySummary, Person, PersonPage, PersonSummary } from '../../electron/shared/contract';
import { docFromPlainText, unsaidItemsOf } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, type Harness } from './support';

let h: Harness;
let today = '';
const people: Record<'sam' | 'samuel' | 'ana', Person> = {} as never;
const entries: Record<'recent' | 'cooked' | 'yearAgo' | 'samuel' | 'anaOnly', string> = {} as never;
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-people-export-'));

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A date the way the page formats it (its own locale). */
function shown(date: string, style: 'long' | 'short'): Promise<string> {
  return h.page.evaluate(
    ([d, s]) =>
      new Intl.DateTimeFormat(
        undefined,
        s === 'long'
          ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
          : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' },
      ).format(new Date(`${d}T00:00:00Z`)),
    [date, style] as const,
  );
}

const peopleList = () => h.page.getByRole('list', { name: 'People', exact: true });
const rowOf = (name: string) => peopleList().getByRole('listitem').filter({ has: h.page.getByRole('button', { name, exact: true }) });
const section = (name: string | RegExp) => h.page.getByRole('region', { name });

async function openPeople(): Promise<void> {
  await h.page.getByRole('button', { name: 'People', exact: true }).click();
  await h.page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await peopleList().waitFor();
}

async function openPerson(name: string): Promise<void> {
  await openPeople();
  await rowOf(name).getByRole('button', { name, exact: true }).click();
  await h.page.getByRole('heading', { name, level: 1 }).waitFor();
  await section(`Reflections about ${name}`).locator('.person-timeline, .person-timeline-empty').first().waitFor();
}

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  today = await h.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  people.sam = (await call(h, 'people.upsert', { name: 'Sam', kind: 'friend', care: 'Small surprises, a note in the lunchbox' })) as Person;
  people.samuel = (await call(h, 'people.upsert', { name: 'Samuel', kind: 'family', needs: 'Quiet evenings' })) as Person;
  people.ana = (await call(h, 'people.upsert', { name: 'Ana', kind: 'professional' })) as Person;
  const create = async (date: string, texts: Parameters<typeof docFromPlainText>[0], who: Person[]) =>
    ((await call(h, 'entries.create', { date, doc: docFromPlainText(texts, who) })) as Entry).id;
  const [y, md] = [Number(today.slice(0, 4)), today.slice(5)];
  const yearAgo = md === '02-29' ? `${y - 4}-02-29` : `${y - 1}-${md}`;
  entries.recent = await create(shift(today, -10), { given: 'Drove Sam to the station before dawn.\nWent running alone.', unsaid: 'Tell Sam I am proud of her' }, [people.sam]);
  entries.cooked = await create(shift(today, -40), { received: 'Sam cooked dinner when I was tired' }, [people.sam]);
  entries.yearAgo = await create(yearAgo, { given: 'Planted tulips with Sam' }, [people.sam]);
  entries.samuel = await create(shift(today, -3), { given: 'Helped Samuel move boxes', unsaid: 'Ask Samuel about the exam' }, [people.samuel]);
  entries.anaOnly = await create(shift(today, -1), { note: 'Ana called about the report' }, [people.ana]);
  // Ana: nine weeks in a row on the giving side — long enough for the page to ask, gently.
  for (let week = 0; week < 9; week++) await create(shift(today, -7 * week - 2), { given: `Covered for Ana at work, week ${week}` }, [people.ana]);
});

afterAll(async () => {
  await h?.close();
  fs.rmSync(exportDir, { recursive: true, force: true });
});

describe('the people list', () => {
  it('shows each person with their relationship, last reflected on, what is still unsaid and the last twelve months', async () => {
    await openPeople();
    const sam = rowOf('Sam');
    expect(await sam.textContent()).toContain('Friend');
    expect(await sam.textContent()).toContain(`last reflected on ${await shown(shift(today, -10), 'short')}`);
    expect(await sam.textContent()).toContain('1 still unsaid');
    // The entry of a year ago is outside the last twelve months; the other two are in it.
    expect(await sam.getByRole('img').getAttribute('aria-label')).toMatch(/^Sam: in 2 entries over the last 12 months/);
    expect(await rowOf('Ana').getByRole('img').getAttribute('aria-label')).toMatch(/^Ana: in 10 entries over the last 12 months/);
    expect(await rowOf('Ana').textContent()).not.toContain('still unsaid');
    expect(await peopleList().getByRole('listitem').evaluateAll((els) => els.map((e) => e.querySelector('.person-open')?.textContent))).toEqual(['Ana', 'Sam', 'Samuel']);
  });

  it('passes axe in the light and the dark theme', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await h.page.emulateMedia({ colorScheme: scheme });
      await openPeople();
      expect(await axeViolations(h.page), `people list, ${scheme}`).toEqual([]);
    }
    await h.page.emulateMedia({ colorScheme: 'light' });
  });

  it('adds, renames, archives and brings back a person', async () => {
    const { page } = h;
    await openPeople();
    await page.getByLabel('Name', { exact: true }).fill('Grandma Rose');
    await page.getByLabel('Relationship', { exact: true }).selectOption('family');
    await page.getByRole('button', { name: 'Add person' }).click();
    await rowOf('Grandma Rose').waitFor();
    expect(await rowOf('Grandma Rose').textContent()).toContain('not in an entry yet');

    await rowOf('Grandma Rose').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Grandma Rose' });
    await dialog.getByLabel('Name').fill('Nana Rose');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await rowOf('Nana Rose').waitFor();
    expect(await rowOf('Nana Rose').textContent()).toContain('Family');

    await rowOf('Nana Rose').getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('status').filter({ hasText: 'Nana Rose was archived' }).waitFor();
    expect(await rowOf('Nana Rose').count()).toBe(0);
    await page.getByLabel('Show archived people').check();
    await rowOf('Nana Rose').waitFor();
    expect(await rowOf('Nana Rose').textContent()).toContain('archived');
    await rowOf('Nana Rose').getByRole('button', { name: 'Unarchive' }).click();
    await page.getByRole('status').filter({ hasText: 'Nana Rose is back' }).waitFor();
    await page.getByLabel('Show archived people').uncheck();
    await rowOf('Nana Rose').waitFor();
    const listed = (await call(h, 'people.list', {})) as PersonSummary[];
    expect(listed.find((p) => p.name === 'Nana Rose')).toMatchObject({ kind: 'family', archived: false });
  });
});

describe("a person's page", () => {
  it('gathers the entries written about them, grouped into Given, Received and Unsaid, and on this day', async () => {
    await openPerson('Sam');
    const timeline = section('Reflections about Sam');
    const items = timeline.locator('.person-timeline-entry');
    expect(await items.count()).toBe(3);
    expect(await timeline.textContent()).not.toContain('Ana called');
    expect(await timeline.textContent()).not.toContain('Samuel');
    // Newest first: ten days ago (Given and Unsaid), forty days ago (Received), a year ago (Given).
    const first = items.nth(0);
    expect(await first.locator('.part-given li').allTextContents()).toEqual(['Drove Sam to the station before dawn.']);
    expect(await first.locator('.part-unsaid li').allTextContents()).toEqual(['Tell Sam I am proud of her']);
    expect(await first.locator('.part-received').count()).toBe(0);
    expect(await items.nth(1).locator('.part-received li').allTextContents()).toEqual(['Sam cooked dinner when I was tired']);
    expect(await items.nth(2).locator('.part-given li').allTextContents()).toEqual(['Planted tulips with Sam']);
    expect(await items.nth(1).locator('h4').allTextContents()).toEqual(['Received']);

    const onThisDay = section('On this day with Sam');
    await onThisDay.getByRole('button', { name: /Planted tulips with Sam/ }).waitFor();
    expect(await onThisDay.textContent()).toMatch(/years? ago/);

    const about = h.page.getByRole('region', { name: 'About Sam', exact: true });
    expect(await about.textContent()).toContain('Small surprises, a note in the lunchbox');

    // The rhythm: a chart with a text alternative, month by month, and no question for a mixed rhythm.
    const figure = h.page.getByRole('figure', { name: 'Rhythm with Sam over the last 12 months' });
    await figure.waitFor();
    expect(await figure.locator('table tbody tr').count()).toBe(12);
    expect(await figure.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await h.page.locator('.rhythm-question').count()).toBe(0);

    // Opening a reflection opens its entry.
    await items.nth(1).getByRole('button', { name: `Open the entry of ${await shown(shift(today, -40), 'long')}` }).click();
    await h.page.getByRole('region', { name: 'Received', exact: true }).getByText('Sam cooked dinner when I was tired').waitFor();
  });

  it('marks an unsaid item said on the page, and the entry changes', async () => {
    const { page } = h;
    await openPerson('Sam');
    const unsaid = section('Still unsaid');
    await unsaid.getByRole('group', { name: 'Tell Sam I am proud of her' }).getByRole('button', { name: 'Said' }).click();
    // Said, with a few seconds to take it back.
    const toast = page.getByRole('status').filter({ hasText: 'is marked said' });
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Undo' }).waitFor();
    await unsaid.getByText('Nothing about Sam is waiting to be said.').waitFor();
    const entry = (await call(h, 'entries.get', { id: entries.recent })) as Entry;
    expect(unsaidItemsOf(entry.doc).map((i) => [i.text, i.state])).toEqual([['Tell Sam I am proud of her', 'said']]);
    // The entry itself shows it said.
    await section('Reflections about Sam')
      .getByRole('button', { name: `Open the entry of ${await shown(shift(today, -10), 'long')}` })
      .click();
    const item = page.getByRole('region', { name: 'Unsaid', exact: true }).locator('li[data-state]').filter({ hasText: 'Tell Sam I am proud of her' });
    await item.waitFor();
    expect(await item.getAttribute('data-state')).toBe('said');
    expect(((await call(h, 'people.list', {})) as PersonSummary[]).find((p) => p.id === people.sam.id)!.openUnsaid).toBe(0);
  });

  it('lets a said or let-go item be taken back for a few seconds', async () => {
    const { page } = h;
    await openPerson('Samuel');
    const unsaid = section('Still unsaid');
    await unsaid.getByRole('group', { name: 'Ask Samuel about the exam' }).getByRole('button', { name: 'Let go' }).click();
    const toast = page.getByRole('status').filter({ hasText: 'is marked let go' });
    await toast.waitFor();
    await unsaid.getByText('Nothing about Samuel is waiting to be said.').waitFor();
    await expect.poll(async () => unsaidItemsOf(((await call(h, 'entries.get', { id: entries.samuel })) as Entry).doc)[0]?.state).toBe('letGo');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await unsaid.getByRole('group', { name: 'Ask Samuel about the exam' }).waitFor();
    expect(unsaidItemsOf(((await call(h, 'entries.get', { id: entries.samuel })) as Entry).doc)[0]?.state).toBe('open');
    await page.getByRole('status').filter({ hasText: 'is open again' }).waitFor();
  });

  it('asks what someone added by a mention is to you, until chosen', async () => {
    const { page } = h;
    // Added without a kind (as a mention or an import adds them): the kind is not chosen yet.
    const maya = (await call(h, 'people.upsert', { name: 'Maya' })) as Person;
    expect(maya.kindChosen).toBe(false);
    await openPerson('Maya');
    const ask = page.getByRole('group', { name: 'Maya is a…' });
    await ask.waitFor();
    expect(await ask.getByRole('button').allTextContents()).toEqual(['friend', 'partner', 'family', 'colleague', 'someone else', 'Not now']);
    expect(await axeViolations(page)).toEqual([]);
    await ask.getByRole('button', { name: 'partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Maya’s relationship is Partner' }).waitFor();
    await ask.waitFor({ state: 'detached' });
    expect((await call(h, 'people.get', { id: maya.id })) as PersonPage).toMatchObject({ person: { kind: 'romantic', kindChosen: true } });
    // Chosen kinds are not asked about.
    await openPerson('Sam');
    expect(await page.getByRole('group', { name: /is a…$/ }).count()).toBe(0);
  });

  it('keeps details they shared: add with a remind-on date, change, delete', async () => {
    const { page } = h;
    await openPerson('Sam');
    const details = section('Details they shared');
    await details.getByLabel('A detail they shared', { exact: true }).fill('Exam on Thursday');
    await details.getByLabel('Remind me on (optional)').fill(shift(today, 3));
    await details.getByRole('button', { name: 'Add detail' }).click();
    await details.getByRole('status').filter({ hasText: '“Exam on Thursday” was added.' }).waitFor();
    const row = details.locator('.person-detail').filter({ hasText: 'Exam on Thursday' });
    expect(await row.textContent()).toContain(`remind on ${await shown(shift(today, 3), 'short')}`);

    await row.getByRole('button', { name: 'Edit' }).click();
    const form = details.getByRole('form', { name: 'Edit this detail' });
    await form.waitFor();
    await form.getByLabel('Detail', { exact: true }).fill('Exam moved to Friday');
    await form.getByLabel('Remind me on (optional)').fill('');
    await form.getByRole('button', { name: 'Save detail' }).click();
    await details.getByRole('status').filter({ hasText: '“Exam moved to Friday” was saved.' }).waitFor();
    await details.locator('.person-detail').filter({ hasText: 'Exam moved to Friday' }).waitFor();
    let page1 = (await call(h, 'people.get', { id: people.sam.id })) as PersonPage;
    expect(page1.details.map((d) => [d.text, d.remindOn])).toEqual([['Exam moved to Friday', null]]);

    const deleteButton = details.locator('.person-detail').filter({ hasText: 'Exam moved to Friday' }).getByRole('button', { name: 'Delete' });
    const ask = page.getByRole('dialog', { name: 'Delete this detail?' });
    await deleteButton.click();
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(((await call(h, 'people.get', { id: people.sam.id })) as PersonPage).details).toHaveLength(1);
    await deleteButton.click();
    await ask.getByRole('button', { name: 'Delete', exact: true }).click();
    await details.getByRole('status').filter({ hasText: 'was deleted' }).waitFor();
    page1 = (await call(h, 'people.get', { id: people.sam.id })) as PersonPage;
    expect(page1.details).toEqual([]);
    // The list is read again after the delete: wait for what the person sees, not a count at once.
    await details.getByText('A birthday, an exam on Thursday').waitFor();
    expect(await page.locator('.person-detail').count()).toBe(0);
  });

  it('asks a gentle question, never a verdict, when the rhythm has leaned one way for weeks', async () => {
    await openPerson('Ana');
    const question = h.page.locator('.rhythm-question');
    await question.waitFor();
    expect(await question.textContent()).toContain('Ana');
    expect(await question.textContent()).toContain('?');
    const rhythm = section('Rhythm');
    expect(await rhythm.textContent()).not.toMatch(/\b(balance|owes?|debts?|ledger)\b/i);
  });

  it('passes axe in the light and the dark theme', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await h.page.emulateMedia({ colorScheme: scheme });
      await openPerson('Ana');
      await h.page.getByRole('figure', { name: 'Rhythm with Ana over the last 12 months' }).waitFor();
      expect(await axeViolations(h.page), `person page, ${scheme}`).toEqual([]);
    }
    await h.page.emulateMedia({ colorScheme: 'light' });
  });

  it('merges two records of the same person, keeping every mention, detail and unsaid item', async () => {
    const { page } = h;
    await call(h, 'people.addDetail', { personId: people.samuel.id, text: 'Loves peonies' });
    const before = (await call(h, 'entries.list', { personId: people.sam.id })) as { total: number };
    const samuels = (await call(h, 'entries.list', { personId: people.samuel.id })) as { total: number };
    expect([before.total, samuels.total]).toEqual([3, 1]);

    await openPerson('Sam');
    await page.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge Sam with…' });
    await dialog.getByLabel('Who is also Sam?').selectOption({ label: 'Samuel (Family, 1 entry)' });
    expect(await dialog.textContent()).toContain('Everything about Samuel moves to Sam');
    expect(await dialog.textContent()).toContain('“Samuel” is no longer listed on its own');
    // No database words: people are people, not records.
    expect(await dialog.textContent()).not.toMatch(/\brecords?\b|database/i);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Merge Samuel into Sam' }).click();
    await page.getByRole('status').filter({ hasText: 'Samuel and Sam are one person now' }).waitFor();

    const timeline = section('Reflections about Sam');
    await timeline.locator('.person-timeline-entry').nth(3).waitFor();
    expect(await timeline.locator('.person-timeline-entry').count()).toBe(4);
    expect(await timeline.locator('.part-given li').allTextContents()).toContain('Helped Sam move boxes');
    await section('Still unsaid').getByRole('group', { name: 'Ask Sam about the exam' }).waitFor();
    await section('Details they shared').getByText('Loves peonies').waitFor();
    expect(await h.page.getByRole('region', { name: 'About Sam', exact: true }).textContent()).toContain('Quiet evenings');

    const after = (await call(h, 'entries.list', { personId: people.sam.id, limit: 10 })) as { total: number; items: EntrySummary[] };
    expect(after.total).toBe(4);
    expect(after.items.map((e) => e.id).sort()).toEqual([entries.recent, entries.cooked, entries.yearAgo, entries.samuel].sort());
    const list = (await call(h, 'people.list', { includeArchived: true })) as PersonSummary[];
    expect(list.map((p) => p.name)).not.toContain('Samuel');
    expect(list.find((p) => p.id === people.sam.id)).toMatchObject({ entryCount: 4, openUnsaid: 1 });
  });

  it('exports everything about the person to one Markdown file', async () => {
    const { page } = h;
    await openPerson('Sam');
    const exporting = section('Export everything about Sam');
    const field = exporting.getByLabel('Save to (a full path)');
    // A full path is offered; the person may change it.
    await page.waitForFunction(() => (document.querySelector('.person-export-form input') as HTMLInputElement | null)?.value.endsWith('.md'));
    expect(path.isAbsolute(await field.inputValue())).toBe(true);
    const out = path.join(exportDir, 'sam.md');
    await field.fill(out);
    await exporting.getByRole('button', { name: 'Export to Markdown' }).click();
    await exporting.getByRole('status').filter({ hasText: 'was written to' }).waitFor();
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Sam\n/);
    for (const passage of ['Drove @Sam to the station before dawn', '@Sam cooked dinner when I was tired', 'Helped @Sam move boxes', 'Loves peonies']) expect(text).toContain(passage);
    expect(text).not.toContain('Ana called');
    // The same file again is refused, plainly.
    await exporting.getByRole('button', { name: 'Export to Markdown' }).click();
    await exporting.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
