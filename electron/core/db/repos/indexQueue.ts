/**
 * The search index's queue (schema 40) and the in-memory index of the entries still in it.
 *
 * A save queues its entry (`index_queue`, in the save's own transaction) instead of rewriting the
 * entry's row of `entries_fts`, which is the slow part of a save. Until the background step
 * (electron/core/indexing.ts) has rewritten that row, the entry is found through `pending_fts`:
 * a TEMP full-text table on the same connection, with the same columns and tokenizer, holding
 * only the queued entries. TEMP tables live in memory here (temp_store=MEMORY), never in a file,
 * and go away with the connection, so locking leaves nothing behind; the table is filled again
 * from the queue when a connection first needs it (after unlock, or after a crash).
 *
 * Search reads `entries_fts` for every entry that is not queued and `pending_fts` for the few
 * that are (repos/search.ts), so a word saved a moment ago is found at once, and a stale index
 * row of a queued entry is never shown.
 */
import { segmentForIndex } from '../../../shared/segment';
import type { Db } from '../connection';
import { stmt } from '../statements';
import type { SectionTexts } from './entries';

/**
 * Columns, tokenizer and prefix indexes exactly as entries_fts (as migration 0050 made it), so a
 * query means the same in both. tests/unit/core/indexQueue.test.ts compares the two definitions.
 */
export { FTS_OPTIONS_0050 as PENDING_FTS_OPTIONS } from '../migrations/0050-unspaced-scripts';
import { FTS_OPTIONS_0050 as PENDING_FTS_OPTIONS } from '../migrations/0050-unspaced-scripts';

const prepared = new WeakSet<Db>();

/**
 * Creates the connection's pending index and fills it from the queue. Cheap after the first call
 * on a connection (the check also notices a table that a rolled-back transaction took away).
 */
export function ensurePendingIndex(db: Db): void {
  if (prepared.has(db) && stmt(db, `SELECT 1 FROM temp.sqlite_master WHERE name = 'pending_fts'`).get()) return;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.pending_fts USING fts5 (${PENDING_FTS_OPTIONS})`);
  db.exec('DELETE FROM temp.pending_fts');
  prepared.add(db);
  const queued = db
    .prepare(
      // CROSS JOIN keeps the queue (a few rows) outside: ordered by e.seq, SQLite would rather walk
      // every entry of the journal and look each one up in the queue.
      `SELECT e.seq, e.given, e.received, e.unsaid, e.note FROM index_queue q CROSS JOIN entries e ON e.seq = q.entry_seq ORDER BY q.entry_seq`,
    )
    .all() as ({ seq: number } & SectionTexts)[];
  for (const row of queued) writePending(db, row.seq, row, namesForIndex(indexedNamesOf(db, row.seq)));
}

/** The people column of an index row: the names of everyone mentioned, in one fixed order. */
export function namesForIndex(names: string[]): string {
  return [...names].sort((a, b) => a.localeCompare(b)).join(' ');
}

/** The names of the people an entry mentions, as stored now. */
export function indexedNamesOf(db: Db, seq: number): string[] {
  return (
    stmt(db, 'SELECT DISTINCT p.name FROM mentions m JOIN people p ON p.id = m.person_id WHERE m.entry_seq = ?').all(seq) as { name: string }[]
  ).map((r) => r.name);
}

function writePending(db: Db, seq: number, texts: SectionTexts, names: string): void {
  stmt(db, 'DELETE FROM temp.pending_fts WHERE rowid = ?').run(seq);
  stmt(db, 'INSERT INTO temp.pending_fts (rowid, given, received, unsaid, note, people) VALUES (?, ?, ?, ?, ?, ?)').run(
    seq,
    segmentForIndex(texts.given),
    segmentForIndex(texts.received),
    segmentForIndex(texts.unsaid),
    segmentForIndex(texts.note),
    segmentForIndex(names),
  );
}

/** Queues an entry's index row to be rewritten with these texts; it is findable with them at once. Inside the save's transaction. */
export function queueIndex(db: Db, seq: number, texts: SectionTexts, names: string): void {
  ensurePendingIndex(db);
  stmt(db, 'INSERT OR IGNORE INTO index_queue (entry_seq) VALUES (?)').run(seq);
  writePending(db, seq, texts, names);
}

/** Queues the removal of a deleted entry's index row. Inside the delete's transaction. */
export function queueUnindex(db: Db, seq: number): void {
  ensurePendingIndex(db);
  stmt(db, 'INSERT OR IGNORE INTO index_queue (entry_seq) VALUES (?)').run(seq);
  stmt(db, 'DELETE FROM temp.pending_fts WHERE rowid = ?').run(seq);
}

export function isQueued(db: Db, seq: number): boolean {
  return stmt(db, 'SELECT 1 FROM index_queue WHERE entry_seq = ?').get(seq) !== undefined;
}

export function queueLength(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM index_queue').get() as { n: number }).n;
}

/** The oldest queued entries first (by seq), at most `limit`. */
export function queuedSeqs(db: Db, limit: number): number[] {
  return (stmt(db, 'SELECT entry_seq FROM index_queue ORDER BY entry_seq LIMIT ?').all(limit) as { entry_seq: number }[]).map((r) => r.entry_seq);
}

/** The entry's index row is now current: it leaves the queue and the pending index. In the transaction that rewrote the row. */
export function markIndexed(db: Db, seq: number): void {
  ensurePendingIndex(db);
  stmt(db, 'DELETE FROM index_queue WHERE entry_seq = ?').run(seq);
  stmt(db, 'DELETE FROM temp.pending_fts WHERE rowid = ?').run(seq);
}
