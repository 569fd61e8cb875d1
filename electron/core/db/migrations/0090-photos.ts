import type { Migration } from './types';

/**
 * Schema version 90: photos, inside the encrypted journal like every word.
 *
 * - `photos`: one row per distinct photo (`source_hash`, the SHA-256 of the file as it arrived,
 *   makes the same photo added twice one photo), with what lists and the editor need without
 *   reading the image: type, size, width and height, when it was taken.
 * - `photo_chunks`: the bytes, in pieces of at most 256 KiB per row, for three variants — the photo
 *   itself (`original`, without location and camera details unless the person chose to keep them)
 *   and two thumbnails. Pieces so that a photo is streamed in and out and never held whole in
 *   memory; rows of a plain table (not WITHOUT ROWID) because large values belong in overflow
 *   pages, not in an index's own pages.
 * - `photo_uploads`: pieces of a file still arriving from the page, so that not even a temporary
 *   plain file ever exists; removed when the upload ends or is abandoned.
 * - `photo_refs`: which entries show which photos, derived from each entry's document like
 *   mentions; `people.photo_id`: a person's photo. A photo nothing refers to is removed (with
 *   secure_delete on, its pages are overwritten).
 */
export const migration0090: Migration = {
  version: 90,
  name: 'photos',
  up(db) {
    db.exec(`
      CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        source_hash TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        size INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        taken_at TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE photo_chunks (
        photo_id TEXT NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
        variant TEXT NOT NULL CHECK (variant IN ('original', 'medium', 'small')),
        n INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX photo_chunks_in_order ON photo_chunks (photo_id, variant, n);

      CREATE TABLE photo_uploads (
        upload_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        data BLOB NOT NULL,
        started_at TEXT NOT NULL,
        PRIMARY KEY (upload_id, n)
      ) STRICT;

      CREATE TABLE photo_refs (
        photo_id TEXT NOT NULL REFERENCES photos (id),
        entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        PRIMARY KEY (photo_id, entry_seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX photo_refs_by_entry ON photo_refs (entry_seq);

      ALTER TABLE people ADD COLUMN photo_id TEXT REFERENCES photos (id);
    `);
  },
};
