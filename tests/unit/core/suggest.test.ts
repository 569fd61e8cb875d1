/**
 * A search that finds nothing suggests the nearest name among the person's people, or the nearest
 * words the journal holds — never something absent from it, and nothing when the search found hits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { createEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { editDistance } from '../../../electron/core/services/suggest';
import type { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('suggest');
let vault: Vault;
let db: Db;
beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  db = vault.db;
  const maya = upsertPerson(db, { name: 'Maya', kind: 'friend' });
  upsertPerson(db, { name: 'Ana Lucía', kind: 'family' });
  createEntry(db, { date: '2026-04-01', doc: doc({ received: 'Maya brought peonies and a letter' }, [maya]) });
  createEntry(db, { date: '2026-04-02', doc: doc({ given: 'Listened to Ana about the move; she loved the peonies' }) });
  drainIndexQueue(db);
});
afterAll(() => vault.lock());

describe('did you mean', () => {
  it('is looked for only when asked: search as you type leaves it out until the typing pauses', () => {
    expect(search(db, { q: 'peonys', suggest: false }).suggestion ?? null).toBeNull();
    expect(search(db, { q: 'person:Mya peonies', suggest: false })).toMatchObject({ hits: [], suggestion: null });
    expect(search(db, { q: 'peonys', suggest: true }).suggestion).toEqual({ q: 'peonies', words: ['peonies'] });
  });

  it('suggests a near name for an unknown person, and the corrected query finds entries', () => {
    const r = search(db, { q: 'person:Mya peonies' });
    expect(r.hits).toEqual([]);
    expect(r.suggestion).toEqual({ q: 'person:Maya peonies', words: ['Maya'] });
    expect(search(db, { q: r.suggestion!.q }).hits).toHaveLength(1);
    expect(search(db, { q: 'person:"Ana Lucia"' }).suggestion).toEqual({ q: 'person:"Ana Lucía"', words: ['Ana Lucía'] });
  });

  it('suggests the journal’s own words for misspellings, several at once', () => {
    expect(search(db, { q: 'peonys' }).suggestion).toEqual({ q: 'peonies', words: ['peonies'] });
    const both = search(db, { q: 'leter peonys' }).suggestion!;
    expect(both).toEqual({ q: 'letter peonies', words: ['letter', 'peonies'] });
    expect(search(db, { q: both.q }).hits).toHaveLength(1);
  });

  it('says nothing when there are hits, when nothing is near, or for phrases, prefixes and unspaced scripts', () => {
    expect(search(db, { q: 'peonies' }).suggestion ?? null).toBeNull();
    expect(search(db, { q: 'xylophone' }).suggestion).toBeNull();
    expect(search(db, { q: '"peonys letter"' }).suggestion).toBeNull();
    expect(search(db, { q: 'peonys*' }).suggestion).toBeNull();
    expect(search(db, { q: '台北' }).suggestion).toBeNull();
    expect(search(db, { q: 'person:Zed' }).suggestion).toBeNull();
  });

  it('measures edits as a person makes them: one letter changed, missing, added or swapped', () => {
    expect(editDistance('peonies', 'peonies', 2)).toBe(0);
    expect(editDistance('peonys', 'peonies', 2)).toBe(2);
    expect(editDistance('leter', 'letter', 1)).toBe(1);
    expect(editDistance('mya', 'may', 1)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(Infinity);
  });
});
