/**
 * A save writes only the derived rows that change (mentions, unsaid items and who each is about,
 * the day's index entry: services/entries.ts, writeDerived). Whatever order of documents an entry
 * is saved with, its rows must end up exactly as a new entry of its last document gets them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { createEntry, deleteEntry, saveEntry } from '../../../electron/core/services/entries';
import { upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import type { DocNode } from '../../../electron/shared/doc';
import { entryDocArbitrary } from '../entryDocArbitrary';

let dir: string;
let vault: Vault;
let people: { id: string; name: string }[];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-derived-'));
  vault = (await Vault.create(path.join(dir, 'journal'), 'derived rows test passphrase')).vault;
  people = ['Sam', 'Ana Lucía', '王芳'].map((name) => upsertPerson(vault.db, { name }));
});
afterAll(() => {
  vault.lock();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything derived from one entry, without its sequence number. */
function derivedRows(db: Db, id: string) {
  const { seq, ...entry } = db.prepare('SELECT seq, date, written_at, given, received, unsaid, note FROM entries WHERE id = ?').get(id) as { seq: number };
  const all = (sql: string) => db.prepare(sql).all(seq);
  return {
    entry,
    mentions: all('SELECT person_id, section, direct, date FROM mentions WHERE entry_seq = ? ORDER BY person_id, section'),
    items: all('SELECT item_id, position, text, state FROM unsaid_items WHERE entry_seq = ? ORDER BY position'),
    itemPeople: all('SELECT person_id, item_id, open FROM unsaid_item_people WHERE entry_seq = ? ORDER BY person_id, item_id'),
    personEntries: all('SELECT person_id FROM person_entries WHERE entry_seq = ? ORDER BY person_id'),
  };
}

const inline = (): fc.Arbitrary<DocNode[]> =>
  fc.array(
    fc.oneof(
      fc.constantFrom('Cooked soup', 'a long walk', '谢谢', 'café ☕', 'said nothing').map((text): DocNode => ({ type: 'text', text })),
      fc.integer({ min: 0, max: people.length - 1 }).map((i): DocNode => ({ type: 'mention', attrs: { id: people[i]!.id, label: people[i]!.name } })),
    ),
    { maxLength: 4 },
  );

describe('derived rows of an entry saved many times', () => {
  it('are those a new entry of its last document has', () => {
    const db = vault.db;
    fc.assert(
      fc.property(
        // The documents number their unsaid items item-0, item-1, …: one save to the next, the same
        // item changes its words, its state and who it is about, or goes, or comes.
        fc.array(fc.record({ doc: entryDocArbitrary({ inline: inline() }), date: fc.constantFrom('2026-03-02', '2026-03-02', '2026-05-17') }), { minLength: 2, maxLength: 6 }),
        (saves) => {
          const saved = createEntry(db, { date: saves[0]!.date, doc: saves[0]!.doc });
          for (const { doc, date } of saves.slice(1)) saveEntry(db, { id: saved.id, date, doc });
          const last = saves.at(-1)!;
          const fresh = createEntry(db, { date: last.date, doc: last.doc });
          try {
            const a = derivedRows(db, saved.id);
            const b = derivedRows(db, fresh.id);
            // A new entry gets a time of writing from now; the saved one keeps its own.
            expect({ ...a, entry: { ...a.entry, written_at: null } }).toEqual({ ...b, entry: { ...b.entry, written_at: null } });
          } finally {
            deleteEntry(db, saved.id);
            deleteEntry(db, fresh.id);
          }
        },
      ),
      { numRuns: 60 },
    );
    // Every entry was deleted: the per-person counts kept by triggers are back to nothing.
    expect(db.prepare('SELECT count(*) FROM mentions').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM unsaid_item_people').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM person_entries').pluck().get()).toBe(0);
    expect(db.prepare('SELECT coalesce(max(entries), 0) FROM person_entry_counts').pluck().get()).toBe(0);
  });
});
