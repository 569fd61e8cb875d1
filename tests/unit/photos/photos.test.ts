/**
 * Photos live inside the encrypted journal: what goes in comes out, the same photo is kept once,
 * location and camera details are left out unless the person keeps them, what is not a photo (or is
 * too large, or can run code) is refused with nothing stored, a photo nothing shows is removed, and
 * no byte of a photo is readable in the journal's files or its backups.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { createHandlers } from '../../../electron/core/handlers';
import { createEntry, deleteEntry, getEntry, listEntries, saveEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { setPersonPhoto, upsertPerson } from '../../../electron/core/services/people';
import * as photos from '../../../electron/core/services/photos';
import { search } from '../../../electron/core/services/search';
import { updateSettings } from '../../../electron/core/services/settings';
import { Session } from '../../../electron/core/session/session';
import type { Vault } from '../../../electron/core/vault/vault';
import { writeBackup } from '../../../electron/core/vault/backup';
import type { Photo } from '../../../electron/shared/contract';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { createVault, doc, findInFolder, tempRoot } from '../vault/helpers';

const tmp = tempRoot('photos');
let vault: Vault;
let db: Db;
let dir: string;
beforeAll(async () => {
  dir = tmp.sub();
  ({ vault } = await createVault(dir));
  db = vault.db;
});
afterAll(() => vault.lock());

const CANARY = 'CANARY-0xC0FFEE-photo-bytes';

async function jpeg(options: { width?: number; colour?: string; exif?: boolean } = {}): Promise<Buffer> {
  let image = sharp({ create: { width: options.width ?? 640, height: 480, channels: 3, background: options.colour ?? '#3366cc' } }).jpeg({ quality: 85 });
  if (options.exif !== false) image = image.withExif({ IFD0: { Copyright: CANARY, Make: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLongitudeRef: 'W' } });
  return image.toBuffer();
}

/** Sends a file the way the page does: begin, pieces of at most 1 MiB in base64, finish. */
async function upload(bytes: Buffer): Promise<Photo> {
  const { uploadId } = photos.beginUpload(bytes.length);
  for (let i = 0, n = 0; i < bytes.length; i += photos.UPLOAD_CHUNK_BYTES, n++) {
    photos.addUploadChunk(db, { uploadId, index: n, data: bytes.subarray(i, i + photos.UPLOAD_CHUNK_BYTES).toString('base64') });
  }
  return photos.finishUpload(db, uploadId);
}

function stored(id: string, variant: 'original' | 'medium' | 'small'): Buffer {
  const info = photos.variantInfo(db, id, variant)!;
  return Buffer.concat(Array.from({ length: info.pieces }, (_, n) => photos.variantPiece(db, id, variant, n)!));
}

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function withPhoto(text: string, photoId: string, alt: string): EntryDoc {
  const d = doc({ note: text });
  const image: DocNode = { type: 'image', attrs: { photoId, alt } };
  d.content[3].content.push(image);
  return d;
}

describe('photos', () => {
  it('keep no location or camera details by default, with thumbnails, width and height', async () => {
    const photo = await upload(await jpeg());
    expect(photo).toMatchObject({ type: 'image/jpeg', width: 640, height: 480 });
    const original = await sharp(stored(photo.id, 'original')).metadata();
    expect(original.exif).toBeUndefined();
    expect(stored(photo.id, 'original').includes(CANARY)).toBe(false);
    const small = await sharp(stored(photo.id, 'small')).metadata();
    expect(small).toMatchObject({ format: 'webp', width: 320, height: 240 });
    expect(photos.variantInfo(db, photo.id, 'medium')!.type).toBe('image/webp');
    expect(count('photo_uploads')).toBe(0);
  });

  it('give back exactly the bytes that went in when the person keeps the details, in pieces of at most 256 KiB', async () => {
    updateSettings(db, dir, { keepPhotoDetails: true });
    try {
      const bytes = await jpeg({ width: 3000, colour: '#aa3355' });
      const noise = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
      for (const file of [bytes, noise]) {
        const photo = await upload(file);
        expect(stored(photo.id, 'original').equals(file)).toBe(true);
        const rows = db.prepare(`SELECT length(data) AS n FROM photo_chunks WHERE photo_id = ? AND variant = 'original'`).all(photo.id) as { n: number }[];
        expect(rows.every((r) => r.n <= photos.STORED_CHUNK_BYTES)).toBe(true);
      }
    } finally {
      updateSettings(db, dir, { keepPhotoDetails: false });
    }
  });

  it('keep the same photo once, however often it is added', async () => {
    const bytes = await jpeg({ colour: '#118844' });
    const before = count('photos');
    const a = await upload(bytes);
    const b = await upload(bytes);
    expect(b.id).toBe(a.id);
    expect(count('photos')).toBe(before + 1);
  });

  it('refuse drawings, broken files and what is too large, storing nothing', async () => {
    const before = { photos: count('photos'), chunks: count('photo_chunks') };
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    await expect(upload(svg)).rejects.toThrow(/Drawings and documents \(SVG, PDF\)/);
    const broken = Buffer.concat([(await jpeg()).subarray(0, 300), Buffer.alloc(2000, 7)]);
    await expect(upload(broken)).rejects.toThrow(/not a photo Mutual can read/);
    await expect(upload(Buffer.from('just some text, not a photo at all'))).rejects.toThrow(/not a photo Mutual can read/);
    expect(() => photos.beginUpload(photos.MAX_PHOTO_BYTES + 1)).toThrow(/keeps photos of up to 50 MB/);
    // A file that grows past the limit piece by piece is refused at that piece, and what came is dropped.
    const { uploadId } = photos.beginUpload(10);
    const piece = Buffer.alloc(photos.UPLOAD_CHUNK_BYTES, 1).toString('base64');
    expect(() => {
      for (let n = 0; n < 60; n++) photos.addUploadChunk(db, { uploadId, index: n, data: piece });
    }).toThrow(/keeps photos of up to 50 MB/);
    expect({ photos: count('photos'), chunks: count('photo_chunks'), uploads: count('photo_uploads') }).toEqual({ ...before, uploads: 0 });
    // Pieces out of order mean something went missing.
    const second = photos.beginUpload(10);
    expect(() => photos.addUploadChunk(db, { uploadId: second.uploadId, index: 1, data: piece })).toThrow(/went missing/);
  });

  it('are shown by entries and people, found by their description, and removed when nothing shows them', async () => {
    const photo = await upload(await jpeg({ colour: '#884411' }));
    const a = createEntry(db, { date: '2026-08-01', doc: withPhoto('Picnic', photo.id, 'Maya laughing under the plum tree') });
    const b = createEntry(db, { date: '2026-08-02', doc: withPhoto('Again', photo.id, 'the same afternoon') });
    expect(listEntries(db).items.find((e) => e.id === a.id)!.photoId).toBe(photo.id);
    expect(search(db, { q: 'plum tree' }).hits.map((h) => h.entryId)).toEqual([a.id]);
    drainIndexQueue(db);
    expect(search(db, { q: 'plum tree' }).hits.map((h) => h.entryId)).toEqual([a.id]);

    saveEntry(db, { id: a.id, doc: doc({ note: 'Picnic' }) });
    expect(photos.variantInfo(db, photo.id, 'original')).not.toBeNull();
    const maya = upsertPerson(db, { name: 'Maya', kind: 'friend' });
    setPersonPhoto(db, maya.id, photo.id);
    deleteEntry(db, b.id);
    // The person still shows it.
    expect(photos.variantInfo(db, photo.id, 'small')).not.toBeNull();
    setPersonPhoto(db, maya.id, null);
    expect(photos.variantInfo(db, photo.id, 'small')).toBeNull();
    expect(db.prepare('SELECT count(*) AS n FROM photo_chunks WHERE photo_id = ?').get(photo.id)).toEqual({ n: 0 });
    // An entry cannot show a photo the journal does not have.
    expect(() => createEntry(db, { doc: withPhoto('x', photo.id, '') })).toThrow(/not in your journal any more/);
    expect(getEntry(db, a.id).doc.content[3].content.some((n) => n.type === 'image')).toBe(false);
  });

  it('never added to anything, and uploads never finished, are removed a day later', async () => {
    const photo = await upload(await jpeg({ colour: '#ffcc00' }));
    photos.beginUpload(10);
    const { uploadId } = photos.beginUpload(10);
    photos.addUploadChunk(db, { uploadId, index: 0, data: Buffer.from('half a photo').toString('base64') });
    expect(photos.sweepPhotos(db, Date.now())).toBe(0);
    expect(photos.variantInfo(db, photo.id, 'small')).not.toBeNull();
    photos.sweepPhotos(db, Date.now() + photos.ABANDONED_AFTER_MS + 60_000);
    expect(photos.variantInfo(db, photo.id, 'small')).toBeNull();
    expect(count('photo_uploads')).toBe(0);
  });

  it('leave no byte of a photo readable in the journal folder or a backup', async () => {
    updateSettings(db, dir, { keepPhotoDetails: true });
    try {
      const photo = await upload(await jpeg({ colour: '#225588' }));
      createEntry(db, { date: '2026-08-03', doc: withPhoto('Canary', photo.id, 'canary photo') });
      expect(stored(photo.id, 'original').includes(CANARY)).toBe(true);
    } finally {
      updateSettings(db, dir, { keepPhotoDetails: false });
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findInFolder(dir, [CANARY])).toEqual([]);
    const backupFile = path.join(path.dirname(dir), 'photos-canary.mutualbackup');
    writeBackup(db, dir, backupFile);
    expect(fs.readFileSync(backupFile).includes(Buffer.from(CANARY))).toBe(false);
  });

  it('arrive through the handler table in pieces, and the table refuses a piece that is too big', async () => {
    const session = new Session(dir);
    session.adopt(vault);
    const h = createHandlers(session);
    const bytes = await jpeg({ colour: '#5500aa' });
    const begun = await h['photos.uploadBegin']({ size: bytes.length });
    if (!begun.ok) throw new Error(begun.error.message);
    expect((await h['photos.uploadChunk']({ uploadId: begun.value.uploadId, index: 0, data: bytes.toString('base64') })).ok).toBe(true);
    const done = await h['photos.uploadFinish']({ uploadId: begun.value.uploadId });
    expect(done.ok && done.value.type).toBe('image/jpeg');
    const tooBig = await h['photos.uploadChunk']({ uploadId: begun.value.uploadId, index: 0, data: 'A'.repeat(1_500_000) });
    expect(tooBig.ok ? null : tooBig.error.code).toBe('BAD_INPUT');
    session.indexing.stop();
  });
});
