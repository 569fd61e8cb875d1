/**
 * Search over everything written. Any string is a valid query: the shared parser turns it into
 * quoted FTS5 terms and filters, and anything FTS5 could still object to becomes a hint, never an
 * error. Snippets come back as parts ({text, match}) for the renderer to turn into elements.
 */
import type { SearchHit, SearchInput, SearchResult, SnippetPart } from '../../shared/contract';
import type { SectionKind } from '../../shared/doc';
import { sectionKinds } from '../../shared/doc';
import { parseQuery, toFtsMatch } from '../../shared/query';
import { unsegment } from '../../shared/segment';
import { getEntryRowBySeq, peopleOfEntries } from '../db/repos/entries';
import { findPersonByName, listPeopleSummaries } from '../db/repos/people';
import { suggestionFor } from './suggest';
import { findTag } from '../db/repos/tags';
import type { RankedRow, SnippetRow } from '../db/repos/search';
import { filteredEntries, hasMatch, rankedMatches, SNIPPET_CLOSE, SNIPPET_OPEN, snippetsFor } from '../db/repos/search';
import type { Db } from '../db/connection';

const DEFAULT_LIMIT = 50;
const SNIPPET_TOKENS = 24;

/**
 * Splits a snippet into plain and matched parts. The index's separators between the characters of
 * unspaced scripts are taken out, and a phrase matched character by character (台北 as 台 + 北)
 * comes back as one matched part.
 */
export function parseSnippet(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let buffer = '';
  const flush = () => {
    if (!buffer) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += buffer;
    else parts.push({ text: buffer, match });
    buffer = '';
  };
  for (const ch of unsegment(marked)) {
    if (ch === SNIPPET_OPEN || ch === SNIPPET_CLOSE) {
      flush();
      match = ch === SNIPPET_OPEN;
    } else buffer += ch;
  }
  flush();
  return parts;
}

const later = (a: string | null, b: string | null | undefined) => (a && b ? (a > b ? a : b) : (a ?? b ?? null));
const earlier = (a: string | null, b: string | null | undefined) => (a && b ? (a < b ? a : b) : (a ?? b ?? null));

export function search(db: Db, input: SearchInput): SearchResult {
  // FTS5 reads its query as a C string, so a NUL (say, in pasted text) would cut a quoted term
  // short and turn it into a syntax error; as a space it is just a separator.
  const q = input.q.replaceAll('\u0000', ' ');
  const parsed = parseQuery(q);
  const names = () => listPeopleSummaries(db, true).map((p) => p.name);
  const suggest = input.suggest !== false;
  if (parsed.person && !findPersonByName(db, parsed.person)) {
    return { hits: [], hint: `No one called “${parsed.person}” is among your people.`, suggestion: suggest ? suggestionFor(db, q, parsed, names, true) : null };
  }
  const result = searchParsed(db, input, parsed);
  if (suggest && result.hits.length === 0 && !input.offset) result.suggestion = suggestionFor(db, q, parsed, names, false);
  return result;
}

function searchParsed(db: Db, input: SearchInput, parsed: ReturnType<typeof parseQuery>): SearchResult {
  const hints = [...parsed.hints];
  let personId = input.personId ?? null;
  if (parsed.person) personId = findPersonByName(db, parsed.person)!.id;
  const tagIds: number[] = [];
  for (const name of parsed.tags) {
    const tag = findTag(db, name);
    if (!tag) return { hits: [], hint: `No entry has the tag “${name}”.` };
    tagIds.push(tag.id);
  }
  const sections = [...new Set([...(input.sections ?? []), ...parsed.sections])];
  const filters = { personId, from: later(parsed.after, input.from), to: earlier(parsed.before, input.to), tags: tagIds.length ? JSON.stringify([...new Set(tagIds)]) : null };
  const limit = input.limit ?? DEFAULT_LIMIT;
  const offset = input.offset ?? 0;
  // Every hint, not just the first: the search box and `mutual search` show them with the results.
  const hint = hints.length ? hints.join(' ') : null;

  const match = toFtsMatch(parsed.terms, sections);
  let rows: RankedRow[];
  if (match === null) {
    const onlyExclusions = parsed.terms.length > 0;
    const anyFilter = personId !== null || filters.from !== null || filters.to !== null || filters.tags !== null;
    if (onlyExclusions) return { hits: [], hint };
    if (!anyFilter) {
      // in:given alone would list every entry with a Given; ask for something to look for instead.
      const ask = sections.length && parsed.terms.length === 0 ? 'Add a word, a person or a date to search in that part.' : null;
      return { hits: [], hint: hint ?? ask };
    }
    rows = filteredEntries(db, filters, sections, limit, offset);
    return { hits: toHits(db, rows, null, sections), hint };
  }
  try {
    // The terms are all required, and expanding a short prefix (b*) over the whole index is the
    // costliest part of a query: when another word or phrase is found nowhere, stop here.
    const positive = parsed.terms.filter((t) => !t.negated);
    if (positive.some((t) => t.prefix) && positive.some((t) => !t.prefix && !hasMatch(db, toFtsMatch([t])!))) return { hits: [], hint };
    rows = rankedMatches(db, match, filters, input.sort ?? 'best', limit, offset);
    return { hits: toHits(db, rows, match, sections), hint };
  } catch (error) {
    // The parser quotes every term, so this is not expected; if FTS5 still objects, say so kindly.
    if (String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_ERROR')) {
      return { hits: [], hint: 'Mutual could not search for that. Try fewer special characters.' };
    }
    throw error;
  }
}

function toHits(db: Db, rows: RankedRow[], match: string | null, sections: SectionKind[]): SearchHit[] {
  const seqs = rows.map((r) => r.seq);
  const snippets = match ? snippetsFor(db, match, seqs, SNIPPET_TOKENS) : new Map<number, SnippetRow>();
  const people = peopleOfEntries(db, seqs);
  const order = sections.length ? sections : sectionKinds;
  return rows.map((row) => {
    const marked = snippets.get(row.seq);
    let section: SectionKind | null = null;
    let snippet: SnippetPart[] = [];
    if (marked) {
      section = order.find((kind) => marked[kind]?.includes(SNIPPET_OPEN)) ?? null;
      const source = section ? marked[section] : (order.map((kind) => marked[kind]).find((s) => s && s.length > 0) ?? '');
      snippet = parseSnippet(source);
    }
    if (snippet.length === 0) snippet = firstWords(db, row.seq, sections);
    return { entryId: row.id, date: row.date, writtenAt: row.writtenAt, people: people.get(row.seq) ?? [], section, snippet };
  });
}

function firstWords(db: Db, seq: number, sections: SectionKind[]): SnippetPart[] {
  const row = getEntryRowBySeq(db, seq);
  if (!row) return [];
  const text = (sections.length ? sections : sectionKinds).map((k) => row[k]).find((t) => t.trim()) ?? '';
  const words = text.split(/\s+/).slice(0, SNIPPET_TOKENS).join(' ');
  return words ? [{ text: words + (text.length > words.length ? '…' : ''), match: false }] : [];
}
