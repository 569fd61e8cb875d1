/**
 * A search about one person finds exactly that person's entries with the words — for a frequent
 * and a rare person, common and rare words, newest first and best match — both while the entries
 * are still in the index queue (answered from the pending index, the person looked up per row)
 * and once they are indexed.
 */
import { describe, expect, it } from 'vitest';
import { createEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('search-person');

describe('a search filtered to one person', () => {
  it('finds the same entries whether the person or the words are in more entries, queued or indexed', async () => {
    const { vault } = await createVault(tmp.sub());
    const db = vault.db;
    const often = upsertPerson(db, { name: 'Often' });
    const seldom = upsertPerson(db, { name: 'Seldom' });
    const expected = { oftenRare: [] as string[], oftenCommon: [] as string[], seldomCommon: [] as string[], seldomRare: [] as string[] };
    for (let i = 0; i < 240; i++) {
      const people = i % 40 === 0 ? [seldom] : i % 3 === 0 ? [] : [often];
      const words = `${i % 2 === 0 ? 'everywhere' : 'elsewhere'}${i % 31 === 0 ? ' quincunx' : ''} day ${i}`;
      const entry = createEntry(db, { date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, doc: doc({ note: words }, people) });
      const about = people[0]?.name;
      if (about === 'Often' && words.includes('quincunx')) expected.oftenRare.push(entry.id);
      if (about === 'Often' && words.includes('everywhere')) expected.oftenCommon.push(entry.id);
      if (about === 'Seldom' && words.includes('everywhere')) expected.seldomCommon.push(entry.id);
      if (about === 'Seldom' && words.includes('quincunx')) expected.seldomRare.push(entry.id);
    }
    const found = (q: string, personId: string, sort: 'best' | 'newest') => search(db, { q, personId, sort, limit: 500 }).hits.map((h) => h.entryId).sort();
    const check = () => {
      for (const sort of ['best', 'newest'] as const) {
        expect(found('quincunx', often.id, sort)).toEqual([...expected.oftenRare].sort());
        expect(found('everywhere', often.id, sort)).toEqual([...expected.oftenCommon].sort());
        expect(found('everywhere', seldom.id, sort)).toEqual([...expected.seldomCommon].sort());
        expect(found('quincunx', seldom.id, sort)).toEqual([...expected.seldomRare].sort());
      }
    };
    expect(expected.oftenRare.length).toBeGreaterThan(0);
    expect(expected.seldomCommon.length).toBeGreaterThan(0);
    // Just saved: answered from the pending index.
    check();
    drainIndexQueue(db);
    check();
    vault.lock();
  });
});
