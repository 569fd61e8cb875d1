/**
 * The background half of a save: rewriting queued entries' rows of the search index
 * (repos/indexQueue.ts explains the queue). One entry per transaction while the queue is short, so
 * a save that arrives meanwhile waits for at most one entry's rewrite; a long queue in time-boxed
 * batches (indexQueuedBatch). A crash loses nothing: a row leaves the queue in the same
 * transaction that rewrote its index row.
 */
import type { Db } from '../db/connection';
import { getEntryRowBySeq } from '../db/repos/entries';
import { indexedNamesOf, markIndexed, namesForIndex, queuedSeqs, queueLength } from '../db/repos/indexQueue';
import { indexEntry, unindexEntry } from '../db/repos/search';

/** Rewrites the index row of one queued entry (or removes it, for a deleted entry). Inside a transaction. */
function indexOne(db: Db, seq: number): void {
  const row = getEntryRowBySeq(db, seq);
  if (row) indexEntry(db, seq, row, namesForIndex(indexedNamesOf(db, seq)));
  else unindexEntry(db, seq);
  markIndexed(db, seq);
}

/** Rewrites the index row of one queued entry (or removes it, for a deleted entry), in its own transaction. */
export function indexQueuedEntry(db: Db, seq: number): void {
  db.transaction(() => indexOne(db, seq))();
}

/**
 * Rewrites queued entries' index rows, oldest first, in one transaction: at least one, then more
 * while `budgetMs` lasts (at most `maxEntries`). A long queue (after a join or a restore) is indexed
 * several times faster so than one entry per transaction; a short one (typing) keeps budget 0, so
 * a save waits for at most one entry's rewrite. Returns the entries' seqs.
 */
export function indexQueuedBatch(db: Db, budgetMs: number, maxEntries = 500): number[] {
  const seqs = queuedSeqs(db, budgetMs > 0 ? maxEntries : 1);
  const done: number[] = [];
  if (seqs.length === 0) return done;
  const started = performance.now();
  db.transaction(() => {
    for (const seq of seqs) {
      indexOne(db, seq);
      done.push(seq);
      if (performance.now() - started >= budgetMs) break;
    }
  })();
  return done;
}

/**
 * Works through the queue, oldest first, until it is empty, `maxEntries` are done or `shouldStop`
 * says so (checked between entries). Returns how many entries were indexed.
 */
export function drainIndexQueue(db: Db, options: { maxEntries?: number; shouldStop?: () => boolean } = {}): number {
  const max = options.maxEntries ?? Infinity;
  let done = 0;
  while (done < max && !options.shouldStop?.()) {
    const [seq] = queuedSeqs(db, 1);
    if (seq === undefined) break;
    indexQueuedEntry(db, seq);
    done += 1;
  }
  return done;
}

export { queueLength };
