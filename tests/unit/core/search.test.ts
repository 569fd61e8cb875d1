/**
 * Any string typed into search is a valid query: it returns hits or none, never an error, and
 * FTS5 syntax characters around a word never stop that word from being found.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntry } from '../../../electron/core/services/entries';
import { upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import type { Vault } from '../../../electron/core/vault/vault';
import type { SearchInput } from '../../../electron/shared/contract';
import { sectionKinds } from '../../../electron/shared/doc';
import { parseQuery, toFtsMatch } from '../../../electron/shared/query';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('search');
let vault: Vault;
const ids = new Set<string>();
let peoniesId = '';

/** Pieces a person (or a paste) might produce: FTS5 operators, filters, quotes, control and wide characters. */
const syntaxPieces = [
  '"', '*', '(', ')', ':', '^', '-', '+', '{', '}', '[', ']', "'", '\\', '.', ',', ';', '~', '|', '&', '/', '%', '$', '@', '#', '!', '?', '=', '<', '>',
  'NEAR', 'NEAR(', 'NEAR/2', 'AND', 'OR', 'NOT', 'and', 'or', 'not', 'MATCH', 'rank', 'bm25(', 'given:', 'people:', '{given note}:',
  'person:', 'person:Sam', 'person:"Ana Lucía"', 'person:"', 'in:', 'in:given', 'in:nowhere', 'after:', 'after:2026-02-30', 'before:2026-01-01', '-person:Sam',
  ' ', '  ', '\t', '\n', '\u0000', '\u0002', '\u0003', '\u200b', '\ufeff', 'é', 'É', '🌷', '🫶', '日本', 'ß', 'İ', 'peonies', 'sam', 'tea', 'x', '1', '2026',
];
const syntaxHeavy = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...syntaxPieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 24 })
  .map((parts) => parts.join(''));
const anyQuery = fc.oneof(syntaxHeavy, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }));

const searchOptions: fc.Arbitrary<Omit<SearchInput, 'q'>> = fc.record(
  {
    sections: fc.subarray([...sectionKinds]),
    sort: fc.constantFrom('best' as const, 'newest' as const),
    limit: fc.integer({ min: 1, max: 500 }),
    offset: fc.integer({ min: 0, max: 20 }),
    from: fc.constantFrom('2026-01-01', '2026-03-05', '1999-12-31'),
    to: fc.constantFrom('2026-12-31', '2026-03-01', '2000-01-01'),
  },
  { requiredKeys: [] },
);

beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  const db = vault.db;
  const sam = upsertPerson(db, { name: 'Sam', kind: 'friend' });
  const ana = upsertPerson(db, { name: 'Ana Lucía', kind: 'family' });
  const add = (date: string, sections: Parameters<typeof doc>[0], people: { id: string; name: string }[] = []) => {
    const id = createEntry(db, { date, doc: doc(sections, people) }).id;
    ids.add(id);
    return id;
  };
  peoniesId = add('2026-03-02', { given: 'Drove Sam to the station', received: 'Sam brought peonies', unsaid: 'Thank you for waiting' }, [sam]);
  add('2026-03-05', { given: 'Cooked for Ana Lucía', unsaid: 'I miss our walks', note: 'crème brûlée 🌷 and tea' }, [ana]);
  add('2026-04-10', { received: 'Sam AND Ana listened (NEAR the end) "quoted" *stars*', note: 'NOT OR AND NEAR' }, [sam, ana]);
  add('2026-05-01', { note: 'in:given person:Sam after:2026-01-01 are words here' });
  for (let i = 0; i < 20; i++) add(`2026-06-${String(i + 1).padStart(2, '0')}`, { given: `tea with someone ${i}`, note: 'and a walk' });
});
afterAll(() => vault.lock());

function expectWellFormed(result: ReturnType<typeof search>): void {
  expect(Array.isArray(result.hits)).toBe(true);
  expect(result.hint === null || (typeof result.hint === 'string' && result.hint.length > 0)).toBe(true);
  // The service's last-resort hint means FTS5 rejected the quoted query: the parser let syntax through.
  expect(result.hint ?? '').not.toMatch(/could not search for that/);
  for (const hit of result.hits) {
    expect(ids.has(hit.entryId)).toBe(true);
    expect(hit.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const part of hit.snippet) {
      expect(typeof part.text).toBe('string');
      expect(typeof part.match).toBe('boolean');
      // The highlight markers are data for the renderer, never left inside the text.
      expect(part.text.includes('\u0002') || part.text.includes('\u0003')).toBe(false);
    }
  }
}

describe('the query parser', () => {
  it('accepts every string and quotes every term it keeps', () => {
    fc.assert(
      fc.property(anyQuery, (q) => {
        const parsed = parseQuery(q);
        for (const term of parsed.terms) expect(term.text).toMatch(/[\p{L}\p{N}]/u);
        const match = toFtsMatch(parsed.terms, parsed.sections);
        if (match !== null) expect(match.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('search', () => {
  it('returns hits or none for any string and options, never throwing', () => {
    fc.assert(
      fc.property(anyQuery, searchOptions, (q, options) => {
        expectWellFormed(search(vault.db, { q, ...options }));
      }),
      {
        numRuns: 300,
        examples: [
          ['"', {}],
          ['NEAR(', {}],
          ['AND', {}],
          ['-', {}],
          ['*', {}],
          ['"unterminated phrase', {}],
          ['sam OR', {}],
          ['{given}: tea', {}],
          ['peonies ^', {}],
          ['\u0000', {}],
          ['\ud800', {}],
          ['x'.repeat(1000), {}],
          ['-sam -tea', {}],
          ['person:Nobody tea', {}],
        ],
      },
    );
  });

  it('finds a word however much FTS syntax surrounds it', () => {
    const noise = fc.array(fc.constantFrom('"', '*', '(', ')', ':', '^', '+', '{', '}', '[', ']', ' ', ',', '.', '!'), { maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(noise, fc.constantFrom('peonies', 'PEONIES', 'Péonies'), noise, (before, word, after) => {
        const result = search(vault.db, { q: `${before}${word}${after}` });
        expectWellFormed(result);
        expect(result.hits.map((h) => h.entryId)).toContain(peoniesId);
      }),
      { numRuns: 300, examples: [['"', 'peonies', ''], ['(', 'peonies', ')'], ['{', 'peonies', '}:'], ['^', 'peonies', '*'], ['', 'peonies', '"']] },
    );
    // A prefix star at the end of a word (outside quotes) still works with syntax in front or after a space.
    for (const q of ['peon*', '(peon*', '^peon*', '{peon* )', 'PÉON*', '"peon"*']) expect(search(vault.db, { q }).hits.map((h) => h.entryId), q).toContain(peoniesId);
  });

  it('treats operator words as words to look for, not as syntax', () => {
    const hits = search(vault.db, { q: 'NEAR AND OR NOT' }).hits;
    expect(hits).toHaveLength(1);
    expect(search(vault.db, { q: '"quoted"' }).hits).toHaveLength(1);
    expect(search(vault.db, { q: 'person:Sam peonies' }).hits.map((h) => h.entryId)).toEqual([peoniesId]);
  });
});

describe('a person with no words to match', () => {
  it('lists exactly their entries, newest first, with dates, sections and pages applied', () => {
    const q = (input: Partial<SearchInput>) => search(vault.db, { q: '', ...input }).hits.map((h) => h.date);
    expect(q({ q: 'person:Sam' })).toEqual(['2026-04-10', '2026-03-02']);
    expect(q({ q: 'person:"Ana Lucía"' })).toEqual(['2026-04-10', '2026-03-05']);
    expect(q({ q: 'person:Sam after:2026-04-01' })).toEqual(['2026-04-10']);
    expect(q({ q: 'person:Sam before:2026-04-01' })).toEqual(['2026-03-02']);
    // Sam is in the Given part only on 2026-03-02 (and in Received on both days).
    expect(q({ q: 'person:Sam in:given' })).toEqual(['2026-03-02']);
    expect(q({ q: 'person:Sam in:received' })).toEqual(['2026-04-10', '2026-03-02']);
    expect(q({ q: 'person:Sam', limit: 1, offset: 1 })).toEqual(['2026-03-02']);
    expect(q({ q: 'person:Sam after:2026-05-01' })).toEqual([]);
  });
});
