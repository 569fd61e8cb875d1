/**
 * Photos, encrypted like every word (ARCHITECTURE.md, "Photos").
 *
 * A photo arrives in pieces (the page sends at most UPLOAD_CHUNK_BYTES at a time; an import hands
 * over a file's stream), is kept in the encrypted database while it arrives — never a plain file,
 * not even a temporary one — and is then read by sharp (libvips) as a stream, checked, and stored
 * as three variants written piece by piece: the photo itself and two thumbnails. What is stored:
 * - the photo without location and camera details (EXIF, XMP, IPTC), re-encoded in its own format
 *   with its orientation applied and its colour profile kept — unless the person chose to keep
 *   those details (setting keepPhotoDetails), in which case the file is stored exactly as it came;
 * - a medium (1280 px) and a small (320 px) thumbnail, WebP.
 * Refused, with nothing stored: files over MAX_PHOTO_BYTES, files that are not a photo sharp can
 * decode, and active formats (SVG, PDF). HEIC photos are decoded where the library can (AV1); a
 * HEIC or HEIF file it cannot decode (HEVC, as iPhones save them — the library in our builds has no
 * HEVC decoder), told by the brand in its first bytes, is kept as an attachment: exactly as it came,
 * location and camera details included whatever keepPhotoDetails says (nothing can re-encode it
 * here, and taking bytes out of a file we cannot read could break it; the setting says so), with no
 * thumbnails and no size in pixels, never served to the page, and exported as it came.
 * The same file added twice (same SHA-256 as it arrived) is one photo.
 */
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Metadata, Sharp } from 'sharp';

type ExifReader = (buffer: Buffer) => unknown;
import type { Photo } from '../../shared/contract';
import { MutualError } from '../../shared/result';
import type { Db } from '../db/connection';
import * as photosRepo from '../db/repos/photos';
import type { PhotoVariant } from '../db/repos/photos';
import { getSetting } from '../db/repos/settings';
import { nowIso } from './time';

/** The largest photo accepted. A phone's photo is 2–12 MB; a scan or a RAW-sized PNG can reach 40. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
/** The largest piece the page sends at once (before base64). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** The largest piece stored per database row. */
export const STORED_CHUNK_BYTES = 256 * 1024;
/** Pixels sharp agrees to decode (about 24,000 × 24,000): larger is a decompression bomb, not a photo. */
const MAX_PIXELS = 576_000_000;
/** Uploads never finished and photos never used are removed after this long. */
export const ABANDONED_AFTER_MS = 24 * 60 * 60_000;

/**
 * sharp and the EXIF reader, loaded the first time a photo is added: libvips is a large native
 * library, and most of what the journal does (and every `mutual` command) never needs it.
 */
let imaging: Promise<{ sharp: typeof import('sharp').default; exifReader: ExifReader }> | null = null;
function loadImaging() {
  imaging ??= (async () => {
    const [{ default: sharp }, { default: exifReader }] = await Promise.all([import('sharp'), import('exif-reader')]);
    // libvips keeps recently decoded images for reuse; a journal never reads the same photo twice
    // in a row, and that cache made adding photos cost hundreds of megabytes.
    sharp.cache(false);
    return { sharp, exifReader: exifReader as ExifReader };
  })();
  return imaging;
}

const THUMBNAILS: Record<Exclude<PhotoVariant, 'original'>, number> = { medium: 1280, small: 320 };

const ACCEPTED = new Map<string, string>([
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
  ['avif', 'image/avif'],
  ['heif', 'image/heic'],
  ['tiff', 'image/tiff'],
]);

const notAPhoto = () => new MutualError('BAD_INPUT', 'That file is not a photo Mutual can read (JPEG, PNG, WebP, GIF, AVIF, HEIC or TIFF). Nothing was added.');

function toPhoto(row: photosRepo.PhotoRow): Photo {
  return { id: row.id, type: row.type, size: row.size, width: row.width, height: row.height, takenAt: row.taken_at, shown: row.attachment === 0 };
}

/** ISO-BMFF brands of HEIC (HEVC-coded) files, and of HEIF files in general (whatever codes the image). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'heif']);

/**
 * 'image/heic' or 'image/heif' when a file's first bytes are an ISO-BMFF `ftyp` box naming a
 * HEIC/HEIF brand (its major brand or one it is compatible with); null otherwise. AVIF is HEIF
 * too (its brands include mif1) but its major brand is avif/avis: not one of these.
 */
export function heifTypeOf(head: Buffer): 'image/heic' | 'image/heif' | null {
  if (head.length < 16 || head.toString('latin1', 4, 8) !== 'ftyp') return null;
  const major = head.toString('latin1', 8, 12);
  if (major === 'avif' || major === 'avis') return null;
  const boxSize = head.readUInt32BE(0);
  const end = Math.min(head.length, boxSize >= 16 ? boxSize : head.length);
  const brands = [major];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(head.toString('latin1', at, at + 4));
  if (brands.some((b) => HEIC_BRANDS.has(b))) return 'image/heic';
  if (brands.some((b) => HEIF_BRANDS.has(b))) return 'image/heif';
  return null;
}

/** How many first bytes storePhoto keeps to tell a HEIC by its brands (an ftyp box is rarely over 40). */
const HEAD_BYTES = 64;

// ---------------------------------------------------------------------------------------------
// Arriving

export function beginUpload(size: number): { uploadId: string } {
  if (size > MAX_PHOTO_BYTES) throw tooLarge(size);
  return { uploadId: crypto.randomUUID() };
}

function tooLarge(size: number): MutualError {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return new MutualError('BAD_INPUT', `That photo is ${mb(size)}; Mutual keeps photos of up to ${mb(MAX_PHOTO_BYTES)}. Save a smaller copy and add that instead. Nothing was added.`);
}

/** Stores the next piece of an upload (pieces come in order, from 0). */
export function addUploadChunk(db: Db, input: { uploadId: string; index: number; data: string }): { received: number } {
  const piece = Buffer.from(input.data, 'base64');
  if (piece.length === 0 || piece.length > UPLOAD_CHUNK_BYTES) throw new MutualError('BAD_INPUT', 'That piece of the photo has the wrong size. Add the photo again.');
  const { pieces, size } = photosRepo.uploadFacts(db, input.uploadId);
  if (input.index !== pieces) throw new MutualError('BAD_INPUT', 'A piece of the photo went missing on the way. Add the photo again.');
  if (size + piece.length > MAX_PHOTO_BYTES) {
    photosRepo.deleteUpload(db, input.uploadId);
    throw tooLarge(size + piece.length);
  }
  photosRepo.addUploadChunk(db, input.uploadId, input.index, piece, nowIso());
  return { received: size + piece.length };
}

export function cancelUpload(db: Db, uploadId: string): void {
  photosRepo.deleteUpload(db, uploadId);
}

/** Turns a finished upload into a photo (or the same photo already in the journal). */
export async function finishUpload(db: Db, uploadId: string): Promise<Photo> {
  const { pieces } = photosRepo.uploadFacts(db, uploadId);
  if (pieces === 0) throw new MutualError('BAD_INPUT', 'Nothing of that photo arrived. Add it again.');
  try {
    return await storePhoto(db, () => uploadPieces(db, uploadId, pieces));
  } finally {
    photosRepo.deleteUpload(db, uploadId);
  }
}

function* uploadPieces(db: Db, uploadId: string, pieces: number): Generator<Buffer> {
  for (let n = 0; n < pieces; n++) yield photosRepo.readUploadChunk(db, uploadId, n)!;
}

/**
 * Stores a photo read from `source` (called once per pass over the bytes: hashing, reading, each
 * variant). Refuses what is not a photo; answers the existing photo for a file already here.
 */
export async function storePhoto(db: Db, source: () => Iterable<Buffer> | AsyncIterable<Buffer>): Promise<Photo> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const piece of source()) {
    hash.update(piece);
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, piece.subarray(0, HEAD_BYTES - head.length)]);
    size += piece.length;
    if (size > MAX_PHOTO_BYTES) throw tooLarge(size);
  }
  const sourceHash = hash.digest('hex');
  const existing = photosRepo.photoBySourceHash(db, sourceHash);
  if (existing) return toPhoto(existing);

  const { sharp, exifReader } = await loadImaging();
  const read = async <T>(input: Readable, use: (image: Sharp) => Promise<T> | T): Promise<T> => {
    const image = sharp({ failOn: 'error', limitInputPixels: MAX_PIXELS, animated: true, sequentialRead: true });
    input.on('error', (error) => image.destroy(error));
    input.pipe(image);
    return use(image);
  };
  const input = () => Readable.from(source());
  const heif = heifTypeOf(head);
  let meta: Metadata;
  try {
    meta = await read(input(), (image) => image.metadata());
  } catch {
    if (heif) return keepAsAttachment(db, source, sourceHash, heif, undefined);
    throw notAPhoto();
  }
  if (meta.format === 'svg' || meta.format === 'pdf') {
    throw new MutualError('BAD_INPUT', 'Drawings and documents (SVG, PDF) can run code of their own, so Mutual does not keep them. Save it as a PNG or JPEG and add that. Nothing was added.');
  }
  // libheif reads AVIF too: sharp names both "heif" and tells them apart by their compression.
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  const type = format ? ACCEPTED.get(format) : undefined;
  if (!type) throw notAPhoto();
  // HEVC: libheif reads the header but our builds cannot decode the picture.
  if (heif && meta.format === 'heif' && meta.compression === 'hevc') return keepAsAttachment(db, source, sourceHash, heif, meta.exif);

  const keepDetails = getSetting(db, 'keepPhotoDetails') === 'on';
  const id = crypto.randomUUID();
  const now = nowIso();
  // The row first, so each piece written has a photo to belong to; a crash part-way leaves an
  // unreferenced photo, which is removed later (sweepPhotos).
  photosRepo.insertPhoto(db, { id, source_hash: sourceHash, type, size: 0, width: null, height: null, taken_at: null, created_at: now, attachment: 0 });
  try {
    let storedType = type;
    if (keepDetails) {
      await writePieces(db, id, 'original', Readable.from(source()));
    } else {
      const [outType, encode] = reencoding(format!);
      storedType = outType;
      await read(input(), (image) => writePieces(db, id, 'original', encode(image.rotate().keepIccProfile())));
    }
    // The medium thumbnail from the photo, the small one from the medium: one full decode less.
    await read(input(), (image) => writePieces(db, id, 'medium', thumbnail(image.rotate(), THUMBNAILS.medium)));
    await read(Readable.from(photosRepo.variantPieces(db, id, 'medium')), (image) => writePieces(db, id, 'small', thumbnail(image, THUMBNAILS.small)));
    const oriented = (meta.orientation ?? 1) >= 5;
    photosRepo.setPhotoFacts(db, id, {
      type: storedType,
      size: photosRepo.variantSize(db, id, 'original'),
      width: (oriented ? meta.height : meta.width) ?? null,
      height: (oriented ? meta.width : meta.height) ?? null,
      takenAt: takenAt(exifReader, meta.exif),
    });
  } catch (error) {
    photosRepo.deletePhoto(db, id);
    if (error instanceof MutualError) throw error;
    // A HEIF whose header read well but whose picture would not decode: kept as it came.
    if (heif) return keepAsAttachment(db, source, sourceHash, heif, meta.exif);
    throw notAPhoto();
  }
  return toPhoto(photosRepo.getPhoto(db, id)!);
}

/**
 * Keeps a HEIC/HEIF file this computer cannot decode as an attachment: its bytes exactly as they
 * came (nothing can re-encode it here, so nothing is taken out), in the same pieces, no thumbnails.
 */
async function keepAsAttachment(db: Db, source: () => Iterable<Buffer> | AsyncIterable<Buffer>, sourceHash: string, type: string, exif: Buffer | undefined): Promise<Photo> {
  const { exifReader } = await loadImaging();
  const id = crypto.randomUUID();
  photosRepo.insertPhoto(db, { id, source_hash: sourceHash, type, size: 0, width: null, height: null, taken_at: null, created_at: nowIso(), attachment: 1 });
  try {
    await writePieces(db, id, 'original', Readable.from(source()));
    photosRepo.setPhotoFacts(db, id, { type, size: photosRepo.variantSize(db, id, 'original'), width: null, height: null, takenAt: takenAt(exifReader, exif) });
  } catch (error) {
    photosRepo.deletePhoto(db, id);
    if (error instanceof MutualError) throw error;
    throw notAPhoto();
  }
  return toPhoto(photosRepo.getPhoto(db, id)!);
}

function thumbnail(image: Sharp, edge: number): Sharp {
  return image.resize(edge, edge, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 78 });
}

/** How the photo itself is stored without its details: its own format, re-encoded. */
function reencoding(format: string): [string, (image: Sharp) => Sharp] {
  switch (format) {
    case 'png':
      return ['image/png', (i) => i.png()];
    case 'webp':
      return ['image/webp', (i) => i.webp({ quality: 90 })];
    case 'gif':
      return ['image/gif', (i) => i.gif()];
    case 'avif':
      return ['image/avif', (i) => i.avif({ quality: 70 })];
    default:
      // JPEG, and what browsers do not all show (HEIC, TIFF), as JPEG.
      // libjpeg-turbo, not mozjpeg: a few percent larger, three to four times faster to store.
      return ['image/jpeg', (i) => i.jpeg({ quality: 90 })];
  }
}

/** Writes a stream as pieces of STORED_CHUNK_BYTES. */
async function writePieces(db: Db, id: string, variant: PhotoVariant, stream: NodeJS.ReadableStream): Promise<void> {
  let n = 0;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const flush = (all: boolean) => {
    let buffer = Buffer.concat(pending);
    while (buffer.length >= STORED_CHUNK_BYTES || (all && buffer.length > 0)) {
      photosRepo.addChunk(db, id, variant, n++, Buffer.from(buffer.subarray(0, STORED_CHUNK_BYTES)));
      buffer = buffer.subarray(STORED_CHUNK_BYTES);
    }
    pending = buffer.length ? [buffer] : [];
    pendingSize = buffer.length;
  };
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        try {
          pending.push(chunk);
          pendingSize += chunk.length;
          if (pendingSize >= STORED_CHUNK_BYTES) flush(false);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
      final(done) {
        try {
          flush(true);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    }),
  );
}

function takenAt(exifReader: ExifReader, exif: Buffer | undefined): string | null {
  if (!exif) return null;
  try {
    const tags = exifReader(exif) as { Photo?: { DateTimeOriginal?: Date } };
    const when = tags.Photo?.DateTimeOriginal;
    // EXIF keeps the camera's wall clock without a zone; exif-reader reads it as UTC, which keeps
    // the wall-clock digits: the local date and time the photo was taken.
    return when instanceof Date && !Number.isNaN(when.getTime()) ? when.toISOString().slice(0, 19) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export function getPhotoInfo(db: Db, id: string): Photo {
  const row = photosRepo.getPhoto(db, id);
  if (!row) throw new MutualError('NOT_FOUND', 'That photo is no longer in your journal.');
  return toPhoto(row);
}

/**
 * What a relay needs to serve a variant: its type and how many pieces to ask for. Null (not found)
 * for an attachment's every variant: the page cannot draw it, and its bytes leave only by export.
 */
export function variantInfo(db: Db, id: string, variant: PhotoVariant): { type: string; size: number; pieces: number } | null {
  const row = photosRepo.getPhoto(db, id);
  if (!row || row.attachment) return null;
  const pieces = photosRepo.chunkCount(db, id, variant);
  if (pieces === 0) return null;
  return { type: variant === 'original' ? row.type : 'image/webp', size: photosRepo.variantSize(db, id, variant), pieces };
}

export function variantPiece(db: Db, id: string, variant: PhotoVariant, n: number): Buffer | null {
  if (photosRepo.getPhoto(db, id)?.attachment !== 0) return null;
  return photosRepo.readChunk(db, id, variant, n);
}

// ---------------------------------------------------------------------------------------------
// Forgetting

/** After an entry or a person stopped showing these photos: remove those nothing else shows. */
export function forgetUnused(db: Db, ids: Iterable<string>): void {
  for (const id of ids) if (!photosRepo.isReferenced(db, id)) photosRepo.deletePhoto(db, id);
}

/** Removes uploads never finished and photos never used, older than ABANDONED_AFTER_MS. */
export function sweepPhotos(db: Db, now = Date.now()): number {
  const before = new Date(now - ABANDONED_AFTER_MS).toISOString();
  let removed = 0;
  db.transaction(() => {
    for (const upload of photosRepo.abandonedUploads(db, before)) photosRepo.deleteUpload(db, upload);
    for (const id of photosRepo.unreferencedBefore(db, before)) {
      photosRepo.deletePhoto(db, id);
      removed++;
    }
  })();
  return removed;
}
