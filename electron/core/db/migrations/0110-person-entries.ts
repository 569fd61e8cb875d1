import type { Migration } from './types';

/**
 * Schema version 110: each person's entries, one row per (person, entry).
 *
 * `mentions` has a row per person, entry and section (about three per entry for someone written
 * about often), so "the entries about this person", as a set, read every one of those rows: for
 * a person in 16,000 of 100,000 entries that was 45,000 rows and about 4 ms of every search with a
 * person filter (ARCHITECTURE.md, "Search"). `person_entries` holds the distinct pairs, keyed by
 * person, so the same set is one contiguous run a third the size.
 *
 * Triggers keep it true whoever writes mentions (saves, imports, migrations, and the cascades when
 * an entry or a person is deleted, which fire triggers too): a pair is added with a person's first
 * mention in an entry and removed with their last — in the triggers that already count each
 * person's entries (0020), rebuilt here with the list added. It has no foreign keys of its own: those
 * triggers remove its rows, and a cascade from `entries` would have to scan it for every entry
 * deleted.
 */
export const migration0110: Migration = {
  version: 110,
  name: 'person-entries',
  up(db) {
    db.exec(`
      CREATE TABLE person_entries (
        person_id TEXT NOT NULL,
        entry_seq INTEGER NOT NULL,
        PRIMARY KEY (person_id, entry_seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO person_entries (person_id, entry_seq) SELECT DISTINCT person_id, entry_seq FROM mentions;
      -- The count triggers of 0020 already fire exactly when a person's first mention in an entry
      -- is written and their last one there goes: the list is kept in the same triggers, so a
      -- mention written costs one trigger, not two (an import writes hundreds of thousands).
      DROP TRIGGER mentions_count_entry;
      CREATE TRIGGER mentions_count_entry AFTER INSERT ON mentions
        WHEN NOT EXISTS (SELECT 1 FROM mentions WHERE person_id = NEW.person_id AND entry_seq = NEW.entry_seq AND section <> NEW.section)
        BEGIN
          INSERT INTO person_entry_counts (person_id, entries) VALUES (NEW.person_id, 1)
            ON CONFLICT (person_id) DO UPDATE SET entries = entries + 1;
          INSERT OR IGNORE INTO person_entries (person_id, entry_seq) VALUES (NEW.person_id, NEW.entry_seq);
        END;
      DROP TRIGGER mentions_uncount_entry;
      CREATE TRIGGER mentions_uncount_entry AFTER DELETE ON mentions
        WHEN NOT EXISTS (SELECT 1 FROM mentions WHERE person_id = OLD.person_id AND entry_seq = OLD.entry_seq)
        BEGIN
          UPDATE person_entry_counts SET entries = entries - 1 WHERE person_id = OLD.person_id;
          DELETE FROM person_entries WHERE person_id = OLD.person_id AND entry_seq = OLD.entry_seq;
        END;
    `);
  },
};
