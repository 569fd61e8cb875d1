import type { Migration } from './types';

/**
 * Schema version 120: what this computer keeps to sync the journal through a folder
 * (ARCHITECTURE.md, "Sync through a folder"). Empty, and costing nothing, until sync is set up.
 *
 * - `sync_device`: one row once this computer has synced (`stopped` 1 when sync was stopped: the
 *   states are kept, and marks still written, so syncing again in the same folder carries on
 *   without sending anything twice) — the folder, this computer's device id, the
 *   journal's id and the folder key's generation it follows, its hybrid logical clock and the
 *   number of the next change file it will write, when the last round ran and what it could not
 *   read, and its compaction: one written but not yet announced (`compaction_pending`), and the
 *   first file of the last one announced (`compacted_from`).
 * - `sync_entries`: per entry, its Yjs state (electron/core/sync/entryCrdt.ts) and the stamps of
 *   its last-writer-wins fields (date, time of writing) and of its deletion. Rowid tables, here and
 *   for records: a Yjs state of a few kilobytes in a WITHOUT ROWID table spills into overflow pages
 *   (44.6 MB of pages for 24.6 MB of states at 10,000 entries). Kept after a deletion:
 *   the tombstone is what decides whether a later edit from elsewhere brings the entry back.
 * - `sync_records`: people, details, settings and unsaid items' states as fieldMerge.ts records
 *   (JSON), the stamped value of every field as this computer holds it.
 * - `sync_pending`: what changed here since the last change file was written. Triggers fill it,
 *   whoever writes (saves, imports, merges, renames), but only while `sync_device` has its row.
 *   A mark says "compare": the change written is the difference from the stored state, so a mark
 *   too many writes nothing.
 * - `sync_outbox`: change sets committed here but whose file is not yet in the folder. A change
 *   set is made and committed before its file is written, so a crash between the two writes the
 *   same bytes later rather than making the change again (which, for a Yjs update, would insert
 *   the same words twice).
 * - `sync_applied`: for each other device, the number of its last change file applied here.
 * - `sync_photos_sent`: photos this computer has put in the folder (or will, `written` 0), with
 *   the hash and size their references carry; `sync_photos_wanted`: photos named by a change
 *   applied here whose file has not arrived yet, and which device's folder it will be in.
 * - `sync_entry_bases`: for an entry another computer changed, the Yjs state of the versions an
 *   editor here may still have open (the version before each change applied, by its time of last
 *   change, and the editor's own view after a merged save), so a save from an editor that started
 *   before the change adds its typing to the change rather than undoing it (staleSave.ts).
 * - `people_merged`: who each person merged away was merged into (services/people.ts), so a
 *   computer that writes about them meanwhile can follow: their details and mentions move too.
 * - `sync_notices`: what a person should hear about (an entry deleted on one computer and edited on
 *   another was kept; a file that cannot be read), newest kept.
 */
export const migration0120: Migration = {
  version: 120,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        folder TEXT NOT NULL,
        device_id TEXT NOT NULL,
        journal_id TEXT NOT NULL,
        generation INTEGER NOT NULL,
        clock TEXT NOT NULL,
        next_number INTEGER NOT NULL,
        set_up_at TEXT NOT NULL,
        last_round_at TEXT,
        last_problems TEXT,
        compaction_pending TEXT,
        compacted_from INTEGER,
        stopped INTEGER NOT NULL DEFAULT 0 CHECK (stopped IN (0, 1))
      ) STRICT;

      CREATE TABLE sync_entries (
        entry_id TEXT PRIMARY KEY,
        state BLOB NOT NULL,
        doc_at TEXT,
        date_value TEXT,
        date_at TEXT,
        written_value TEXT,
        written_at TEXT,
        deleted_at TEXT
      ) STRICT;

      CREATE TABLE sync_records (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT;

      CREATE TABLE sync_pending (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_outbox (
        number INTEGER PRIMARY KEY,
        payload BLOB NOT NULL
      ) STRICT;

      CREATE TABLE sync_applied (
        device_id TEXT PRIMARY KEY,
        number INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_photos_sent (
        photo_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        type TEXT NOT NULL,
        size INTEGER NOT NULL,
        written INTEGER NOT NULL DEFAULT 0 CHECK (written IN (0, 1))
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_photos_wanted (
        photo_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_entry_bases (
        seq INTEGER PRIMARY KEY,
        entry_id TEXT NOT NULL,
        token TEXT NOT NULL,
        state BLOB NOT NULL,
        UNIQUE (entry_id, token)
      ) STRICT;

      CREATE TABLE people_merged (
        merged_id TEXT PRIMARY KEY,
        kept_id TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_notices (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL
      ) STRICT;

      CREATE TRIGGER sync_mark_entry_new AFTER INSERT ON entries WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('entry', NEW.id); END;
      CREATE TRIGGER sync_mark_entry_saved AFTER UPDATE OF doc, date, written_at ON entries WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('entry', NEW.id); END;
      CREATE TRIGGER sync_mark_entry_gone AFTER DELETE ON entries WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('entry', OLD.id); END;

      CREATE TRIGGER sync_mark_person_new AFTER INSERT ON people WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('person', NEW.id); END;
      CREATE TRIGGER sync_mark_person_saved AFTER UPDATE ON people WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('person', NEW.id); END;
      CREATE TRIGGER sync_mark_person_gone AFTER DELETE ON people WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('person', OLD.id); END;

      CREATE TRIGGER sync_mark_detail_new AFTER INSERT ON details WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('detail', NEW.id); END;
      CREATE TRIGGER sync_mark_detail_saved AFTER UPDATE ON details WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('detail', NEW.id); END;
      CREATE TRIGGER sync_mark_detail_gone AFTER DELETE ON details WHEN EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('detail', OLD.id); END;

      -- Only the settings that belong to the journal; a backup folder or schedule is this computer's own.
      CREATE TRIGGER sync_mark_setting_new AFTER INSERT ON settings
        WHEN NEW.key IN ('autoLockMinutes', 'notifyReminders', 'keepPhotoDetails') AND EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('setting', NEW.key); END;
      CREATE TRIGGER sync_mark_setting_saved AFTER UPDATE ON settings
        WHEN NEW.key IN ('autoLockMinutes', 'notifyReminders', 'keepPhotoDetails') AND EXISTS (SELECT 1 FROM sync_device)
      BEGIN INSERT OR IGNORE INTO sync_pending (kind, id) VALUES ('setting', NEW.key); END;
    `);
  },
};
