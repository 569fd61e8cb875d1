import type { SectionKind } from '../../../shared/doc';
import type { Db } from '../../vault/database';
import type { SectionTexts } from './entries';

/** The FTS5 row of an entry: its four section texts and the names of the people in it. */
export function indexEntry(db: Db, seq: number, texts: SectionTexts, peopleNames: string): void {
  db.prepare('DELETE FROM entries_fts WHERE rowid = ?').run(seq);
  db.prepare('INSERT INTO entries_fts (rowid, given, received, unsaid, note, people) VALUES (?, ?, ?, ?, ?, ?)').run(
    seq,
    texts.given,
    texts.received,
    texts.unsaid,
    texts.note,
    peopleNames,
  );
}

export function unindexEntry(db: Db, seq: number): void {
  db.prepare('DELETE FROM entries_fts WHERE rowid = ?').run(seq);
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
 * Phase one of a search: the page of matching entries in order, without snippets, so that
 * snippets are computed only for the rows shown.
 */
export function rankedMatches(db: Db, match: string, filters: SearchFilters, sort: 'best' | 'newest', limit: number, offset: number): RankedRow[] {
  const order = sort === 'best' ? 'entries_fts.rank, e.date DESC' : 'e.date DESC, e.seq DESC';
  return db
    .prepare(
      `SELECT e.seq, e.id, e.date FROM entries_fts JOIN entries e ON e.seq = entries_fts.rowid
       WHERE entries_fts MATCH @match AND ${filterSql}
       ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ match, ...filters, limit, offset }) as RankedRow[];
}

/** Entries matching the filters alone (a search of only person:, in: or dates), newest first. */
export function filteredEntries(db: Db, filters: SearchFilters, sections: readonly SectionKind[], limit: number, offset: number): RankedRow[] {
  // With a person and sections, keep entries where the person is mentioned in one of those sections.
  const sectionSql =
    filters.personId && sections.length
      ? `AND e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = @personId AND section IN (SELECT value FROM json_each(@sections)))`
      : '';
  return db
    .prepare(
      `SELECT e.seq, e.id, e.date FROM entries e WHERE ${filterSql} ${sectionSql}
       ORDER BY e.date DESC, e.seq DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...filters, sections: JSON.stringify(sections), limit, offset }) as RankedRow[];
}

export const SNIPPET_OPEN = '\u0002';
export const SNIPPET_CLOSE = '\u0003';
export const searchColumns = ['given', 'received', 'unsaid', 'note', 'people'] as const;

export type SnippetRow = { seq: number } & Record<SectionKind, string>;

/** Phase two: a snippet per section for the given entries, matches wrapped in control markers. */
export function snippetsFor(db: Db, match: string, seqs: number[], tokens: number): Map<number, SnippetRow> {
  const out = new Map<number, SnippetRow>();
  if (seqs.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT rowid AS seq,
         snippet(entries_fts, 0, @o, @c, '…', @n) AS given,
         snippet(entries_fts, 1, @o, @c, '…', @n) AS received,
         snippet(entries_fts, 2, @o, @c, '…', @n) AS unsaid,
         snippet(entries_fts, 3, @o, @c, '…', @n) AS note
       FROM entries_fts WHERE entries_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@seqs))`,
    )
    .all({ match, seqs: JSON.stringify(seqs), o: SNIPPET_OPEN, c: SNIPPET_CLOSE, n: tokens }) as SnippetRow[];
  for (const r of rows) out.set(r.seq, r);
  return out;
}

/** A plain LIKE scan over the same texts: the benchmark's baseline, never used by the app. */
export function scanSearch(db: Db, word: string, limit: number): RankedRow[] {
  const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT seq, id, date FROM entries
       WHERE given LIKE @p ESCAPE '\\' OR received LIKE @p ESCAPE '\\' OR unsaid LIKE @p ESCAPE '\\' OR note LIKE @p ESCAPE '\\'
       ORDER BY date DESC LIMIT @limit`,
    )
    .all({ p: pattern, limit }) as RankedRow[];
}
