import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery, toFtsMatch } from '../../../electron/shared/query';

describe('parseQuery', () => {
  it('reads words, phrases, prefixes and exclusions', () => {
    const q = parseQuery('peonies "long walk" wal* -work');
    expect(q.terms).toEqual([
      { text: 'peonies', phrase: false, prefix: false, negated: false },
      { text: 'long walk', phrase: true, prefix: false, negated: false },
      { text: 'wal', phrase: false, prefix: true, negated: false },
      { text: 'work', phrase: false, prefix: false, negated: true },
    ]);
  });

  it('reads filters, with quotes for names with spaces', () => {
    const q = parseQuery('person:"Ana Lucía" in:given in:NOTE after:2026-01-01 before:2026-02-01 tea');
    expect(q).toMatchObject({ person: 'Ana Lucía', sections: ['given', 'note'], after: '2026-01-01', before: '2026-02-01', hints: [] });
    expect(q.terms.map((t) => t.text)).toEqual(['tea']);
  });

  it('gives a friendly hint instead of failing on filters it cannot use', () => {
    const q = parseQuery('in:yesterday before:2026-02-30 after:');
    expect(q.hints).toHaveLength(3);
    expect(q.sections).toEqual([]);
    expect(q.before).toBeNull();
  });

  it('asks for a word when everything is excluded', () => {
    expect(parseQuery('-work -email').hints[0]).toMatch(/Add a word/);
  });

  it('never throws and always quotes every term for FTS5', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 80 }), (input) => {
        const q = parseQuery(input);
        const match = toFtsMatch(q.terms, q.sections);
        if (match !== null) {
          // Outside of quoted strings only our own operators may appear.
          const outside = match.replace(/"(?:[^"]|"")*"/g, '');
          expect(outside).toMatch(/^[\s()*{}:a-z]*(NOT|OR|[\s()*{}:a-z])*$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('toFtsMatch', () => {
  it('escapes quotes inside terms and limits to columns', () => {
    const q = parseQuery('say "hi" she"s');
    expect(toFtsMatch(q.terms, ['given'])).toBe('{given} : ("say" "hi" "she""s")');
  });

  it('puts exclusions after the words to find', () => {
    expect(toFtsMatch(parseQuery('tea -coffee -"green tea"').terms)).toBe('("tea") NOT ("coffee" OR "green tea")');
  });

  it('has nothing to match when no term has a letter or digit', () => {
    expect(toFtsMatch(parseQuery('*** ( ) "" -').terms)).toBeNull();
  });
});
