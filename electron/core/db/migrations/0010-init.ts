import type { Migration } from './types';

/**
 * Schema version 10, the first: people and the details they shared, entries (the document plus
 * its derived plain text per section), mentions and unsaid items derived from each document,
 * settings, and the FTS5 index over the four sections and the names of the people in each entry.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('romantic', 'friend', 'family', 'professional', 'other')),
        care TEXT NOT NULL DEFAULT '',
        needs TEXT NOT NULL DEFAULT '',
        boundaries TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX people_by_name ON people (name COLLATE NOCASE);

      CREATE TABLE details (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        noted_on TEXT NOT NULL,
        remind_on TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX details_by_person ON details (person_id, noted_on);
      CREATE INDEX details_by_remind_on ON details (remind_on) WHERE remind_on IS NOT NULL;

      CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        date TEXT NOT NULL,
        doc TEXT NOT NULL,
        given TEXT NOT NULL DEFAULT '',
        received TEXT NOT NULL DEFAULT '',
        unsaid TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX entries_by_date ON entries (date DESC, seq DESC);

      CREATE TABLE mentions (
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        section TEXT NOT NULL CHECK (section IN ('given', 'received', 'unsaid', 'note')),
        PRIMARY KEY (person_id, entry_seq, section)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX mentions_by_entry ON mentions (entry_seq);

      CREATE TABLE unsaid_items (
        entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'said', 'letGo')),
        PRIMARY KEY (entry_seq, item_id)
      ) STRICT;
      CREATE INDEX unsaid_items_open ON unsaid_items (entry_seq) WHERE state = 'open';

      CREATE TABLE unsaid_item_people (
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        entry_seq INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        PRIMARY KEY (person_id, entry_seq, item_id),
        FOREIGN KEY (entry_seq, item_id) REFERENCES unsaid_items (entry_seq, item_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX unsaid_item_people_by_item ON unsaid_item_people (entry_seq, item_id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE VIRTUAL TABLE entries_fts USING fts5 (
        given, received, unsaid, note, people,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      INSERT INTO entries_fts (entries_fts, rank) VALUES ('secure-delete', 1);
    `);
  },
};
