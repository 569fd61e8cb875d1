import type { SectionKind } from '../../../shared/doc';
import type { Db } from '../connection';
import { stmt } from '../statements';
import type { SectionTexts } from './entries';
import { ensurePendingIndex } from './indexQueue';
import { segmentForIndex, unsegment } from '../../../shared/segment';

/**
 * The FTS5 row of an entry: its four section texts and the names of the people in it, with
 * unspaced scripts segmented as the index reads them (electron/shared/segment.ts). `fresh`: the
 * entry is new, so there is no old row to delete first.
 */
export function indexEntry(db: Db, seq: number, texts: SectionTexts, peopleNames: string, fresh = false): void {
  if (!fresh) stmt(db, 'DELETE FROM entries_fts WHERE rowid = ?').run(seq);
  stmt(db, 'INSERT INTO entries_fts (rowid, given, received, unsaid, note, people) VALUES (?, ?, ?, ?, ?, ?)').run(
    seq,
    segmentForIndex(texts.given),
    segmentForIndex(texts.received),
    segmentForIndex(texts.unsaid),
    segmentForIndex(texts.note),
    segmentForIndex(peopleNames),
  );
}

/** The people column of an entry's index row as it stands, as written (null when the entry is not indexed). */
export function indexedPeople(db: Db, seq: number): string | null {
  const row = stmt(db, 'SELECT people FROM entries_fts WHERE rowid = ?').get(seq) as { people: string } | undefined;
  return row ? unsegment(row.people) : null;
}

export function unindexEntry(db: Db, seq: number): void {
  stmt(db, 'DELETE FROM entries_fts WHERE rowid = ?').run(seq);
}

export interface SearchFilters {
  personId: string | null;
  from: string | null;
  to: string | null;
  /** Tag ids as a JSON array (every one must be on the entry), or null for no tag filter. */
  tags: string | null;
}

/** Entries carrying every tag of the JSON array @tags. */
const TAGGED = 'SELECT entry_seq FROM entry_tags WHERE tag_id IN (SELECT value FROM json_each(@tags)) GROUP BY entry_seq HAVING count(*) = json_array_length(@tags)';

export interface RankedRow {
  seq: number;
  id: string;
  date: string;
  /** Local time of writing with offset, or null (schema 60). */
  writtenAt: string | null;
}

/**
 * The filters on an entry row `e`, for the statements that see only a few rows (the pending index,
 * a handful of matches): the person is looked up per row in person_entries rather than gathered
 * as a set first, which for someone in thousands of entries cost more than the search.
 */
const filterSql = `
  (@personId IS NULL OR EXISTS (SELECT 1 FROM person_entries pe WHERE pe.person_id = @personId AND pe.entry_seq = e.seq))
  AND (@from IS NULL OR e.date >= @from)
  AND (@to IS NULL OR e.date <= @to)
  AND (@tags IS NULL OR e.seq IN (${TAGGED}))`;

/**
 * The same filters as `filterSql`, with only the conditions in use, so that a date range can use
 * the date index instead of walking it from the newest entry.
 */
function entryFilterSql(filters: SearchFilters): string {
  const parts = ['1'];
  if (filters.personId !== null) parts.push('e.seq IN (SELECT entry_seq FROM person_entries WHERE person_id = @personId)');
  if (filters.from !== null) parts.push('e.date >= @from');
  if (filters.to !== null) parts.push('e.date <= @to');
  if (filters.tags !== null) parts.push(`e.seq IN (${TAGGED})`);
  return parts.join(' AND ');
}

/**
 * The filters as conditions on the index's rowid (an entry's seq), answered from the mentions key
 * and the date index without reading entry rows. The unary plus keeps SQLite from handing the IN
 * list to FTS5 as rowid lookups, which would run the whole MATCH once per listed entry.
 */
function rowidFilterSql(filters: SearchFilters): string {
  const parts: string[] = [];
  // The person's entries gathered once, from their contiguous run in person_entries (schema 110):
  // looking each match up by entry instead reads pages all over the index, and in a journal whose
  // page cache is busy with other searches that cost four times as much.
  if (filters.personId !== null) parts.push('AND +entries_fts.rowid IN (SELECT entry_seq FROM person_entries WHERE person_id = @personId)');
  if (filters.from !== null || filters.to !== null) {
    const range = [filters.from !== null ? 'date >= @from' : '', filters.to !== null ? 'date <= @to' : ''].filter(Boolean).join(' AND ');
    parts.push(`AND +entries_fts.rowid IN (SELECT seq FROM entries WHERE ${range})`);
  }
  if (filters.tags !== null) parts.push(`AND +entries_fts.rowid IN (${TAGGED})`);
  return parts.join(' ');
}

/** Extra ranked rows read past the page, so that rows tied with the last one on it are usually all seen. */
const TIE_SLACK = 64;
/** Below this many matches, "newest first" looks the matching entries up directly. */
const DIRECT_NEWEST_MAX = 300;
/**
 * "Best match" ranks at most this many of the most recently written matches (see ARCHITECTURE.md,
 * "Search"): bm25 costs about 0.6 µs per matching entry and more for long documents, so a word found
 * in every one of 100,000 entries took 50–70 ms to rank. A person looks at the first page; ranking
 * the newest few thousand keeps every search within 10 ms and still puts their best matches first.
 */
export const RANK_WINDOW = 2_000;
/**
 * Queued entries are excluded from the index's answers: their index row may be stale. The check
 * costs about half a millisecond a statement, so it is left out while the queue is empty (most of
 * the time: the queue is drained a moment after each save).
 */
const notQueued = (queued: boolean) => (queued ? 'AND +entries_fts.rowid NOT IN (SELECT entry_seq FROM index_queue)' : '');

/** The original one-statement form: exact, but it reads the entry row of every match. */
function rankedMatchesJoined(db: Db, match: string, filters: SearchFilters, sort: 'best' | 'newest', limit: number, offset: number, floor: number | null, queued: boolean): RankedRow[] {
  const order = sort === 'best' ? 'entries_fts.rank, e.date DESC' : 'e.date DESC, e.written_at DESC, e.seq DESC';
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date, e.written_at AS writtenAt FROM entries_fts JOIN entries e ON e.seq = entries_fts.rowid
     WHERE entries_fts MATCH @match AND ${filterSql} ${notQueued(queued)} ${floor === null ? '' : 'AND entries_fts.rowid > @floor'}
     ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  ).all({ match, ...filters, limit, offset, ...(floor === null ? {} : { floor }) }) as RankedRow[];
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
 *   those by (rank, date DESC) exactly as the one-statement form would. When more than
 *   RANK_WINDOW entries match, only the RANK_WINDOW most recently written of them are ranked.
 * - "newest" walks the date index from the newest entry and keeps the entries in the match set,
 *   stopping when the page is full; with few matches it looks them up directly. It is exact.
 *
 * Entries still in the index queue are answered from the pending index instead and merged in:
 * first among best matches (they are what was written a moment ago, and the pending index's
 * bm25 figures are not comparable with the main index's), in date order among newest.
 */
export function rankedMatches(db: Db, match: string, filters: SearchFilters, sort: 'best' | 'newest', limit: number, offset: number): RankedRow[] {
  const queued = anyQueued(db);
  const pending = queued ? pendingMatches(db, match, filters, sort) : [];
  if (pending.length === 0) return sort === 'best' ? bestMatches(db, match, filters, limit, offset, queued) : newestMatches(db, match, filters, limit, offset, queued);
  const need = offset + limit;
  const indexed = sort === 'best' ? bestMatches(db, match, filters, need, 0, queued) : newestMatches(db, match, filters, need, 0, queued);
  const merged = sort === 'best' ? [...pending, ...indexed] : [...pending, ...indexed].sort(byNewest);
  return merged.slice(offset, need).map(({ seq, id, date, writtenAt }) => ({ seq, id, date, writtenAt }));
}

/** NEWEST_FIRST (repos/entries.ts) in JavaScript: date, then time of writing (unknown last), then seq. */
const byNewest = (a: RankedRow, b: RankedRow) =>
  a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.writtenAt !== b.writtenAt ? (a.writtenAt === null ? 1 : b.writtenAt === null ? -1 : a.writtenAt < b.writtenAt ? 1 : -1) : b.seq - a.seq;

function anyQueued(db: Db): boolean {
  return stmt(db, 'SELECT 1 FROM index_queue LIMIT 1').get() !== undefined;
}

/** Queued entries that match, from the pending index, in the order asked for. */
function pendingMatches(db: Db, match: string, filters: SearchFilters, sort: 'best' | 'newest'): RankedRow[] {
  ensurePendingIndex(db);
  const order = sort === 'best' ? 'pending_fts.rank, e.date DESC, e.seq DESC' : 'e.date DESC, e.written_at DESC, e.seq DESC';
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date, e.written_at AS writtenAt FROM temp.pending_fts JOIN entries e ON e.seq = pending_fts.rowid
     WHERE pending_fts MATCH @match AND ${filterSql} ORDER BY ${order}`,
  ).all({ match, ...filters }) as RankedRow[];
}

/**
 * Which matches "best" ranks, as conditions on the index's rowid: the newest `window` matches that
 * pass the filters (all of them when no more match), and `floor`, the seq above which they lie
 * (null when every match is ranked). Null when nothing matches.
 *
 * Without filters this is only the floor: FTS5 walks a doclist backwards by rowid without ranking
 * anything, so it costs little even for a word in every entry. With filters (a person, dates,
 * tags) the matches that pass them are gathered once, newest first, and ranked as that list:
 * evaluating the filters a second time for ranking cost as much as gathering them (a person in
 * 16,000 of 100,000 entries: 12–14 ms a search, against 7).
 */
function rankScope(db: Db, match: string, filters: SearchFilters, window: number, queued: boolean): { sql: string; params: Record<string, unknown>; floor: number | null } | null {
  const filterConditions = rowidFilterSql(filters);
  if (filterConditions === '') {
    const row = stmt(
      db,
      `SELECT rowid AS seq FROM entries_fts WHERE entries_fts MATCH @match ${notQueued(queued)}
       ORDER BY rowid DESC LIMIT 1 OFFSET @window`,
    ).get({ match, window }) as { seq: number } | undefined;
    if (row === undefined) return { sql: notQueued(queued), params: {}, floor: null };
    return { sql: `${notQueued(queued)} AND entries_fts.rowid > @floor`, params: { floor: row.seq }, floor: row.seq };
  }
  const candidates = (
    stmt(db, `SELECT rowid AS seq FROM entries_fts WHERE entries_fts MATCH @match ${filterConditions} ${notQueued(queued)} ORDER BY rowid DESC LIMIT @n`).all({
      match,
      ...filters,
      n: window + 1,
    }) as { seq: number }[]
  ).map((r) => r.seq);
  if (candidates.length === 0) return null;
  const floor = candidates.length > window ? candidates[window]! : null;
  return { sql: 'AND +entries_fts.rowid IN (SELECT value FROM json_each(@candidates))', params: { candidates: JSON.stringify(candidates.slice(0, window)) }, floor };
}

function bestMatches(db: Db, match: string, filters: SearchFilters, limit: number, offset: number, queued: boolean): RankedRow[] {
  const need = offset + limit;
  const window = Math.max(RANK_WINDOW, 2 * need);
  const scope = rankScope(db, match, filters, window, queued);
  if (scope === null) return [];
  const ranked = (extra: string, params: Record<string, unknown>) =>
    stmt(db, `SELECT rowid AS seq, rank FROM entries_fts WHERE entries_fts MATCH @match ${scope.sql} ${extra}`).all({ match, ...scope.params, ...params }) as { seq: number; rank: number }[];
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
    (stmt(db, 'SELECT seq, id, date, written_at AS writtenAt FROM entries WHERE seq IN (SELECT value FROM json_each(?))').all(JSON.stringify(rows.map((r) => r.seq))) as RankedRow[]).map((e) => [e.seq, e]),
  );
  // An index row without its entry cannot happen (both are written in one transaction, or the
  // entry is queued and excluded above), but the joined form would skip it; fall back to that
  // form rather than return a short page.
  if (entries.size !== rows.length) return rankedMatchesJoined(db, match, filters, 'best', limit, offset, scope.floor, queued);
  return rows
    .map((r) => ({ rank: r.rank, entry: entries.get(r.seq)! }))
    .sort((a, b) => a.rank - b.rank || (a.entry.date < b.entry.date ? 1 : a.entry.date > b.entry.date ? -1 : 0))
    .slice(offset, need)
    .map((r) => r.entry);
}

function newestMatches(db: Db, match: string, filters: SearchFilters, limit: number, offset: number, queued: boolean): RankedRow[] {
  const { n } = stmt(db, 'SELECT count(*) AS n FROM entries_fts WHERE entries_fts MATCH ?').get(match) as { n: number };
  if (n === 0) return [];
  if (n <= DIRECT_NEWEST_MAX + offset + limit) return rankedMatchesJoined(db, match, filters, 'newest', limit, offset, null, queued);
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date, e.written_at AS writtenAt FROM entries e INDEXED BY entries_by_day
     WHERE e.seq IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @match)
       ${queued ? 'AND e.seq NOT IN (SELECT entry_seq FROM index_queue)' : ''} AND ${entryFilterSql(filters)}
     ORDER BY e.date DESC, e.written_at DESC, e.seq DESC LIMIT @limit OFFSET @offset`,
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
    if (filters.tags !== null) conditions.push(`m.entry_seq IN (${TAGGED})`);
    return stmt(
      db,
      `SELECT e.seq, e.id, e.date, e.written_at AS writtenAt FROM (
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
    `SELECT e.seq, e.id, e.date, e.written_at AS writtenAt FROM entries e WHERE ${entryFilterSql(filters)} ${sectionSql}
     ORDER BY e.date DESC, e.written_at DESC, e.seq DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...filters, sections: JSON.stringify(sections), limit, offset }) as RankedRow[];
}

/** Whether anything matches (a cheap check before a costly query). */
export function hasMatch(db: Db, match: string): boolean {
  if (stmt(db, 'SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT 1').get(match) !== undefined) return true;
  if (!anyQueued(db)) return false;
  ensurePendingIndex(db);
  return stmt(db, 'SELECT 1 FROM temp.pending_fts WHERE pending_fts MATCH ? LIMIT 1').get(match) !== undefined;
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
  const params = { match, seqs: JSON.stringify(seqs), min: Math.min(...seqs), max: Math.max(...seqs), o: SNIPPET_OPEN, c: SNIPPET_CLOSE, n: tokens };
  const queued = anyQueued(db);
  const rows = stmt(db, snippetSql('entries_fts', `AND rowid >= @min AND rowid <= @max AND +rowid IN (SELECT value FROM json_each(@seqs)) ${notQueued(queued)}`)).all(params) as SnippetRow[];
  // Queued entries' snippets come from the pending index, which holds their text as saved.
  if (queued) {
    ensurePendingIndex(db);
    rows.push(...(stmt(db, snippetSql('temp.pending_fts', 'AND +rowid IN (SELECT value FROM json_each(@seqs))')).all(params) as SnippetRow[]));
  }
  for (const r of rows) out.set(r.seq, r);
  return out;
}

function snippetSql(table: 'entries_fts' | 'temp.pending_fts', where: string): string {
  const name = table === 'entries_fts' ? 'entries_fts' : 'pending_fts';
  const snippet = (column: number) => `snippet(${name}, ${column}, @o, @c, '…', @n)`;
  return `SELECT rowid AS seq, ${snippet(0)} AS given, ${snippet(1)} AS received, ${snippet(2)} AS unsaid, ${snippet(3)} AS note
    FROM ${table} WHERE ${name} MATCH @match ${where.replaceAll('entries_fts.rowid', `${name}.rowid`)}`;
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
