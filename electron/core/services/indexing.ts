/**
 * The background half of a save: rewriting queued entries' rows of the search index
 * (repos/indexQueue.ts explains the queue). One entry per transaction, so a save that arrives
 * meanwhile waits for at most one entry's rewrite, and a crash loses nothing: a row leaves the
 * queue in the same transaction that rewrote its index row.
 */
import type { Db } from '../db/connection';
import { getEntryRowBySeq } from '../db/repos/entries';
import { indexedNamesOf, markIndexed, namesForIndex, queuedSeqs, queueLength } from '../db/repos/indexQueue';
import { indexEntry, unindexEntry } from '../db/repos/search';

/** Rewrites the index row of one queued entry (or removes it, for a deleted entry). */
export function indexQueuedEntry(db: Db, seq: number): void {
  db.transaction(() => {
    const row = getEntryRowBySeq(db, seq);
    if (row) indexEntry(db, seq, row, namesForIndex(indexedNamesOf(db, seq)));
    else unindexEntry(db, seq);
    markIndexed(db, seq);
  })();
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
