/**
 * A HEIC this computer cannot decode (HEVC, as iPhones save them) is kept as an attachment: its
 * bytes exactly as they came, in the same pieces, once however often it is added, without
 * thumbnails or a size in pixels, never served to the page, never a list's thumbnail or a person's
 * photo, and exported as it came (`.heic`). What is not a photo is still refused. A Day One export's
 * HEIC comes in the same way, and the preview and the summary say so.
 *
 * The HEIC here is a valid `ftyp` box naming HEIC brands followed by bytes no decoder reads: what
 * sharp makes of a real HEVC HEIC in our builds (it cannot decode it).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { chunkCount, variantPieces } from '../../../electron/core/db/repos/photos';
import { createEntry, listEntries } from '../../../electron/core/services/entries';
import { exportJson } from '../../../electron/core/services/export';
import { previewImport, runImport } from '../../../electron/core/services/import';
import { setPersonPhoto, upsertPerson } from '../../../electron/core/services/people';
import * as photos from '../../../electron/core/services/photos';
import type { Vault } from '../../../electron/core/vault/vault';
import type { Photo } from '../../../electron/shared/contract';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { stored as storedEntries } from '../import/helpers';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('heic');
let vault: Vault;
let db: Db;
beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  db = vault.db;
});
afterAll(() => vault.lock());

const CANARY = 'CANARY-heic-exif-GPS-5e1f';

/** An ftyp box of `major` compatible with `compatible`, then `size` bytes no decoder reads (with a canary inside). */
function fakeIsoBmff(major: string, compatible: string[], size: number, seed = 7): Buffer {
  const ftyp = Buffer.alloc(16 + 4 * compatible.length);
  ftyp.writeUInt32BE(ftyp.length, 0);
  ftyp.write('ftyp', 4, 'latin1');
  ftyp.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => ftyp.write(brand, 16 + 4 * i, 'latin1'));
  const junk = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    junk[i] = x >>> 24;
  }
  if (size >= 200) junk.write(CANARY, 100, 'latin1');
  return Buffer.concat([ftyp, junk]);
}

const fakeHeic = (size = 600 * 1024, seed = 7) => fakeIsoBmff('heic', ['mif1', 'heic'], size, seed);

async function upload(bytes: Buffer): Promise<Photo> {
  const { uploadId } = photos.beginUpload(bytes.length);
  for (let i = 0, n = 0; i < bytes.length; i += photos.UPLOAD_CHUNK_BYTES, n++) {
    photos.addUploadChunk(db, { uploadId, index: n, data: bytes.subarray(i, i + photos.UPLOAD_CHUNK_BYTES).toString('base64') });
  }
  return photos.finishUpload(db, uploadId);
}

const original = (id: string) => Buffer.concat([...variantPieces(db, id, 'original')]);
const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function withPhoto(note: string, ...photoIds: string[]): EntryDoc {
  const d = doc({ note });
  for (const photoId of photoIds) d.content[3].content.push({ type: 'image', attrs: { photoId, alt: 'At the harbour' } } as DocNode);
  return d;
}

describe('a HEIC this computer cannot decode', () => {
  it('is told by its ftyp brands; AVIF, MP4 and other files are not HEIC', () => {
    expect(photos.heifTypeOf(fakeHeic(64))).toBe('image/heic');
    expect(photos.heifTypeOf(fakeIsoBmff('mif1', ['heic'], 64))).toBe('image/heic');
    expect(photos.heifTypeOf(fakeIsoBmff('mif1', ['miaf'], 64))).toBe('image/heif');
    expect(photos.heifTypeOf(fakeIsoBmff('avif', ['mif1', 'miaf'], 64))).toBeNull();
    expect(photos.heifTypeOf(fakeIsoBmff('isom', ['mp41'], 64))).toBeNull();
    expect(photos.heifTypeOf(Buffer.from('\xff\xd8\xff\xe0 not a heic at all', 'latin1'))).toBeNull();
  });

  it('is kept as an attachment, exactly as it came (details and all, whatever the setting), once, without thumbnails, never served', async () => {
    const bytes = fakeHeic();
    const before = count('photos');
    const photo = await upload(bytes);
    expect(photo).toMatchObject({ type: 'image/heic', size: bytes.length, width: null, height: null, takenAt: null, shown: false });
    // Stored in pieces of at most 256 KiB, and the bytes out are the bytes in (nothing stripped).
    expect(chunkCount(db, photo.id, 'original')).toBe(Math.ceil(bytes.length / photos.STORED_CHUNK_BYTES));
    expect(original(photo.id).equals(bytes)).toBe(true);
    expect(original(photo.id).includes(CANARY)).toBe(true);
    expect(chunkCount(db, photo.id, 'medium')).toBe(0);
    expect(chunkCount(db, photo.id, 'small')).toBe(0);
    // Not served to the page: no variant, not even a piece asked for directly.
    for (const variant of ['original', 'medium', 'small'] as const) {
      expect(photos.variantInfo(db, photo.id, variant)).toBeNull();
      expect(photos.variantPiece(db, photo.id, variant, 0)).toBeNull();
    }
    expect(photos.getPhotoInfo(db, photo.id).shown).toBe(false);
    // The same file again (through an import's stream this time) is the same photo.
    const again = await photos.storePhoto(db, () => [bytes.subarray(0, 1000), bytes.subarray(1000)]);
    expect(again.id).toBe(photo.id);
    expect(count('photos')).toBe(before + 1);
    expect(count('photo_uploads')).toBe(0);
  });

  it('a photo sharp decodes is still shown, with thumbnails', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a7' } }).png().toBuffer();
    const photo = await upload(png);
    expect(photo).toMatchObject({ shown: true, width: 40, height: 30 });
    expect(photos.variantInfo(db, photo.id, 'small')).not.toBeNull();
  });

  it('what is not a photo is still refused, with nothing stored: a damaged JPEG, an SVG, a PDF, an MP4', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c23' } }).jpeg().toBuffer();
    const corrupt = Buffer.concat([jpeg.subarray(0, 200), Buffer.alloc(4000, 9)]);
    const before = count('photos');
    const chunksBefore = count('photo_chunks');
    await expect(upload(corrupt)).rejects.toThrow(/not a photo Mutual can read/);
    await expect(upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'))).rejects.toThrow(/\(SVG, PDF\)/);
    await expect(upload(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'))).rejects.toThrow(/not a photo|SVG, PDF/);
    await expect(upload(fakeIsoBmff('isom', ['mp41', 'avc1'], 4000))).rejects.toThrow(/not a photo Mutual can read/);
    expect(count('photos')).toBe(before);
    expect(count('photo_chunks')).toBe(chunksBefore);
    expect(count('photo_uploads')).toBe(0);
  });

  it('is never a list’s thumbnail nor a person’s photo', async () => {
    const heic = await photos.storePhoto(db, () => [fakeHeic(5000, 11)]);
    const png = await photos.storePhoto(db, async function* () {
      yield await sharp({ create: { width: 20, height: 20, channels: 3, background: '#36c' } }).png().toBuffer();
    });
    const only = createEntry(db, { date: '2026-11-01', doc: withPhoto('Only the HEIC', heic.id) });
    const both = createEntry(db, { date: '2026-11-02', doc: withPhoto('HEIC then PNG', heic.id, png.id) });
    const items = listEntries(db).items;
    expect(items.find((e) => e.id === only.id)!.photoId).toBeNull();
    expect(items.find((e) => e.id === both.id)!.photoId).toBe(png.id);
    const sam = upsertPerson(db, { name: 'Sam Heic' });
    expect(() => setPersonPhoto(db, sam.id, heic.id)).toThrow(/cannot be shown/);
    expect(setPersonPhoto(db, sam.id, png.id).photoId).toBe(png.id);
  });

  it('leaves with an export exactly as it came, as a .heic file', async () => {
    const bytes = fakeHeic(3000, 21);
    const heic = await photos.storePhoto(db, () => [bytes]);
    createEntry(db, { date: '2026-11-03', doc: withPhoto('Exported HEIC', heic.id) });
    const file = path.join(tmp.sub('export'), 'journal.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await exportJson(db, file, { from: '2026-11-03', to: '2026-11-03' });
    const listed = (JSON.parse(fs.readFileSync(file, 'utf8')) as { photos: { id: string; file: string; type: string }[] }).photos;
    // (The people's photos come along too.)
    const mine = listed.filter((p) => p.id === heic.id);
    expect(mine).toEqual([expect.objectContaining({ type: 'image/heic', file: expect.stringMatching(new RegExp(`${heic.id}\\.heic$`)) })]);
    expect(fs.readFileSync(path.join(path.dirname(file), mine[0]!.file)).equals(bytes)).toBe(true);
  });
});

describe('a Day One export’s HEIC', () => {
  it('comes in as an attachment in its entry, not a placeholder; the preview and the summary say it is kept as it came', async () => {
    const { vault: other } = await createVault(tmp.sub());
    try {
      const bytes = fakeHeic(40_000, 33);
      const md5 = 'f1e2d3c4b5a60718293a4b5c6d7e8f90';
      const source = tmp.sub('dayone');
      fs.mkdirSync(path.join(source, 'photos'), { recursive: true });
      fs.writeFileSync(path.join(source, 'photos', `${md5}.heic`), bytes);
      const journalJson = {
        metadata: { version: '1.0' },
        entries: [
          {
            uuid: 'BBBB0000000000000000000000000001',
            creationDate: '2024-05-01T10:00:00Z',
            timeZone: 'Europe/Paris',
            text: 'At the harbour\n\n![](dayone-moment://HEIC1)',
            photos: [{ identifier: 'HEIC1', md5, type: 'heic' }],
          },
        ],
      };
      fs.writeFileSync(path.join(source, 'Journal.json'), JSON.stringify(journalJson));

      const preview = await previewImport(other.db, 'dayone', source);
      expect(preview.photos).toEqual({ found: 1, missing: 0 });
      expect(preview.findings.find((f) => f.key === 'photosUnreadable')).toBeUndefined();
      expect(preview.findings.find((f) => f.key === 'heicKept')).toMatchObject({ count: 1, dropped: false });

      const summary = await runImport(other.db, 'dayone', source, {});
      expect(summary.photos).toBe(1);
      expect(summary.findings?.find((f) => f.key === 'photosUnreadable')).toBeUndefined();
      const kept = summary.findings?.find((f) => f.key === 'heicKept');
      expect(kept).toMatchObject({ count: 1, dropped: false, detail: [`${md5}.heic`] });
      expect(kept!.what).toMatch(/kept exactly as they came/);

      const [entry] = storedEntries(other.db);
      expect(entry!.note).not.toMatch(/Photo not included/);
      const image = entry!.noteBlocks.find((b) => b.type === 'image')!;
      const id = String(image.attrs?.photoId);
      expect(photos.getPhotoInfo(other.db, id)).toMatchObject({ type: 'image/heic', shown: false, size: bytes.length });
      expect(Buffer.concat([...variantPieces(other.db, id, 'original')]).equals(bytes)).toBe(true);
    } finally {
      other.lock();
    }
  });
});
