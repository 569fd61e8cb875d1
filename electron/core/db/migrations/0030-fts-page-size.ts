import type { Migration } from './types';

/**
 * The search index's pages fit the encrypted file's pages.
 *
 * FTS5 stores its index in pages of `pgsz` bytes (4050 by default), each a row of entries_fts_data.
 * A SQLCipher 4 page keeps 80 of its 4096 bytes for the IV and the HMAC, so a row holds at most
 * 3981 bytes before SQLite moves the rest to an overflow page: at 4050, every index page was two
 * pages on disk — two to decrypt on every read, two to encrypt and write on every change. Saving an
 * entry rewrites one index page per word it held (secure-delete, which the security model needs),
 * so this doubled the cost of a save, and of a search's reads.
 *
 * 3900 leaves room for the row's header and for FTS5 running a few bytes past `pgsz`. The option
 * applies to pages written from now on, so the index is then rewritten once ('optimize', which also
 * merges it into one segment; a few seconds for a journal of 100,000 entries).
 */
export const FTS_PAGE_SIZE = 3900;

export const migration0030: Migration = {
  version: 30,
  name: 'fts-page-size',
  up(db) {
    // FTS5 wants an integer, and a bound JavaScript number arrives as a real; the value is a constant.
    db.exec(`INSERT INTO entries_fts (entries_fts, rank) VALUES ('pgsz', ${Number(FTS_PAGE_SIZE)})`);
    db.exec(`INSERT INTO entries_fts (entries_fts) VALUES ('optimize')`);
  },
};
