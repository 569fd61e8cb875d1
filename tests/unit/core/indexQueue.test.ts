/**
 * Saves queue their search-index rows (schema 40) and the background step writes them: what was
 * saved a moment ago is found at once, a queued entry's old words are never found, deleting
 * removes an entry from search at once, and a journal locked (or killed) with a full queue finds
 * everything again after the next unlock.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { ensurePendingIndex, PENDING_FTS_OPTIONS, queueLength } from '../../../electron/core/db/repos/indexQueue';
import { RANK_WINDOW } from '../../../electron/core/db/repos/search';
import { createEntry, deleteEntry, saveEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, PASSPHRASE, tempRoot } from '../vault/helpers';

const tmp = tempRoot('index-queue');
const open: Vault[] = [];
afterEach(() => {
  for (const v of open.splice(0)) v.lock();
});

async function freshVault(): Promise<{ vault: Vault; db: Db; dir: string }> {
  const dir = tmp.sub();
  const { vault } = await createVault(dir);
  open.push(vault);
  return { vault, db: vault.db, dir };
}

const ids = (db: Db, q: string, more: Partial<Parameters<typeof search>[1]> = {}) => search(db, { q, ...more }).hits.map((h) => h.entryId);
const indexedRows = (db: Db, word: string) => (db.prepare('SELECT count(*) AS n FROM entries_fts WHERE entries_fts MATCH ?').get(`"${word}"`) as { n: number }).n;

describe('the index queue', () => {
  it('uses the same columns, tokenizer and prefixes for the pending index as for the search index', async () => {
    const { db } = await freshVault();
    const sql = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'entries_fts'`).get() as { sql: string }).sql;
    const options = /USING fts5\s*\(([\s\S]*)\)\s*$/.exec(sql)![1]!;
    const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
    expect(normal(options)).toBe(normal(PENDING_FTS_OPTIONS));
  });

  it('finds a saved entry at once, with a snippet, before and after the background step, and never by its old words', async () => {
    const { db } = await freshVault();
    const sam = upsertPerson(db, { name: 'Sam', kind: 'friend' });
    const entry = createEntry(db, { date: '2026-05-01', doc: doc({ given: 'Brought apricots to Sam' }, [sam]) });
    expect(queueLength(db)).toBe(1);
    expect(indexedRows(db, 'apricots')).toBe(0);
    const hit = search(db, { q: 'apricots' }).hits[0]!;
    expect(hit.entryId).toBe(entry.id);
    expect(hit.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['apricots']);
    expect(ids(db, 'person:Sam apricots')).toEqual([entry.id]);

    expect(drainIndexQueue(db)).toBe(1);
    expect(queueLength(db)).toBe(0);
    expect(indexedRows(db, 'apricots')).toBe(1);
    expect(ids(db, 'apricots')).toEqual([entry.id]);

    // Edited: the index row still holds "apricots" until the step runs, and it must not be found.
    saveEntry(db, { id: entry.id, doc: doc({ given: 'Brought plums to Sam' }, [sam]) });
    expect(indexedRows(db, 'apricots')).toBe(1);
    expect(ids(db, 'apricots')).toEqual([]);
    expect(ids(db, 'plums')).toEqual([entry.id]);
    expect(ids(db, 'plums', { sort: 'newest' })).toEqual([entry.id]);
    drainIndexQueue(db);
    expect(indexedRows(db, 'apricots')).toBe(0);
    expect(ids(db, 'plums')).toEqual([entry.id]);
  });

  it('coalesces repeated saves of one entry into one queued row', async () => {
    const { db } = await freshVault();
    const entry = createEntry(db, { date: '2026-05-01', doc: doc({ note: 'one' }) });
    for (const word of ['two', 'three', 'four', 'five']) saveEntry(db, { id: entry.id, doc: doc({ note: word }) });
    expect(queueLength(db)).toBe(1);
    expect(ids(db, 'five')).toEqual([entry.id]);
    expect(ids(db, 'three')).toEqual([]);
    expect(drainIndexQueue(db)).toBe(1);
  });

  it('removes a deleted entry from search at once, and its index row in the background', async () => {
    const { db } = await freshVault();
    const entry = createEntry(db, { date: '2026-05-01', doc: doc({ note: 'lanterns by the river' }) });
    drainIndexQueue(db);
    deleteEntry(db, entry.id);
    expect(ids(db, 'lanterns')).toEqual([]);
    expect(ids(db, 'lanterns', { sort: 'newest' })).toEqual([]);
    expect(indexedRows(db, 'lanterns')).toBe(1);
    drainIndexQueue(db);
    expect(indexedRows(db, 'lanterns')).toBe(0);
    // A new entry may take the deleted one's place (seq); it is found by its own words only.
    const next = createEntry(db, { date: '2026-05-02', doc: doc({ note: 'a walk in the snow' }) });
    expect(ids(db, 'snow')).toEqual([next.id]);
    expect(ids(db, 'lanterns')).toEqual([]);
  });

  it('finds queued entries again after lock and unlock, and indexes them then', async () => {
    const { vault, dir } = await freshVault();
    const entry = createEntry(vault.db, { date: '2026-05-01', doc: doc({ received: 'Ana sent a postcard from Lisbon' }) });
    vault.lock();
    const reopened = await Vault.unlock(dir, PASSPHRASE);
    open.push(reopened);
    expect(queueLength(reopened.db)).toBe(1);
    expect(ids(reopened.db, 'postcard')).toEqual([entry.id]);
    drainIndexQueue(reopened.db);
    expect(ids(reopened.db, 'postcard')).toEqual([entry.id]);
    expect(reopened.checkIntegrity()).toEqual([]);
  });

  it('gives the same hits, filters and newest-first order whether the entries are queued or indexed', async () => {
    const { db } = await freshVault();
    const sam = upsertPerson(db, { name: 'Sam', kind: 'friend' });
    const words = ['tea', 'walk', 'letter', 'crème', 'station', 'peonies'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), pick: fc.subarray(words, { minLength: 1 }), withSam: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...words, 'crème tea', '-walk tea', 'person:Sam', 'wal*'),
        fc.integer({ min: 0, max: 4 }),
        async (entries, q, drainFirst) => {
          db.exec('DELETE FROM entries; DELETE FROM index_queue; DELETE FROM entries_fts;');
          ensurePendingIndex(db);
          db.exec('DELETE FROM temp.pending_fts');
          for (const e of entries) {
            createEntry(db, { date: `2026-02-${String(e.day).padStart(2, '0')}`, doc: doc({ given: e.pick.join(' ') }, e.withSam ? [sam] : []) });
          }
          // Some indexed, the rest queued.
          drainIndexQueue(db, { maxEntries: drainFirst });
          const mixed = { newest: ids(db, q, { sort: 'newest' }), best: ids(db, q).sort(), paged: ids(db, q, { sort: 'newest', limit: 2, offset: 1 }) };
          drainIndexQueue(db);
          const indexed = { newest: ids(db, q, { sort: 'newest' }), best: ids(db, q).sort(), paged: ids(db, q, { sort: 'newest', limit: 2, offset: 1 }) };
          expect(mixed).toEqual(indexed);
        },
      ),
      { numRuns: 40 },
    );
  });

  it(`ranks best matches among the ${RANK_WINDOW.toLocaleString('en')} most recently written when more match, and keeps newest-first exact`, async () => {
    const { db } = await freshVault();
    const total = RANK_WINDOW + 300;
    db.transaction(() => {
      for (let i = 0; i < total; i++) {
        // The oldest-written entries are the strongest matches ("kite" many times in a short text).
        const strong = i < 50;
        createEntry(db, { date: `20${String(10 + (i % 15)).padStart(2, '0')}-01-01`, doc: doc({ note: strong ? 'kite kite kite' : `kite and a long afternoon of other words number ${i}` }) });
      }
    })();
    drainIndexQueue(db);
    const best = search(db, { q: 'kite', limit: 20 }).hits;
    expect(best).toHaveLength(20);
    const notes = best.map((h) => h.snippet.map((p) => p.text).join(''));
    // The strong matches were written first, so they are outside the ranked window.
    expect(notes.every((n) => n.includes('afternoon'))).toBe(true);
    // Newest first is exact over every match: the newest dates come first, whenever written.
    const newest = search(db, { q: 'kite', sort: 'newest', limit: 5 }).hits;
    expect(newest.map((h) => h.date)).toEqual(Array(5).fill('2024-01-01'));
    // With fewer matches than the window, ranking is over all of them.
    const few = search(db, { q: 'kite -afternoon', limit: 5 }).hits;
    expect(few).toHaveLength(5);
  });
});
