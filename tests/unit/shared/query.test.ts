import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_PREFIX, parseQuery, removePart, toFtsMatch, type QueryPart } from '../../../electron/shared/query';

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

/** A part as a person sees its chip: what it filters by or looks for. */
function chipKey(part: QueryPart): string {
  return part.kind === 'term' ? `term:${JSON.stringify(part.term)}` : `${part.kind}:${part.value}`;
}

/** Pieces of the language, mixed with stray syntax, to build queries a person might type. */
const pieces = fc.constantFrom(
  'tea', 'Péonies', 'walk*', 'wa*', 'w*', '"long walk"', '"long wa"*', '-work', '-"green tea"', 'person:Sam', 'person:"Ana Lucía"', 'person:',
  'in:given', 'in:NOTE', 'in:nowhere', 'after:2026-01-01', 'before:2026-02-01', 'before:2026-02-30', '-person:Sam', '"', '*', '-', '(', ':',
  'NEAR', 'OR', '🌷', '日本', 'İ', '\u0301',
);
const composed = fc
  .array(fc.tuple(pieces, fc.constantFrom(' ', '  ', '', '\t')), { maxLength: 10 })
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));
const anyInput = fc.oneof(composed, fc.string({ unit: 'grapheme-composite', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }));

describe('query parts (the chips)', () => {
  it('lists filters first, then words in the order typed, each with where it was typed', () => {
    const input = 'tea person:Sam "long walk" in:given -work wal* after:2026-01-01';
    const q = parseQuery(input);
    expect(q.parts.map((p) => p.kind)).toEqual(['person', 'in', 'after', 'term', 'term', 'term', 'term']);
    expect(q.parts.map((p) => p.spans.map(([s, e]) => input.slice(s, e)).join('|'))).toEqual([
      'person:Sam',
      'in:given',
      'after:2026-01-01',
      'tea',
      '"long walk"',
      '-work',
      'wal*',
    ]);
  });

  it('removes a chip by editing only its text out of the query', () => {
    const input = 'tea  person:"Ana Lucía"   in:given -work';
    const q = parseQuery(input);
    const person = q.parts.find((p) => p.kind === 'person')!;
    expect(removePart(input, person)).toBe('tea in:given -work');
    const work = q.parts.find((p) => p.kind === 'term' && p.term.negated)!;
    expect(removePart(input, work)).toBe('tea  person:"Ana Lucía"   in:given');
    const tea = q.parts.find((p) => p.kind === 'term' && p.term.text === 'tea')!;
    expect(removePart(input, tea)).toBe('person:"Ana Lucía"   in:given -work');
  });

  it('makes one chip of a filter typed twice, and removing it removes both', () => {
    const input = 'in:given tea in:GIVEN person:Sam person:Ana';
    const q = parseQuery(input);
    expect(q.sections).toEqual(['given']);
    expect(q.person).toBe('Ana');
    expect(q.hints.join(' ')).toMatch(/one person at a time/);
    expect(removePart(input, q.parts.find((p) => p.kind === 'in')!)).toBe('tea person:Sam person:Ana');
    expect(removePart(input, q.parts.find((p) => p.kind === 'person')!)).toBe('in:given tea in:GIVEN');
  });

  it('keeps the entry’s order of parts, whatever order they were typed in', () => {
    expect(parseQuery('in:note in:given tea').sections).toEqual(['given', 'note']);
  });

  it('keeps spans right when the text is not in NFC', () => {
    const input = 'cre\u0300me person:Zoe\u0308 tea';
    const q = parseQuery(input);
    expect(q.terms[0]!.text).toBe('crème');
    expect(q.person).toBe('Zoë');
    expect(removePart(input, q.parts[0]!)).toBe('cre\u0300me tea');
  });

  it('every part sits inside the text, parts never overlap, and removing one leaves exactly the others', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const q = parseQuery(input);
        const spans = q.parts.flatMap((p) => p.spans).sort((a, b) => a[0] - b[0]);
        spans.forEach(([s, e], i) => {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(e).toBeGreaterThan(s);
          expect(e).toBeLessThanOrEqual(input.length);
          if (i > 0) expect(s).toBeGreaterThanOrEqual(spans[i - 1]![1]);
        });
        for (const part of q.parts) {
          const rest = parseQuery(removePart(input, part));
          const expected = q.parts.filter((p) => p !== part).map(chipKey).sort();
          expect(rest.parts.map(chipKey).sort()).toEqual(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('friendly hints', () => {
  it('asks for more letters before a star instead of expanding a one-letter prefix', () => {
    expect(MIN_PREFIX).toBeGreaterThanOrEqual(2);
    for (const input of ['a*', '"long w"*', '-b*', 'é*']) {
      const q = parseQuery(input);
      expect(q.terms, input).toEqual([]);
      expect(q.hints[0], input).toMatch(/too short.*at least 2 letters/);
    }
    expect(parseQuery('ab*').terms).toEqual([{ text: 'ab', phrase: false, prefix: true, negated: false }]);
    expect(parseQuery('"long wa"*').terms[0]).toMatchObject({ text: 'long wa', phrase: true, prefix: true });
  });

  it('says when the dates leave nothing between them', () => {
    expect(parseQuery('after:2026-03-01 before:2026-02-01').hints[0]).toMatch(/later than before:2026-02-01/);
  });

  it('explains that filters cannot be left out, without searching for the filter as words', () => {
    const q = parseQuery('-person:Sam tea');
    expect(q.terms.map((t) => t.text)).toEqual(['tea']);
    expect(q.person).toBeNull();
    expect(q.hints[0]).toMatch(/cannot leave out a person/);
  });

  it('every string parses: terms carry a letter or digit, hints are sentences, and nothing throws', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const q = parseQuery(input);
        for (const t of q.terms) {
          expect(t.text).toMatch(/[\p{L}\p{N}]/u);
          if (t.prefix) expect([...(t.text.match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu) ?? []).pop()!.replace(/\p{M}/gu, '')].length).toBeGreaterThanOrEqual(MIN_PREFIX);
        }
        for (const h of q.hints) expect(h).toMatch(/^\S.*[.!?]$/su);
        expect(new Set(q.hints).size).toBe(q.hints.length);
        for (const s of q.sections) expect(['given', 'received', 'unsaid', 'note']).toContain(s);
        for (const d of [q.after, q.before]) if (d !== null) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
