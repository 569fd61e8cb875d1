/**
 * The search query language, shared by the app's search box and `mutual search`:
 *   words            all must appear (accents and case ignored)
 *   "a phrase"       these words together, in order
 *   prefix*          words starting with prefix (at least MIN_PREFIX letters before the star)
 *   -word            entries without this word (also -"a phrase")
 *   person:Name      entries about this person (person:"Ana Lucía" for spaces)
 *   tag:word         entries with this tag (tag:"two words" for spaces; several tags: all of them)
 *   in:given         only the Given section (also received, unsaid, note; repeat for several)
 *   after:YYYY-MM-DD / before:YYYY-MM-DD   dates, inclusive
 *
 * Every string parses. What cannot be used is dropped with a friendly hint, never an error, and
 * every user word reaches FTS5 inside double quotes, so its syntax can never leak through.
 *
 * The parse also lists the query's parts with where they sit in the typed text, so the search box
 * can show them as chips and remove one by editing the text (`removePart`): the text stays the
 * single source of truth.
 */
import type { SectionKind } from './doc';
import { sectionKinds } from './doc';
import { segmentForIndex } from './segment';

export interface QueryTerm {
  text: string;
  phrase: boolean;
  prefix: boolean;
  negated: boolean;
}

/** Where a part was typed: [start, end) in the query text as given to parseQuery. */
export type QuerySpan = readonly [number, number];

/** One chip of the query. Filters typed more than once are one part with several spans. */
export type QueryPart =
  | { kind: 'person'; value: string; spans: QuerySpan[] }
  | { kind: 'tag'; value: string; spans: QuerySpan[] }
  | { kind: 'in'; value: SectionKind; spans: QuerySpan[] }
  | { kind: 'after' | 'before'; value: string; spans: QuerySpan[] }
  | { kind: 'term'; term: QueryTerm; spans: QuerySpan[] };

export interface ParsedQuery {
  terms: QueryTerm[];
  person: string | null;
  /** Tag names (as typed, without #): entries must carry every one. */
  tags: string[];
  sections: SectionKind[];
  after: string | null;
  before: string | null;
  hints: string[];
  /** The query as chips, filters first (person, tags, parts of an entry, dates), then the words in typed order. */
  parts: QueryPart[];
}

/**
 * The fewest letters before a `*`. The index keeps 2- and 3-letter prefixes (prefix = '2 3'), so
 * `ab*` is one index lookup; `a*` would expand to every word starting with "a" across the journal.
 */
export const MIN_PREFIX = 2;

const FILTER_KEYS = ['person', 'tag', 'in', 'before', 'after'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

const WORD_RUN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const hasWordChar = (s: string) => /[\p{L}\p{N}]/u.test(s);
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

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
  while (j < input.length && !isSpace(input[j])) j++;
  return [input.slice(i, j), j];
}

/** Letters in the word a `*` applies to: the last word of the text, as the index splits words. */
function prefixLength(text: string): number {
  const words = text.match(WORD_RUN);
  const last = words?.[words.length - 1] ?? '';
  return [...last.replace(/\p{M}/gu, '')].length;
}

interface FilterToken {
  key: FilterKey;
  value: string;
  span: QuerySpan;
}

export function parseQuery(input: string): ParsedQuery {
  const result: ParsedQuery = { terms: [], person: null, tags: [], sections: [], after: null, before: null, hints: [], parts: [] };
  const hint = (text: string) => {
    if (!result.hints.includes(text)) result.hints.push(text);
  };
  const filters: FilterToken[] = [];
  const termParts: QueryPart[] = [];
  // Spans index the text as given; values are normalized one by one (NFC never joins across the
  // spaces and quotes that separate them), so both stay right.
  const text = input;
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !isSpace(text[i + 1])) {
      negated = true;
      i++;
    }
    const filter = /^([a-zA-Z]+):/.exec(text.slice(i, i + 8));
    if (filter && (FILTER_KEYS as readonly string[]).includes(filter[1]!.toLowerCase())) {
      const key = filter[1]!.toLowerCase() as FilterKey;
      i += filter[0].length;
      let value: string;
      [value, i] = text[i] === '"' ? readQuoted(text, i) : readBare(text, i);
      if (negated) hint(`Mutual cannot leave out a ${key === 'in' ? 'part' : key === 'person' ? 'person' : key === 'tag' ? 'tag' : 'date'}; remove the “-” before ${key}: to search by it.`);
      else filters.push({ key, value: value.normalize('NFC').trim(), span: [start, i] });
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
    value = value.normalize('NFC');
    if (!hasWordChar(value)) continue;
    if (prefix && prefixLength(value) < MIN_PREFIX) {
      const shown = `${phrase ? `"${value}"` : value}*`;
      hint(`“${shown}” is too short to look for words that start with it: type at least ${MIN_PREFIX} letters before the *.`);
      continue;
    }
    const term: QueryTerm = { text: value, phrase, prefix, negated };
    result.terms.push(term);
    termParts.push({ kind: 'term', term, spans: [[start, i]] });
  }
  applyFilters(result, filters, hint);
  result.parts.push(...termParts);
  if (result.terms.length > 0 && result.terms.every((t) => t.negated)) {
    hint('Add a word to look for: a search cannot be only words to leave out.');
  }
  if (result.after && result.before && result.after > result.before) {
    hint(`after:${result.after} is later than before:${result.before}, so no entry can match; swap the dates to search between them.`);
  }
  return result;
}

function example(key: FilterKey): string {
  return key === 'person' ? 'person:Sam' : key === 'tag' ? 'tag:travel' : key === 'in' ? 'in:given' : `${key}:2026-01-31`;
}

function applyFilters(result: ParsedQuery, tokens: FilterToken[], hint: (text: string) => void): void {
  const single: Partial<Record<'person' | 'after' | 'before', { value: string; spans: QuerySpan[] }>> = {};
  const sections = new Map<SectionKind, QuerySpan[]>();
  const tags = new Map<string, { value: string; spans: QuerySpan[] }>();
  for (const { key, value: raw, span } of tokens) {
    const value = key === 'tag' ? raw.replace(/^#+/, '').trim() : raw;
    if (!value) {
      hint(`“${key}:” needs something after it, like ${example(key)}.`);
      continue;
    }
    if (key === 'tag') {
      // The same tag however it is capitalised; each tag one chip.
      const k = value.toLowerCase();
      tags.set(k, { value: tags.get(k)?.value ?? value, spans: [...(tags.get(k)?.spans ?? []), span] });
      continue;
    }
    if (key === 'in') {
      const section = value.toLowerCase() as SectionKind;
      if (sectionKinds.includes(section)) sections.set(section, [...(sections.get(section) ?? []), span]);
      else hint(`“in:${value}” is not a part of an entry; use in:given, in:received, in:unsaid or in:note.`);
      continue;
    }
    if (key !== 'person' && !isRealDate(value)) {
      hint(`“${key}:${value}” is not a date Mutual can use; dates look like ${key}:2026-01-31.`);
      continue;
    }
    const previous = single[key];
    if (previous && previous.value !== value) {
      hint(key === 'person' ? `Search one person at a time; looking for entries about ${value}.` : `Only the last ${key}: counts; using ${key}:${value}.`);
    }
    // The last one counts; its chip removes every one of them.
    single[key] = { value, spans: [...(previous?.spans ?? []), span] };
  }
  if (single.person) {
    result.person = single.person.value;
    result.parts.push({ kind: 'person', value: single.person.value, spans: single.person.spans });
  }
  for (const { value, spans } of tags.values()) {
    result.tags.push(value);
    result.parts.push({ kind: 'tag', value, spans });
  }
  for (const kind of sectionKinds) {
    const spans = sections.get(kind);
    if (!spans) continue;
    result.sections.push(kind);
    result.parts.push({ kind: 'in', value: kind, spans });
  }
  for (const key of ['after', 'before'] as const) {
    const found = single[key];
    if (!found) continue;
    result[key] = found.value;
    result.parts.push({ kind: key, value: found.value, spans: found.spans });
  }
}

/**
 * The query text without one part: its spans cut out and the spaces around each cut joined into
 * one, the rest of the text untouched.
 */
export function removePart(input: string, part: Pick<QueryPart, 'spans'>): string {
  let out = input;
  for (const [start, end] of [...part.spans].sort((a, b) => b[0] - a[0])) {
    const before = out.slice(0, start).replace(/\s+$/u, '');
    const after = out.slice(end).replace(/^\s+/u, '');
    out = before && after ? `${before} ${after}` : before + after;
  }
  return out;
}

/** A term as one FTS5 phrase, its unspaced-script characters segmented as the index holds them. */
function quote(term: QueryTerm): string {
  return `"${segmentForIndex(term.text).replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
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
