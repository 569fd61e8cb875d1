import type { Migration } from './types';

/**
 * Schema version 100: a photo may be kept as an attachment.
 *
 * `photos.attachment` is 1 for a photo kept exactly as it came because this computer cannot decode
 * it (a HEIC, as iPhones save them, coded with HEVC): it has its `original` bytes only — no
 * thumbnails, no width or height — is never served to the page, and leaves with exports as it
 * came. 0 for every photo stored so far (each was decoded and has its thumbnails).
 */
export const migration0100: Migration = {
  version: 100,
  name: 'photo-attachments',
  up(db) {
    db.exec(`ALTER TABLE photos ADD COLUMN attachment INTEGER NOT NULL DEFAULT 0 CHECK (attachment IN (0, 1));`);
  },
};
