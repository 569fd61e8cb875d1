import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntry, getEntry, setUnsaidState } from '../../../electron/core/services/entries';
import { addDetail, listPeople, mergePeople, upsertPerson } from '../../../electron/core/services/people';
import { exportPersonMarkdown, onThisDay, openUnsaidFor, rhythmFor, timelineFor } from '../../../electron/core/services/personPage';
import { calendar, weekLookBack } from '../../../electron/core/services/review';
import { search } from '../../../electron/core/services/search';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText, unsaidItemsOf } from '../../../electron/shared/doc';

let dir: string;
let vault: Vault;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-person-'));
  vault = (await Vault.create(path.join(dir, 'journal'), 'person page passphrase')).vault;
});
afterEach(() => {
  vault.lock();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a person's page", () => {
  it('gathers the passages about them by section, their open unsaid items, and on this day', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam', kind: 'friend' });
    const ana = upsertPerson(db, { name: 'Ana' });
    createEntry(db, { date: '2025-11-28', doc: docFromPlainText({ given: 'Cooked for Sam.\nWent running alone.', unsaid: 'Tell Sam I am proud\nCall Ana' }, [sam, ana]) });
    createEntry(db, { date: '2026-11-20', doc: docFromPlainText({ received: 'Sam listened for an hour' }, [sam]) });
    createEntry(db, { date: '2026-11-21', doc: docFromPlainText({ received: 'Ana sent a card' }, [ana]) });

    const timeline = timelineFor(db, sam.id);
    expect(timeline.total).toBe(2);
    expect(timeline.items[0]!.passages.received).toEqual(['Sam listened for an hour']);
    expect(timeline.items[1]!.passages).toMatchObject({ given: ['Cooked for Sam.'], unsaid: ['Tell Sam I am proud'], received: [] });

    expect(openUnsaidFor(db, sam.id).map((i) => i.text)).toEqual(['Tell Sam I am proud']);
    expect(onThisDay(db, { today: '2026-11-28', personId: sam.id })).toMatchObject([{ date: '2025-11-28', when: 'A year ago' }]);
    expect(onThisDay(db, { today: '2026-12-20' }).map((i) => [i.date, i.when])).toEqual([['2026-11-20', 'A month ago']]);
  });

  it('marking an unsaid item said on the page changes the entry document', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const entry = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ unsaid: 'Thank Sam for the soup' }, [sam]) });
    const [item] = openUnsaidFor(db, sam.id);
    setUnsaidState(db, { itemId: item!.itemId, state: 'said' });
    expect(unsaidItemsOf(getEntry(db, entry.id).doc).map((i) => i.state)).toEqual(['said']);
    expect(openUnsaidFor(db, sam.id)).toEqual([]);
    expect(() => setUnsaidState(db, { itemId: 'missing', state: 'said' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('merging two records keeps every mention, detail and unsaid item', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam', care: 'Notes' });
    const samuel = upsertPerson(db, { name: 'Samuel', kind: 'family', care: 'Tea' });
    addDetail(db, { personId: samuel.id, text: 'Loves peonies' });
    createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ given: 'Drove Samuel home', unsaid: 'Ask Samuel about the exam' }, [samuel]) });
    createEntry(db, { date: '2026-01-02', doc: docFromPlainText({ received: 'Sam and Samuel cooked' }, [sam, samuel]) });
    const merged = mergePeople(db, sam.id, samuel.id);
    expect(merged).toMatchObject({ name: 'Sam', kind: 'family', care: 'Notes\n\nTea' });
    expect(listPeople(db).map((p) => [p.name, p.entryCount, p.openUnsaid])).toEqual([['Sam', 2, 1]]);
    expect(timelineFor(db, sam.id).items.map((i) => i.people.map((p) => p.name))).toEqual([['Sam'], ['Sam']]);
    expect(search(db, { q: 'person:Sam drove' }).hits).toHaveLength(1);
    expect(search(db, { q: 'Samuel' }).hits).toHaveLength(0);
  });

  it('the rhythm is counts per month and a gentle question only after eight weeks leaning one way', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    for (let w = 0; w < 9; w++) {
      const d = new Date(Date.UTC(2026, 10, 27) - w * 7 * 86_400_000).toISOString().slice(0, 10);
      createEntry(db, { date: d, doc: docFromPlainText({ given: 'Helped Sam move' }, [sam]) });
    }
    const rhythm = rhythmFor(db, sam.id, '2026-11-28');
    expect(rhythm.months.at(-1)!.given).toBeGreaterThan(0);
    expect(rhythm.lean).toBe('givingOften');
    expect(rhythm.question).toContain('Sam');
    expect(rhythm.question).not.toMatch(/owe|debt|balance|score/i);
  });

  it('exports everything about one person to one Markdown file', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam', needs: 'Quiet mornings' });
    addDetail(db, { personId: sam.id, text: 'Exam on Thursday', remindOn: '2026-12-03' });
    createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ given: 'Drove Sam home', unsaid: 'Say sorry to Sam' }, [sam]) });
    const file = path.join(dir, 'sam.md');
    expect(exportPersonMarkdown(db, sam.id, file)).toEqual({ entries: 1 });
    const md = fs.readFileSync(file, 'utf8');
    for (const text of ['# Sam', 'Quiet mornings', 'Exam on Thursday (remind on 2026-12-03)', '- [ ] Say sorry to Sam', 'Drove @Sam home', 'not encrypted']) expect(md).toContain(text);
  });
});

describe('review', () => {
  it('the calendar marks days written and the week shows people, open items and coming reminders', () => {
    const db = vault.db;
    const noor = upsertPerson(db, { name: 'Noor' });
    createEntry(db, { date: '2026-11-25', doc: docFromPlainText({ given: 'Made breakfast for Noor', unsaid: 'Ask Noor about the move' }, [noor]) });
    createEntry(db, { date: '2026-11-25', doc: docFromPlainText({ note: 'Second entry' }) });
    createEntry(db, { date: '2026-10-01', doc: docFromPlainText({ received: 'Noor called' }, [noor]) });
    addDetail(db, { personId: noor.id, text: 'Job interview', remindOn: '2026-12-02' });
    addDetail(db, { personId: noor.id, text: 'Far away', remindOn: '2027-02-01' });
    expect(calendar(db, 2026)).toEqual([
      { date: '2026-10-01', count: 1 },
      { date: '2026-11-25', count: 2 },
    ]);
    const week = weekLookBack(db, '2026-11-28');
    expect(week).toMatchObject({ from: '2026-11-22', to: '2026-11-28', entries: 2 });
    expect(week.people).toMatchObject([{ name: 'Noor', given: 1, unsaid: 1, received: 0 }]);
    expect(week.openUnsaid.map((i) => i.text)).toEqual(['Ask Noor about the move']);
    expect(week.reminders.map((r) => r.text)).toEqual(['Job interview']);
  });
});

describe('search filters', () => {
  it('each filter finds exactly the right entries', () => {
    const db = vault.db;
    const sam = upsertPerson(db, { name: 'Sam' });
    const ana = upsertPerson(db, { name: 'Ana Lucía' });
    const a = createEntry(db, { date: '2026-01-05', doc: docFromPlainText({ given: 'Baked bread for Sam', note: 'rainy walk' }, [sam]) });
    const b = createEntry(db, { date: '2026-03-10', doc: docFromPlainText({ received: 'Ana Lucía baked bread for me' }, [ana]) });
    const c = createEntry(db, { date: '2026-06-01', doc: docFromPlainText({ unsaid: 'Tell Sam the walk mattered', note: 'breadcrumbs everywhere' }, [sam]) });
    const ids = (q: string, sort: 'best' | 'newest' = 'newest') => search(db, { q, sort }).hits.map((h) => h.entryId);
    expect(ids('bread')).toEqual([b.id, a.id]);
    expect(ids('bread*')).toEqual([c.id, b.id, a.id]);
    expect(ids('person:Sam')).toEqual([c.id, a.id]);
    expect(ids('person:"Ana Lucía" bread')).toEqual([b.id]);
    expect(ids('in:received bread')).toEqual([b.id]);
    expect(ids('in:unsaid walk')).toEqual([c.id]);
    expect(ids('in:note walk')).toEqual([a.id]);
    expect(ids('after:2026-02-01 bread')).toEqual([b.id]);
    expect(ids('before:2026-02-01 bread')).toEqual([a.id]);
    expect(ids('"baked bread" -Sam')).toEqual([b.id]);
    expect(ids('walk -rainy')).toEqual([c.id]);
    expect(search(db, { q: 'in:received bread' }).hits[0]!.section).toBe('received');
  });
});
