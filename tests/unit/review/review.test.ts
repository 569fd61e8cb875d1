/** The weekly look back, the calendar and the entries of one day, against a real (encrypted) journal. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntry, setUnsaidState } from '../../../electron/core/services/entries';
import { addDetail, upsertPerson } from '../../../electron/core/services/people';
import { calendar, dueReminders, entriesOfDay, weekLookBack } from '../../../electron/core/services/review';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';

let dir: string;
let vault: Vault;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-review-'));
  vault = (await Vault.create(path.join(dir, 'journal'), 'review test passphrase')).vault;
});
afterEach(() => {
  vault.lock();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the weekly look back', () => {
  it('shows, for each person of the last seven days, the passages given, received and left unsaid', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const ana = upsertPerson(db, { name: 'Ana' });
    createEntry(db, {
      date: '2026-03-02',
      doc: docFromPlainText({ given: 'Walked the dog.\nCooked soup for Sam after the long shift.', received: 'Ana sent a photo of the sea.', unsaid: 'Tell Sam the soup was a thank-you\nCall the bank' }, [sam, ana]),
    });
    createEntry(db, { date: '2026-02-25', doc: docFromPlainText({ received: 'Sam listened for an hour', note: 'Rain all day with Ana' }, [sam, ana]) });
    // Seven days before "today" is outside the week; so is anything after today.
    createEntry(db, { date: '2026-02-24', doc: docFromPlainText({ given: 'Helped Sam move' }, [sam]) });
    createEntry(db, { date: '2026-03-04', doc: docFromPlainText({ given: 'Planned a surprise for Sam' }, [sam]) });

    const week = weekLookBack(db, '2026-03-03');
    expect(week).toMatchObject({ from: '2026-02-25', to: '2026-03-03', entries: 2 });
    expect(week.people.map((p) => p.name)).toEqual(['Ana', 'Sam']);
    const samWeek = week.people.find((p) => p.name === 'Sam')!;
    expect(samWeek.passages.map((p) => [p.date, p.section, p.text, p.state])).toEqual([
      ['2026-03-02', 'given', 'Cooked soup for Sam after the long shift.', null],
      ['2026-03-02', 'unsaid', 'Tell Sam the soup was a thank-you', 'open'],
      ['2026-02-25', 'received', 'Sam listened for an hour', null],
    ]);
    expect(samWeek).toMatchObject({ given: 1, received: 1, unsaid: 1, note: 0 });
    expect(samWeek.entryIds).toHaveLength(2);
    const anaWeek = week.people.find((p) => p.name === 'Ana')!;
    expect(anaWeek.passages.map((p) => [p.section, p.text])).toEqual([
      ['received', 'Ana sent a photo of the sea.'],
      ['note', 'Rain all day with Ana'],
    ]);
    // Passages that mention no one stay out of the people's cards.
    expect(week.people.flatMap((p) => p.passages).some((p) => p.text.includes('Walked the dog'))).toBe(false);
  });

  it('a part that mentions no one is about everyone in its entry: its passages and unsaid items are theirs, the same passage in both lists', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const ana = upsertPerson(db, { name: 'Ana' });
    const entry = createEntry(db, {
      date: '2026-03-02',
      doc: docFromPlainText({ given: 'Dinner with Sam and Ana', received: 'A long talk about the move', unsaid: 'Thank them for the evening' }, [sam, ana]),
    });

    const week = weekLookBack(db, '2026-03-03');
    expect(week.people.map((p) => p.name)).toEqual(['Ana', 'Sam']);
    for (const person of week.people) {
      expect(person.passages.map((p) => [p.entryId, p.section, p.text])).toEqual([
        [entry.id, 'given', 'Dinner with Sam and Ana'],
        [entry.id, 'received', 'A long talk about the move'],
        [entry.id, 'unsaid', 'Thank them for the evening'],
      ]);
      expect(person).toMatchObject({ given: 1, received: 1, unsaid: 1, note: 0, entryIds: [entry.id] });
    }
    // One passage, the same in both lists: a page shows it once, with both names.
    const [first, second] = week.people;
    expect(first!.passages).toEqual(second!.passages);
    expect(week.openUnsaid).toHaveLength(1);
    expect(week.openUnsaid[0]!.people.map((p) => p.name).sort()).toEqual(['Ana', 'Sam']);
  });

  it('lists the open unsaid items with their people, and a said item shows as said, not open', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    createEntry(db, { date: '2026-03-01', doc: docFromPlainText({ unsaid: 'Tell Sam I am proud\nBook the dentist' }, [sam]) });
    const week = weekLookBack(db, '2026-03-03');
    expect(week.openUnsaid.map((i) => [i.text, i.people.map((p) => p.name)])).toEqual([
      ['Tell Sam I am proud', ['Sam']],
      ['Book the dentist', []],
    ]);
    const proud = week.openUnsaid[0]!;
    expect(week.people[0]!.passages[0]).toMatchObject({ itemId: proud.itemId, state: 'open' });

    setUnsaidState(db, { itemId: proud.itemId, state: 'said' });
    const after = weekLookBack(db, '2026-03-03');
    expect(after.openUnsaid.map((i) => i.text)).toEqual(['Book the dentist']);
    expect(after.people[0]!.passages[0]).toMatchObject({ text: 'Tell Sam I am proud', state: 'said' });
  });

  it('uses the name a person has now, not the one written at the time', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    createEntry(db, { date: '2026-03-03', doc: docFromPlainText({ given: 'Lent Sam my bike' }, [sam]) });
    upsertPerson(db, { id: sam.id, name: 'Samira' });
    const week = weekLookBack(db, '2026-03-03');
    expect(week.people.map((p) => [p.name, p.passages[0]!.text])).toEqual([['Samira', 'Lent Samira my bike']]);
  });

  it('nudges to check in on details whose remind-on date falls in the next seven days', () => {
    const db = vault.db;
    const noor = upsertPerson(db, { name: 'Noor' });
    addDetail(db, { personId: noor.id, text: 'Exam on Thursday', remindOn: '2026-03-05' });
    addDetail(db, { personId: noor.id, text: 'Moving day', remindOn: '2026-03-10' });
    addDetail(db, { personId: noor.id, text: 'Birthday', remindOn: '2026-03-11' });
    addDetail(db, { personId: noor.id, text: 'Already past', remindOn: '2026-03-02' });
    addDetail(db, { personId: noor.id, text: 'No date at all' });
    expect(weekLookBack(db, '2026-03-03').reminders.map((r) => [r.text, r.name, r.remindOn])).toEqual([
      ['Exam on Thursday', 'Noor', '2026-03-05'],
      ['Moving day', 'Noor', '2026-03-10'],
    ]);
    expect(dueReminders(db, '2026-03-03', 0)).toEqual([]);
  });

  it('is calm when nothing was written', () => {
    expect(weekLookBack(vault.db, '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03', entries: 0, people: [], openUnsaid: [], reminders: [] });
  });
});

describe('the calendar', () => {
  it('marks the days written in one year, with how many entries', () => {
    const db = vault.db;
    createEntry(db, { date: '2025-12-31', doc: docFromPlainText({ note: 'Last night of the year' }) });
    createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ note: 'First morning' }) });
    createEntry(db, { date: '2026-03-03', doc: docFromPlainText({ note: 'One' }) });
    createEntry(db, { date: '2026-03-03', doc: docFromPlainText({ note: 'Two' }) });
    createEntry(db, { date: '2027-01-01', doc: docFromPlainText({ note: 'Next year' }) });
    expect(calendar(db, 2026)).toEqual([
      { date: '2026-01-01', count: 1 },
      { date: '2026-03-03', count: 2 },
    ]);
  });

  it('lists the entries of one day in the order they were written, with their people and first words', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const first = createEntry(db, { date: '2026-03-03', doc: docFromPlainText({ given: 'Morning tea with Sam' }, [sam]) });
    const second = createEntry(db, { date: '2026-03-03', doc: docFromPlainText({ note: 'x'.repeat(400) }) });
    createEntry(db, { date: '2026-03-04', doc: docFromPlainText({ note: 'Another day' }) });
    const day = entriesOfDay(db, '2026-03-03');
    expect(day.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(day[0]).toMatchObject({ date: '2026-03-03', excerpt: 'Morning tea with Sam', people: [{ id: sam.id, name: 'Sam' }] });
    expect(day[1]!.excerpt.length).toBeLessThan(260);
    expect(day[1]!.excerpt.endsWith('…')).toBe(true);
    expect(entriesOfDay(db, '2026-03-05')).toEqual([]);
  });
});
