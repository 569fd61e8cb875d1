import { INDEX_SEPARATOR, segmentForIndex } from '../../../shared/segment';
import type { Migration } from './types';

/**
 * Schema version 50: words in Chinese, Japanese, Korean, Thai and other scripts written without
 * spaces are found (electron/shared/segment.ts explains how).
 *
 * The search index is made again with a tokenizer that treats INDEX_SEPARATOR as a separator, and
 * every entry is indexed again with its unspaced-script text segmented. The same settings as
 * before are kept: secure-delete (deleted words cannot be read back from the index) and the page
 * size that fits SQLCipher's pages (migration 0030). Dropping the old index with secure_delete on
 * overwrites the pages it freed. Everything is indexed here, so the index queue (schema 40) is
 * emptied too. At 100,000 entries this takes about a minute, once, after the backup that every
 * migration is preceded by.
 *
 * segmentForIndex must stay as it is for as long as this index exists: queries are segmented by
 * the same function, and a change to it needs a migration that indexes everything again.
 */
export const FTS_OPTIONS_0050 = `given, received, unsaid, note, people, tokenize = "unicode61 remove_diacritics 2 separators '${INDEX_SEPARATOR}'", prefix = '2 3'`;

const PAGE = 1_000;

export const migration0050: Migration = {
  version: 50,
  name: 'unspaced-scripts',
  up(db) {
    db.exec(`
      DROP TABLE entries_fts;
      CREATE VIRTUAL TABLE entries_fts USING fts5 (${FTS_OPTIONS_0050});
      INSERT INTO entries_fts (entries_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO entries_fts (entries_fts, rank) VALUES ('pgsz', 3900);
    `);
    const page = db.prepare(
      `SELECT e.seq, e.given, e.received, e.unsaid, e.note,
         (SELECT json_group_array(DISTINCT p.name) FROM mentions m JOIN people p ON p.id = m.person_id WHERE m.entry_seq = e.seq) AS names
       FROM entries e WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
    );
    const insert = db.prepare('INSERT INTO entries_fts (rowid, given, received, unsaid, note, people) VALUES (?, ?, ?, ?, ?, ?)');
    let after = 0;
    for (;;) {
      const rows = page.all(after, PAGE) as { seq: number; given: string; received: string; unsaid: string; note: string; names: string }[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const names = (JSON.parse(r.names) as string[]).sort((a, b) => a.localeCompare(b)).join(' ');
        insert.run(r.seq, segmentForIndex(r.given), segmentForIndex(r.received), segmentForIndex(r.unsaid), segmentForIndex(r.note), segmentForIndex(names));
      }
      after = rows[rows.length - 1]!.seq;
    }
    db.exec(`DELETE FROM index_queue; INSERT INTO entries_fts (entries_fts) VALUES ('optimize');`);
  },
};
