/**
 * Photos through the sync folder. A photo never changes once stored, so it travels once, as a file
 * of its own beside its device's change files: `F/devices/<device-id>/photos/<photo-id>.mphoto`,
 * sealed like a change file (changeFile.ts). The change set that first shows the photo carries a
 * reference to it (changeSet.ts `PhotoRef`: its id, the SHA-256 of the file's payload, type and
 * size), and a reader takes the photo only when the payload it opens has that hash — so a photo
 * file swapped for another, or damaged, is never stored.
 *
 * The payload: one line of JSON (the photo's facts and the length of each variant), a newline,
 * then the variants' bytes (original, medium, small) one after another — what the journal keeps,
 * so the other computer stores the same photo without decoding or re-encoding it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/connection';
import * as photosRepo from '../db/repos/photos';
import { STORED_CHUNK_BYTES } from '../services/photos';
import { nowIso } from '../services/time';
import { openChangeFile, sealChangeFile } from './changeFile';
import { MAX_PHOTO_BYTES, photoTypes, type PhotoRef } from './changeSet';
import { deviceDir, PHOTO_FILE_EXTENSION, SyncFileExistsError, writeChangeFileExclusive } from './folderNames';

export const PHOTOS_DIR = 'photos';
/** The number a photo file is sealed under (the hash in its reference binds it to its photo). */
const PHOTO_FILE_NUMBER = 1;
const variants = ['original', 'medium', 'small'] as const;

const headerSchema = z
  .object({
    formatVersion: z.literal(1),
    id: z.string().uuid(),
    sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
    type: z.string().min(1).max(100),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    takenAt: z.string().max(40).nullable(),
    attachment: z.union([z.literal(0), z.literal(1)]),
    lengths: z.object({ original: z.number().int().min(0), medium: z.number().int().min(0), small: z.number().int().min(0) }).strict(),
  })
  .strict();

export function photoFilePath(folder: string, deviceId: string, photoId: string): string {
  return path.join(deviceDir(folder, deviceId), PHOTOS_DIR, `${photoId}${PHOTO_FILE_EXTENSION}`);
}

/** The payload for a stored photo, or null when it is not here (or larger than a reference allows). */
export function photoPayload(db: Db, photoId: string): Buffer | null {
  const row = photosRepo.getPhoto(db, photoId);
  if (!row) return null;
  const bytes = variants.map((variant) => Buffer.concat([...photosRepo.variantPieces(db, photoId, variant)]));
  const header = {
    formatVersion: 1,
    id: row.id,
    sourceHash: row.source_hash,
    type: row.type,
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    attachment: row.attachment === 1 ? 1 : 0,
    lengths: { original: bytes[0]!.length, medium: bytes[1]!.length, small: bytes[2]!.length },
  };
  const payload = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...bytes]);
  return payload.length <= MAX_PHOTO_BYTES ? payload : null;
}

/** The reference a change set carries for a photo, or null when it cannot travel. */
export function photoRef(db: Db, photoId: string): { ref: PhotoRef; payload: Buffer } | null {
  const row = photosRepo.getPhoto(db, photoId);
  const payload = row ? photoPayload(db, photoId) : null;
  if (!row || !payload || !(photoTypes as readonly string[]).includes(row.type)) return null;
  return { ref: { id: photoId, hash: crypto.createHash('sha256').update(payload).digest('hex'), type: row.type as PhotoRef['type'], size: payload.length }, payload };
}

/** Publishes a photo under this device's folder; a file already there (written before a crash) is kept. */
export function writePhotoFile(input: { folder: string; dataKey: Buffer; journalId: string; deviceId: string; photoId: string; payload: Buffer }): void {
  const target = photoFilePath(input.folder, input.deviceId, input.photoId);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const sealed = sealChangeFile({ dataKey: input.dataKey, journalId: input.journalId, deviceId: input.deviceId, number: PHOTO_FILE_NUMBER, payload: input.payload });
  try {
    writeChangeFileExclusive(target, sealed);
  } catch (error) {
    if (!(error instanceof SyncFileExistsError)) throw error;
  }
}

/**
 * Stores the photo `ref` names from the device's folder. True when it is stored (or was here
 * already); false when its file is not here yet, is still being copied, or is not the photo the
 * reference names (read again later: a sound copy may come).
 */
export function fetchPhoto(db: Db, input: { folder: string; dataKey: Buffer; journalId: string; deviceId: string; photoId: string; hash: string }): boolean {
  if (photosRepo.getPhoto(db, input.photoId)) return true;
  let payload: Buffer;
  try {
    const bytes = fs.readFileSync(photoFilePath(input.folder, input.deviceId, input.photoId));
    payload = openChangeFile({ dataKey: input.dataKey, journalId: input.journalId, deviceId: input.deviceId, number: PHOTO_FILE_NUMBER, bytes });
  } catch {
    return false;
  }
  if (crypto.createHash('sha256').update(payload).digest('hex') !== input.hash) return false;
  const newline = payload.indexOf(0x0a);
  if (newline < 0) return false;
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(payload.subarray(0, newline).toString('utf8')));
  } catch {
    return false;
  }
  const { original, medium, small } = header.lengths;
  if (header.id !== input.photoId || newline + 1 + original + medium + small !== payload.length) return false;
  // The same picture stored here under another id (added on both computers): kept once per id, as each entry names its own.
  if (photosRepo.photoBySourceHash(db, header.sourceHash)) header.sourceHash = crypto.createHash('sha256').update(`${header.sourceHash}\n${header.id}`).digest('hex');
  photosRepo.insertPhoto(db, {
    id: header.id,
    source_hash: header.sourceHash,
    type: header.type,
    size: original,
    width: header.width,
    height: header.height,
    taken_at: header.takenAt,
    created_at: nowIso(),
    attachment: header.attachment,
  });
  let at = newline + 1;
  for (const variant of variants) {
    const end = at + header.lengths[variant];
    for (let n = 0, from = at; from < end; n++, from += STORED_CHUNK_BYTES) photosRepo.addChunk(db, header.id, variant, n, payload.subarray(from, Math.min(end, from + STORED_CHUNK_BYTES)));
    at = end;
  }
  return true;
}
