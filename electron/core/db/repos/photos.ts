/**
 * Photos (schema 90; attachments, schema 100): their rows, their bytes in pieces, pieces still arriving, and what refers to
 * them. Every statement reads or writes one piece at a time: a photo is never loaded whole.
 */
import type { Db } from '../connection';
import { stmt } from '../statements';

export type PhotoVariant = 'original' | 'medium' | 'small';

export interface PhotoRow {
  id: string;
  source_hash: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  created_at: string;
  /** 1: kept exactly as it came, undecodable here (a HEVC HEIC): the original only, never shown. */
  attachment: number;
}

export function insertPhoto(db: Db, p: PhotoRow): void {
  stmt(db, 'INSERT INTO photos (id, source_hash, type, size, width, height, taken_at, created_at, attachment) VALUES (@id, @source_hash, @type, @size, @width, @height, @taken_at, @created_at, @attachment)').run(p);
}

export function getPhoto(db: Db, id: string): PhotoRow | null {
  return (stmt(db, 'SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined) ?? null;
}

export function photoBySourceHash(db: Db, hash: string): PhotoRow | null {
  return (stmt(db, 'SELECT * FROM photos WHERE source_hash = ?').get(hash) as PhotoRow | undefined) ?? null;
}

/** The variant is complete: how many pieces it has, in order from 0. */
export function chunkCount(db: Db, id: string, variant: PhotoVariant): number {
  return (stmt(db, 'SELECT count(*) AS n FROM photo_chunks WHERE photo_id = ? AND variant = ?').get(id, variant) as { n: number }).n;
}

export function addChunk(db: Db, id: string, variant: PhotoVariant, n: number, data: Buffer): void {
  stmt(db, 'INSERT INTO photo_chunks (photo_id, variant, n, data) VALUES (?, ?, ?, ?)').run(id, variant, n, data);
}

export function readChunk(db: Db, id: string, variant: PhotoVariant, n: number): Buffer | null {
  return ((stmt(db, 'SELECT data FROM photo_chunks WHERE photo_id = ? AND variant = ? AND n = ?').get(id, variant, n) as { data: Buffer } | undefined)?.data) ?? null;
}

/** A variant's pieces in order, read one at a time as they are asked for. */
export function* variantPieces(db: Db, id: string, variant: PhotoVariant): Generator<Buffer> {
  const pieces = chunkCount(db, id, variant);
  for (let n = 0; n < pieces; n++) yield readChunk(db, id, variant, n)!;
}

export function variantSize(db: Db, id: string, variant: PhotoVariant): number {
  return (stmt(db, 'SELECT coalesce(sum(length(data)), 0) AS n FROM photo_chunks WHERE photo_id = ? AND variant = ?').get(id, variant) as { n: number }).n;
}

export function setPhotoFacts(db: Db, id: string, facts: { type: string; size: number; width: number | null; height: number | null; takenAt: string | null }): void {
  stmt(db, 'UPDATE photos SET type = ?, size = ?, width = ?, height = ?, taken_at = ? WHERE id = ?').run(facts.type, facts.size, facts.width, facts.height, facts.takenAt, id);
}

/** Removes a photo and all its pieces (secure_delete overwrites the pages they held). */
export function deletePhoto(db: Db, id: string): void {
  stmt(db, 'DELETE FROM photo_chunks WHERE photo_id = ?').run(id);
  stmt(db, 'DELETE FROM photos WHERE id = ?').run(id);
}

export function isReferenced(db: Db, id: string): boolean {
  return (
    stmt(db, 'SELECT 1 FROM photo_refs WHERE photo_id = ? LIMIT 1').get(id) !== undefined ||
    stmt(db, 'SELECT 1 FROM people WHERE photo_id = ? LIMIT 1').get(id) !== undefined
  );
}

/** Photos nothing refers to that were added before `before` (uploads never used, leftovers of a crash). */
export function unreferencedBefore(db: Db, before: string): string[] {
  return (
    stmt(
      db,
      `SELECT id FROM photos p WHERE created_at < ?
         AND NOT EXISTS (SELECT 1 FROM photo_refs r WHERE r.photo_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM people pe WHERE pe.photo_id = p.id)`,
    ).all(before) as { id: string }[]
  ).map((r) => r.id);
}

export function photoIdsOfEntry(db: Db, seq: number): string[] {
  return (stmt(db, 'SELECT photo_id FROM photo_refs WHERE entry_seq = ?').all(seq) as { photo_id: string }[]).map((r) => r.photo_id);
}

/** Which photos an entry shows; only photos that exist are recorded. */
export function replacePhotoRefs(db: Db, seq: number, ids: string[]): void {
  stmt(db, 'DELETE FROM photo_refs WHERE entry_seq = ?').run(seq);
  for (const id of ids) stmt(db, 'INSERT OR IGNORE INTO photo_refs (photo_id, entry_seq) SELECT id, ? FROM photos WHERE id = ?').run(seq, id);
}

/**
 * The first photo (in document order, as recorded) of each entry that has one, for list thumbnails.
 * Attachments (kept, never shown) are passed over: they have no thumbnail.
 */
export function firstPhotoOfEntries(db: Db, seqs: number[], order: (seq: number) => string[]): Map<number, string> {
  const out = new Map<number, string>();
  if (seqs.length === 0) return out;
  const rows = stmt(
    db,
    'SELECT r.entry_seq AS seq, r.photo_id FROM photo_refs r JOIN photos p ON p.id = r.photo_id AND p.attachment = 0 WHERE r.entry_seq IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(seqs)) as { seq: number; photo_id: string }[];
  const bySeq = new Map<number, Set<string>>();
  for (const r of rows) bySeq.set(r.seq, (bySeq.get(r.seq) ?? new Set()).add(r.photo_id));
  for (const [seq, ids] of bySeq) {
    const first = order(seq).find((id) => ids.has(id)) ?? [...ids][0]!;
    out.set(seq, first);
  }
  return out;
}

// Pieces still arriving from the page.

export function addUploadChunk(db: Db, uploadId: string, n: number, data: Buffer, now: string): void {
  stmt(db, 'INSERT INTO photo_uploads (upload_id, n, data, started_at) VALUES (?, ?, ?, ?)').run(uploadId, n, data, now);
}

export function uploadFacts(db: Db, uploadId: string): { pieces: number; size: number } {
  return stmt(db, 'SELECT count(*) AS pieces, coalesce(sum(length(data)), 0) AS size FROM photo_uploads WHERE upload_id = ?').get(uploadId) as { pieces: number; size: number };
}

export function readUploadChunk(db: Db, uploadId: string, n: number): Buffer | null {
  return ((stmt(db, 'SELECT data FROM photo_uploads WHERE upload_id = ? AND n = ?').get(uploadId, n) as { data: Buffer } | undefined)?.data) ?? null;
}

export function deleteUpload(db: Db, uploadId: string): void {
  stmt(db, 'DELETE FROM photo_uploads WHERE upload_id = ?').run(uploadId);
}

export function abandonedUploads(db: Db, before: string): string[] {
  return (stmt(db, 'SELECT DISTINCT upload_id FROM photo_uploads WHERE started_at < ?').all(before) as { upload_id: string }[]).map((r) => r.upload_id);
}
