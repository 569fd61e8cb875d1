/**
 * The photos of an export, written as files beside it: an export is the person's own copy of
 * their journal, so its photos leave the encrypted file too (plaintext, like every export; the
 * callers say so before writing). Each photo is written as it was kept (the original variant, read
 * one stored piece at a time, never whole in memory) to `<photo id>.<extension>`, so the same
 * photo is one file however many entries show it, and a second export of the same journal names
 * it the same way.
 *
 * - Mutual's JSON export: a folder `<file name>-photos/` beside the .json, listed in its "photos"
 *   (electron/shared/exportFormat.ts);
 * - the Markdown export: `photos/` inside the export folder, linked from the entries as
 *   `../photos/<file>` (toMarkdown.ts's photoUrl);
 * - a person's page: a folder `<file name>-photos/` beside the .md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedPhoto } from '../../shared/exportFormat';
import { getPhoto, variantPieces } from '../db/repos/photos';
import { stmt } from '../db/statements';
import type { Db } from '../db/connection';
import { DIR_MODE, FILE_MODE } from '../fsutil';

export { photosFolderBeside } from './exportPaths';

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/tiff': 'tif',
};

/** The file name a photo is exported under. */
export function photoFileName(id: string, type: string): string {
  return `${id}.${extensions[type] ?? 'bin'}`;
}

/** The photos the entries show (each once, in the order of the entries), then the people's. */
export function photoIdsForExport(db: Db, seqs: readonly number[], peoplePhotoIds: readonly (string | null | undefined)[]): string[] {
  const ids = new Set<string>();
  const BATCH = 2000;
  for (let i = 0; i < seqs.length; i += BATCH) {
    const rows = stmt(
      db,
      `SELECT r.photo_id FROM photo_refs r JOIN json_each(?) s ON s.value = r.entry_seq ORDER BY s.key`,
    ).all(JSON.stringify(seqs.slice(i, i + BATCH))) as { photo_id: string }[];
    for (const r of rows) ids.add(r.photo_id);
  }
  for (const id of peoplePhotoIds) if (id) ids.add(id);
  return [...ids];
}


/**
 * Writes each photo into `dir` (a new private folder, made here; it may be a staging folder
 * renamed into place later) and returns what was written, `file` being `linkPrefix` + the file's
 * name. Photos no longer in the journal are left out.
 */
export function writePhotoFiles(db: Db, ids: readonly string[], dir: string, linkPrefix: string): ExportedPhoto[] {
  fs.mkdirSync(dir, { mode: DIR_MODE });
  fs.chmodSync(dir, DIR_MODE);
  const written: ExportedPhoto[] = [];
  for (const id of ids) {
    const row = getPhoto(db, id);
    if (!row) continue;
    const name = photoFileName(id, row.type);
    const fd = fs.openSync(path.join(dir, name), 'wx', FILE_MODE);
    try {
      for (const piece of variantPieces(db, id, 'original')) fs.writeSync(fd, piece);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    written.push({
      id,
      file: `${linkPrefix}${name}`,
      type: row.type,
      width: row.width,
      height: row.height,
      takenAt: row.taken_at,
    });
  }
  return written;
}
