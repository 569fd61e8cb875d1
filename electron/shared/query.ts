/**
 * The search query language, shared by the app's search box and `mutual search`:
 *   words            all must appear (accents and case ignored)
 *   "a phrase"       these words together, in order
 *   prefix*          words starting with prefix
 *   -word            entries without this word (also -"a phrase")
 *   person:Name      entries about this person (person:"Ana Lucía" for spaces)
 *   in:given         only the Given section (also received, unsaid, note; repeat for several)
 *   after:YYYY-MM-DD / before:YYYY-MM-DD   dates, inclusive
 *
 * Every string parses. What cannot be used is dropped with a friendly hint, never an error, and
 * every user word reaches FTS5 inside double quotes, so its syntax can never leak through.
 */
import type { SectionKind } from './doc';
import { sectionKinds } from './doc';

export interface QueryTerm {
  text: string;
  phrase: boolean;
  prefix: boolean;
  negated: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  person: string | null;
  sections: SectionKind[];
  after: string | null;
  before: string | null;
  hints: string[];
}

const FILTER_KEYS = ['person', 'in', 'before', 'after'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

const hasWordChar = (s: string) => /[\p{L}\p{N}]/u.test(s);

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Reads a quoted value starting at input[i] === '"'; returns the text and the index after it. */
function readQuoted(input: string, i: number): [string, number] {
  const end = input.indexOf('"', i + 1);
  if (end < 0) return [input.slice(i + 1), input.length];
  return [input.slice(i + 1, end), end + 1];
}

function readBare(input: string, i: number): [string, number] {
  let j = i;
  while (j < input.length && !/\s/.test(input[j]!)) j++;
  return [input.slice(i, j), j];
}

export function parseQuery(input: string): ParsedQuery {
  const result: ParsedQuery = { terms: [], person: null, sections: [], after: null, before: null, hints: [] };
  const text = input.normalize('NFC');
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    const filter = /^([a-zA-Z]+):/.exec(text.slice(i, i + 8));
    if (!negated && filter && (FILTER_KEYS as readonly string[]).includes(filter[1]!.toLowerCase())) {
      const key = filter[1]!.toLowerCase() as FilterKey;
      i += filter[0].length;
      let value: string;
      [value, i] = text[i] === '"' ? readQuoted(text, i) : readBare(text, i);
      applyFilter(result, key, value.trim());
      continue;
    }
    let value: string;
    let phrase = false;
    if (text[i] === '"') {
      [value, i] = readQuoted(text, i);
      phrase = true;
    } else {
      [value, i] = readBare(text, i);
    }
    let prefix = false;
    if (text[i] === '*') {
      prefix = true;
      i++;
    }
    if (!phrase && value.endsWith('*')) {
      prefix = true;
      value = value.replace(/\*+$/, '');
    }
    if (!hasWordChar(value)) continue;
    result.terms.push({ text: value, phrase, prefix, negated });
  }
  if (result.terms.length > 0 && result.terms.every((t) => t.negated)) {
    result.hints.push('Add a word to look for: a search cannot be only words to leave out.');
  }
  return result;
}

function applyFilter(result: ParsedQuery, key: FilterKey, value: string): void {
  if (!value) {
    result.hints.push(`“${key}:” needs something after it, like ${key === 'person' ? 'person:Sam' : key === 'in' ? 'in:given' : `${key}:2026-01-31`}.`);
    return;
  }
  if (key === 'person') {
    result.person = value;
  } else if (key === 'in') {
    const section = value.toLowerCase() as SectionKind;
    if (sectionKinds.includes(section)) {
      if (!result.sections.includes(section)) result.sections.push(section);
    } else result.hints.push(`“in:${value}” is not a part of an entry; use in:given, in:received, in:unsaid or in:note.`);
  } else if (isRealDate(value)) {
    result[key] = value;
  } else {
    result.hints.push(`“${key}:${value}” is not a date Mutual can use; dates look like ${key}:2026-01-31.`);
  }
}

function quote(term: QueryTerm): string {
  return `"${term.text.replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
}

/**
 * The FTS5 MATCH expression for the terms, limited to `columns` when given; null when there is
 * nothing positive to match (then the caller lists by filters alone or returns nothing).
 */
export function toFtsMatch(terms: QueryTerm[], columns: readonly string[] = []): string | null {
  const positive = terms.filter((t) => !t.negated).map(quote);
  if (positive.length === 0) return null;
  const negative = terms.filter((t) => t.negated).map(quote);
  let expr = positive.join(' ');
  if (negative.length) expr = `(${expr}) NOT (${negative.join(' OR ')})`;
  return columns.length ? `{${columns.join(' ')}} : (${expr})` : expr;
}

/** The query as removable chips for the search box: each filter and each term, with its source text. */
export function describeQuery(q: ParsedQuery): { kind: 'person' | 'in' | 'after' | 'before' | 'term'; label: string }[] {
  const chips: { kind: 'person' | 'in' | 'after' | 'before' | 'term'; label: string }[] = [];
  if (q.person) chips.push({ kind: 'person', label: q.person });
  for (const s of q.sections) chips.push({ kind: 'in', label: s });
  if (q.after) chips.push({ kind: 'after', label: q.after });
  if (q.before) chips.push({ kind: 'before', label: q.before });
  for (const t of q.terms) chips.push({ kind: 'term', label: `${t.negated ? '-' : ''}${t.phrase ? `"${t.text}"` : t.text}${t.prefix ? '*' : ''}` });
  return chips;
}
