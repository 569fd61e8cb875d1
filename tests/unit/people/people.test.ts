/**
 * The people list's figures (last reflected on, entries, open unsaid, the twelve-month sparkline),
 * archiving, and changing or deleting a detail they shared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntry, deleteEntry, getEntry, saveEntry, setUnsaidState } from '../../../electron/core/services/entries';
import { addDetail, deleteDetail, getPersonPage, listPeople, mergePeople, updateDetail, upsertPerson } from '../../../electron/core/services/people';
import { onThisDay, openUnsaidFor, timelineFor } from '../../../electron/core/services/personPage';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText, unsaidItemsOf } from '../../../electron/shared/doc';
import { FAST_ARGON2 } from '../vault/helpers';

let dir: string;
let vault: Vault;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-people-'));
  vault = (await Vault.create(path.join(dir, 'journal'), 'people list passphrase', { argon2: FAST_ARGON2 })).vault;
});
afterEach(() => {
  vault.lock();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the people list', () => {
  it('shows when each person was last reflected on, in how many entries, what is still unsaid, and the last twelve months', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam', kind: 'friend' });
    const ana = upsertPerson(db, { name: 'Ana' });
    upsertPerson(db, { name: 'Quiet Quinn' });
    // Two mentions in one entry count once; an entry from before the window counts in the total only.
    createEntry(db, { date: '2025-12-03', doc: docFromPlainText({ given: 'Cooked for Sam', received: 'Sam laughed' }, [sam]) });
    createEntry(db, { date: '2024-06-01', doc: docFromPlainText({ given: 'Wrote to Sam' }, [sam]) });
    createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ received: 'Sam and Ana came by', unsaid: 'Tell Sam thanks\nAsk Ana about the move' }, [sam, ana]) });
    createEntry(db, { date: '2026-11-20', doc: docFromPlainText({ note: 'Ana called' }, [ana]) });

    const list = listPeople(db, { today: '2026-11-28' });
    expect(list.map((p) => p.name)).toEqual(['Ana', 'Quiet Quinn', 'Sam']);
    const [a, q, s] = list;
    expect([s!.lastReflectedOn, s!.entryCount, s!.openUnsaid]).toEqual(['2026-11-02', 3, 1]);
    expect([a!.lastReflectedOn, a!.entryCount, a!.openUnsaid]).toEqual(['2026-11-20', 2, 1]);
    expect([q!.lastReflectedOn, q!.entryCount, q!.openUnsaid]).toEqual([null, 0, 0]);
    // December 2025 … November 2026, oldest first.
    expect(s!.monthly).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(a!.monthly).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(q!.monthly).toEqual(Array(12).fill(0));
    // A month later the window has moved on: December 2025 has left it.
    expect(listPeople(db, { today: '2026-12-01' }).find((p) => p.id === sam.id)!.monthly).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('follows the journal: marking an item said, moving or deleting an entry changes the figures', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const old = createEntry(db, { date: '2026-10-01', doc: docFromPlainText({ unsaid: 'Tell Sam thanks' }, [sam]) });
    const recent = createEntry(db, { date: '2026-11-10', doc: docFromPlainText({ given: 'Helped Sam' }, [sam]) });
    const figures = () => {
      const s = listPeople(db, { today: '2026-11-28' })[0]!;
      return { last: s.lastReflectedOn, entries: s.entryCount, open: s.openUnsaid, nov: s.monthly![11], oct: s.monthly![10] };
    };
    expect(figures()).toEqual({ last: '2026-11-10', entries: 2, open: 1, nov: 1, oct: 1 });
    setUnsaidState(db, { itemId: openUnsaidFor(db, sam.id)[0]!.itemId, state: 'said' });
    expect(figures()).toMatchObject({ open: 0 });
    saveEntry(db, { id: old.id, date: '2026-11-25', doc: getEntry(db, old.id).doc });
    expect(figures()).toEqual({ last: '2026-11-25', entries: 2, open: 0, nov: 2, oct: 0 });
    deleteEntry(db, recent.id);
    deleteEntry(db, old.id);
    expect(figures()).toEqual({ last: null, entries: 0, open: 0, nov: 0, oct: 0 });
  });

  it('leaves archived people out unless asked, and brings them back when unarchived', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    upsertPerson(db, { name: 'Ana' });
    upsertPerson(db, { id: sam.id, name: 'Sam', archived: true });
    expect(listPeople(db).map((p) => p.name)).toEqual(['Ana']);
    expect(listPeople(db, { includeArchived: true }).map((p) => [p.name, p.archived])).toEqual([
      ['Ana', false],
      ['Sam', true],
    ]);
    upsertPerson(db, { id: sam.id, name: 'Sam', archived: false });
    expect(listPeople(db).map((p) => p.name)).toEqual(['Ana', 'Sam']);
  });

  it('after a merge, the kept record has every mention in its figures and the other is gone', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const samuel = upsertPerson(db, { name: 'Samuel' });
    createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'Drove Samuel home', unsaid: 'Ask Samuel about the exam' }, [samuel]) });
    createEntry(db, { date: '2026-11-03', doc: docFromPlainText({ received: 'Sam cooked' }, [sam]) });
    mergePeople(db, sam.id, samuel.id);
    const list = listPeople(db, { today: '2026-11-28' });
    expect(list.map((p) => [p.name, p.entryCount, p.openUnsaid, p.monthly![11]])).toEqual([['Sam', 2, 1, 2]]);
    expect(timelineFor(db, sam.id).items.map((i) => i.date)).toEqual(['2026-11-03', '2026-11-01']);
  });
});

describe("a person's timeline and on this day", () => {
  it('pages through the entries about them, newest first, each entry once', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const dates = ['2026-01-05', '2026-03-01', '2025-07-20', '2026-02-14', '2024-11-28'];
    for (const date of dates) createEntry(db, { date, doc: docFromPlainText({ given: `Gave Sam something on ${date}`, received: 'Sam gave back' }, [sam]) });
    createEntry(db, { date: '2026-04-01', doc: docFromPlainText({ note: 'Nobody in particular' }) });
    const first = timelineFor(db, sam.id, { limit: 2, offset: 0 });
    const rest = timelineFor(db, sam.id, { limit: 10, offset: 2 });
    expect(first.total).toBe(5);
    expect([...first.items, ...rest.items].map((i) => i.date)).toEqual([...dates].sort().reverse());
    expect(first.items[0]!.passages.received).toEqual(['Sam gave back']);
    expect(onThisDay(db, { today: '2026-11-28', personId: sam.id }).map((i) => [i.date, i.when])).toEqual([['2024-11-28', '2 years ago']]);
  });
});

describe('details they shared', () => {
  it('are changed and deleted, and a missing one is reported plainly', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const exam = addDetail(db, { personId: sam.id, text: 'Exam on Thursday', notedOn: '2026-11-20', remindOn: '2026-11-26' });
    const peonies = addDetail(db, { personId: sam.id, text: 'Loves peonies', notedOn: '2026-10-01' });

    const changed = updateDetail(db, { id: exam.id, text: '  Exam moved to Friday ', remindOn: '2026-11-27' });
    expect(changed).toEqual({ ...exam, text: 'Exam moved to Friday', remindOn: '2026-11-27' });
    expect(updateDetail(db, { id: exam.id, text: 'Exam moved to Friday', remindOn: null }).remindOn).toBeNull();
    expect(updateDetail(db, { id: peonies.id, text: 'Loves peonies', notedOn: '2026-11-25' }).notedOn).toBe('2026-11-25');
    expect(getPersonPage(db, sam.id).details.map((d) => [d.text, d.notedOn, d.remindOn])).toEqual([
      ['Loves peonies', '2026-11-25', null],
      ['Exam moved to Friday', '2026-11-20', null],
    ]);
    expect(() => updateDetail(db, { id: exam.id, text: '   ' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));

    deleteDetail(db, exam.id);
    expect(getPersonPage(db, sam.id).details.map((d) => d.text)).toEqual(['Loves peonies']);
    expect(() => deleteDetail(db, exam.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => updateDetail(db, { id: exam.id, text: 'Back' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('marking an unsaid item let go from the page is kept in the entry document', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const entry = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ unsaid: 'Tell Sam about the job\nAsk Sam to visit' }, [sam]) });
    const [first] = openUnsaidFor(db, sam.id);
    setUnsaidState(db, { itemId: first!.itemId, state: 'letGo', entryId: first!.entryId });
    expect(unsaidItemsOf(getEntry(db, entry.id).doc).map((i) => [i.text, i.state])).toEqual([
      ['Tell Sam about the job', 'letGo'],
      ['Ask Sam to visit', 'open'],
    ]);
  });
});
