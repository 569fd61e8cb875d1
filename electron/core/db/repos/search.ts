import type { SectionKind } from '../../../shared/doc';
import type { Db } from '../../vault/database';
import { stmt } from '../statements';
import type { SectionTexts } from './entries';

/** The FTS5 row of an entry: its four section texts and the names of the people in it. */
export function indexEntry(db: Db, seq: number, texts: SectionTexts, peopleNames: string): void {
  stmt(db, 'DELETE FROM entries_fts WHERE rowid = ?').run(seq);
  stmt(db, 'INSERT INTO entries_fts (rowid, given, received, unsaid, note, people) VALUES (?, ?, ?, ?, ?, ?)').run(
    seq,
    texts.given,
    texts.received,
    texts.unsaid,
    texts.note,
    peopleNames,
  );
}

/** The people column of an entry's index row as it stands (null when the entry is not indexed). */
export function indexedPeople(db: Db, seq: number): string | null {
  const row = stmt(db, 'SELECT people FROM entries_fts WHERE rowid = ?').get(seq) as { people: string } | undefined;
  return row?.people ?? null;
}

export function unindexEntry(db: Db, seq: number): void {
  stmt(db, 'DELETE FROM entries_fts WHERE rowid = ?').run(seq);
}

export interface SearchFilters {
  personId: string | null;
  from: string | null;
  to: string | null;
}

export interface RankedRow {
  seq: number;
  id: string;
  date: string;
}

const filterSql = `
  (@personId IS NULL OR e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = @personId))
  AND (@from IS NULL OR e.date >= @from)
  AND (@to IS NULL OR e.date <= @to)`;

/**
 * The same filters as `filterSql`, with only the conditions in use, so that a date range can use
 * the date index instead of walking it from the newest entry.
 */
function entryFilterSql(filters: SearchFilters): string {
  const parts = ['1'];
  if (filters.personId !== null) parts.push('e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = @personId)');
  if (filters.from !== null) parts.push('e.date >= @from');
  if (filters.to !== null) parts.push('e.date <= @to');
  return parts.join(' AND ');
}

/**
 * The filters as conditions on the index's rowid (an entry's seq), answered from the mentions key
 * and the date index without reading entry rows. The unary plus keeps SQLite from handing the IN
 * list to FTS5 as rowid lookups, which would run the whole MATCH once per listed entry.
 */
function rowidFilterSql(filters: SearchFilters): string {
  const parts: string[] = [];
  if (filters.personId !== null) parts.push('AND +entries_fts.rowid IN (SELECT entry_seq FROM mentions WHERE person_id = @personId)');
  if (filters.from !== null || filters.to !== null) {
    const range = [filters.from !== null ? 'date >= @from' : '', filters.to !== null ? 'date <= @to' : ''].filter(Boolean).join(' AND ');
    parts.push(`AND +entries_fts.rowid IN (SELECT seq FROM entries WHERE ${range})`);
  }
  return parts.join(' ');
}

/** Extra ranked rows read past the page, so that rows tied with the last one on it are usually all seen. */
const TIE_SLACK = 64;
/** Below this many matches, "newest first" looks the matching entries up directly. */
const DIRECT_NEWEST_MAX = 300;

/** The original one-statement form: exact, but it reads the entry row of every match. */
function rankedMatchesJoined(db: Db, match: string, filters: SearchFilters, sort: 'best' | 'newest', limit: number, offset: number): RankedRow[] {
  const order = sort === 'best' ? 'entries_fts.rank, e.date DESC' : 'e.date DESC, e.seq DESC';
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date FROM entries_fts JOIN entries e ON e.seq = entries_fts.rowid
     WHERE entries_fts MATCH @match AND ${filterSql}
     ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  ).all({ match, ...filters, limit, offset }) as RankedRow[];
}

/**
 * Phase one of a search: the page of matching entries in order, without snippets, so that
 * snippets are computed only for the rows shown. Order: bm25 rank then newest date ("best"), or
 * newest date then newest seq ("newest").
 *
 * Entry rows are large (the document and its texts) and, in the vault, every page read is a page
 * decrypted, so neither order reads the entry row of every match:
 * - "best" ranks inside the index (rowid and rank only; the filters as rowid sets) with a bounded
 *   sort, then reads the entries of the page and of every row tied with its last rank, and orders
 *   those by (rank, date DESC) exactly as the one-statement form would;
 * - "newest" walks the date index from the newest entry and keeps the entries in the match set,
 *   stopping when the page is full; with few matches it looks them up directly.
 */
export function rankedMatches(db: Db, match: string, filters: SearchFilters, sort: 'best' | 'newest', limit: number, offset: number): RankedRow[] {
  return sort === 'best' ? bestMatches(db, match, filters, limit, offset) : newestMatches(db, match, filters, limit, offset);
}

function bestMatches(db: Db, match: string, filters: SearchFilters, limit: number, offset: number): RankedRow[] {
  const need = offset + limit;
  const ranked = (extra: string, params: Record<string, unknown>) =>
    stmt(db, `SELECT rowid AS seq, rank FROM entries_fts WHERE entries_fts MATCH @match ${rowidFilterSql(filters)} ${extra}`)
      .all({ match, ...filters, ...params }) as { seq: number; rank: number }[];
  // `+rank`: SQLite's own bounded sort of the rank column is about twice as fast as FTS5's sorted mode.
  let rows = ranked('ORDER BY +rank LIMIT @n', { n: need + TIE_SLACK });
  if (rows.length >= need) {
    const last = rows[need - 1]!.rank;
    // Every row ranked ahead of the page's last row is in `rows`; so are its ties unless they run
    // past the slack, in which case they are all fetched.
    rows = rows.length === need + TIE_SLACK && rows[rows.length - 1]!.rank === last ? ranked('AND +rank <= @last', { last }) : rows.filter((r) => r.rank <= last);
  }
  if (rows.length === 0) return [];
  const entries = new Map(
    (stmt(db, 'SELECT seq, id, date FROM entries WHERE seq IN (SELECT value FROM json_each(?))').all(JSON.stringify(rows.map((r) => r.seq))) as RankedRow[]).map((e) => [e.seq, e]),
  );
  // An index row without its entry cannot happen (both are written in one transaction), but the
  // joined form would skip it; fall back to that form rather than return a short page.
  if (entries.size !== rows.length) return rankedMatchesJoined(db, match, filters, 'best', limit, offset);
  return rows
    .map((r) => ({ rank: r.rank, entry: entries.get(r.seq)! }))
    .sort((a, b) => a.rank - b.rank || (a.entry.date < b.entry.date ? 1 : a.entry.date > b.entry.date ? -1 : 0))
    .slice(offset, need)
    .map((r) => r.entry);
}

function newestMatches(db: Db, match: string, filters: SearchFilters, limit: number, offset: number): RankedRow[] {
  const { n } = stmt(db, 'SELECT count(*) AS n FROM entries_fts WHERE entries_fts MATCH ?').get(match) as { n: number };
  if (n === 0) return [];
  if (n <= DIRECT_NEWEST_MAX + offset + limit) return rankedMatchesJoined(db, match, filters, 'newest', limit, offset);
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date FROM entries e INDEXED BY entries_by_date
     WHERE e.seq IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @match) AND ${entryFilterSql(filters)}
     ORDER BY e.date DESC, e.seq DESC LIMIT @limit OFFSET @offset`,
  ).all({ match, ...filters, limit, offset }) as RankedRow[];
}

/** Entries matching the filters alone (a search of only person:, in: or dates), newest first. */
export function filteredEntries(db: Db, filters: SearchFilters, sections: readonly SectionKind[], limit: number, offset: number): RankedRow[] {
  if (filters.personId !== null) {
    // A person's entries come from the mentions index (person, date), which carries each entry's
    // date, so only the page of entries shown is read — not every entry about a frequent person.
    const conditions = ['m.person_id = @personId'];
    if (filters.from !== null) conditions.push('m.date >= @from');
    if (filters.to !== null) conditions.push('m.date <= @to');
    if (sections.length) conditions.push('m.section IN (SELECT value FROM json_each(@sections))');
    return stmt(
      db,
      `SELECT e.seq, e.id, e.date FROM (
         SELECT DISTINCT m.entry_seq AS seq, m.date AS date FROM mentions m WHERE ${conditions.join(' AND ')}
         ORDER BY m.date DESC, m.entry_seq DESC LIMIT @limit OFFSET @offset
       ) page JOIN entries e ON e.seq = page.seq
       ORDER BY page.date DESC, page.seq DESC`,
    ).all({ ...filters, sections: JSON.stringify(sections), limit, offset }) as RankedRow[];
  }
  // With a person and sections, keep entries where the person is mentioned in one of those sections.
  const sectionSql =
    filters.personId && sections.length
      ? `AND e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = @personId AND section IN (SELECT value FROM json_each(@sections)))`
      : '';
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date FROM entries e WHERE ${entryFilterSql(filters)} ${sectionSql}
     ORDER BY e.date DESC, e.seq DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...filters, sections: JSON.stringify(sections), limit, offset }) as RankedRow[];
}

/** Whether anything matches (a cheap check before a costly query). */
export function hasMatch(db: Db, match: string): boolean {
  return stmt(db, 'SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT 1').get(match) !== undefined;
}

export const SNIPPET_OPEN = '\u0002';
export const SNIPPET_CLOSE = '\u0003';
export const searchColumns = ['given', 'received', 'unsaid', 'note', 'people'] as const;

export type SnippetRow = { seq: number } & Record<SectionKind, string>;

/**
 * Phase two: a snippet per section for the given entries, matches wrapped in control markers.
 * FTS5 reads the match once over the rowid range of the page (a range it can seek to) and SQLite
 * keeps the listed rows; handed the IN list itself, FTS5 would run the whole MATCH once per row.
 */
export function snippetsFor(db: Db, match: string, seqs: number[], tokens: number): Map<number, SnippetRow> {
  const out = new Map<number, SnippetRow>();
  if (seqs.length === 0) return out;
  const rows = stmt(
    db,
    `SELECT rowid AS seq,
       snippet(entries_fts, 0, @o, @c, '…', @n) AS given,
       snippet(entries_fts, 1, @o, @c, '…', @n) AS received,
       snippet(entries_fts, 2, @o, @c, '…', @n) AS unsaid,
       snippet(entries_fts, 3, @o, @c, '…', @n) AS note
     FROM entries_fts WHERE entries_fts MATCH @match AND rowid >= @min AND rowid <= @max AND +rowid IN (SELECT value FROM json_each(@seqs))`,
  ).all({ match, seqs: JSON.stringify(seqs), min: Math.min(...seqs), max: Math.max(...seqs), o: SNIPPET_OPEN, c: SNIPPET_CLOSE, n: tokens }) as SnippetRow[];
  for (const r of rows) out.set(r.seq, r);
  return out;
}

/** A plain LIKE scan over the same texts: the benchmark's baseline, never used by the app. */
export function scanSearch(db: Db, word: string, limit: number): RankedRow[] {
  const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return stmt(
    db,
    `SELECT seq, id, date FROM entries
     WHERE given LIKE @p ESCAPE '\\' OR received LIKE @p ESCAPE '\\' OR unsaid LIKE @p ESCAPE '\\' OR note LIKE @p ESCAPE '\\'
     ORDER BY date DESC LIMIT @limit`,
  ).all({ p: pattern, limit }) as RankedRow[];
}
