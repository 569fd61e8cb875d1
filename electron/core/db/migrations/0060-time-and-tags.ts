import { localIsoWithOffset } from '../../../shared/dates';
import type { Migration } from './types';

/**
 * Schema version 60: entries keep the time they were written, and entries carry tags.
 *
 * - `entries.written_at`: the local date and time of writing with its UTC offset
 *   ("2004-10-12T21:38:00-06:00"), or NULL when unknown. Entries of a day are listed by it (newest
 *   first), then by order of writing; the index below serves that order. Existing entries get the
 *   time they were created at, read in this computer's time zone — but only when that falls on the
 *   entry's own day (an entry dated another day keeps no time rather than a wrong one).
 * - `tags` and `entry_tags`: derived from the tag nodes of each entry's document (#travel), like
 *   mentions; a tag is one row however it is capitalised (`key`: its name in NFC, lower case).
 */
export const migration0060: Migration = {
  version: 60,
  name: 'time-and-tags',
  up(db) {
    db.exec(`
      ALTER TABLE entries ADD COLUMN written_at TEXT;
      DROP INDEX entries_by_date;
      CREATE INDEX entries_by_day ON entries (date DESC, written_at DESC, seq DESC);

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE TABLE entry_tags (
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, entry_seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX entry_tags_by_entry ON entry_tags (entry_seq);
    `);
    const rows = db.prepare('SELECT seq, date, created_at FROM entries').all() as { seq: number; date: string; created_at: string }[];
    const setTime = db.prepare('UPDATE entries SET written_at = ? WHERE seq = ?');
    for (const row of rows) {
      const created = new Date(row.created_at);
      if (Number.isNaN(created.getTime())) continue;
      const local = localIsoWithOffset(created);
      if (local.slice(0, 10) === row.date) setTime.run(local, row.seq);
    }
  },
};
