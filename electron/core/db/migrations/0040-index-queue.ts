import type { Migration } from './types';

/**
 * Schema version 40: the search index is brought up to date after a save, not during it.
 *
 * Rewriting an entry's row of the full-text index is the costliest part of a save (with FTS5's
 * secure-delete on, every index page that held one of the old words is found and rewritten:
 * 15–70 ms at 100,000 entries). A save now writes the entry, its derived rows and one row here,
 * in the same transaction; the journal's background step (electron/core/indexing) rewrites the
 * index row later and removes the queue row in the same transaction as that rewrite. The queue is
 * therefore crash-safe: whatever was acknowledged is either indexed or still queued, and the queue
 * is drained again after the next unlock. Repeated saves of one entry coalesce into one row.
 *
 * No foreign key to entries: a deleted entry stays queued until its index row is removed.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'index-queue',
  up(db) {
    db.exec(`CREATE TABLE index_queue (entry_seq INTEGER PRIMARY KEY) STRICT`);
  },
};
