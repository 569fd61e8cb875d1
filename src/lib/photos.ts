/**
 * Photos on the page: where an <img> finds one, and how a file the person pasted, dropped or
 * picked reaches the journal. The bytes never pass through a blob: URL or a file:// path: the app
 * serves them on its own protocol (app://mutual/photos/…), the web host on its loopback address
 * with this run's token (an image cannot send a header). ARCHITECTURE.md, "Photos".
 */
import type { Photo } from '../../electron/shared/contract';
import type { Result } from '../../electron/shared/result';
import { PHOTOS_PATH, PHOTOS_TOKEN_PARAM } from '../../electron/shared/transport';
import { call, takeTokenFromLocation } from './api';

export type PhotoVariant = 'original' | 'medium' | 'small';

/** The most the page sends at once (the journal's UPLOAD_CHUNK_BYTES). */
const PIECE_BYTES = 1024 * 1024;
/** The largest photo the journal keeps (its MAX_PHOTO_BYTES), checked here first to say so at once. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;

/** The address of a photo's variant for an <img>. */
export function photoUrl(photoId: string, variant: PhotoVariant): string {
  if (window.location.protocol === 'app:') return `app://mutual${PHOTOS_PATH}${photoId}/${variant}`;
  return `${PHOTOS_PATH}${photoId}/${variant}?${PHOTOS_TOKEN_PARAM}=${encodeURIComponent(takeTokenFromLocation() ?? '')}`;
}

/**
 * Photos this page has learnt about (uploaded, or asked for): whether each can be shown. Emptied
 * with the query cache when the unlocked app is left (useJournalCacheLifetime), so no photo's
 * facts (when it was taken, its size) outlive a lock.
 */
const known = new Map<string, Photo>();

/** Forgets every photo learnt about, as a lock forgets everything the journal said. */
export function forgetPhotos(): void {
  known.clear();
}

/** Remembers what the journal said about a photo (an upload's answer), so it is not asked again. */
export function rememberPhoto(photo: Photo): void {
  known.set(photo.id, photo);
}

/** What the page already knows of a photo, without asking. */
export function knownPhoto(photoId: string): Photo | null {
  return known.get(photoId) ?? null;
}

/**
 * What the journal keeps of a photo (photos.get), asked once: null when it is not there (or the
 * journal could not say). Whether it can be shown (`shown`) decides between a picture and the note
 * of a photo kept as it came.
 */
export async function photoInfo(photoId: string): Promise<Photo | null> {
  const already = known.get(photoId);
  if (already) return already;
  const answer = await call('photos.get', { id: photoId });
  if (!answer.ok) return null;
  known.set(photoId, answer.value);
  return answer.value;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a whole megabyte of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends a file to the journal in pieces of at most 1 MiB, reading one piece at a time, and answers
 * the stored photo (or the same photo already in the journal). `onProgress` hears bytes sent so far.
 * An aborted `signal` stops between pieces and tells the journal to drop what arrived (the editor
 * aborts when it closes mid-upload: nothing could show the photo any more).
 */
export async function uploadPhoto(
  file: Blob,
  onProgress?: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Result<Photo>> {
  if (file.size > MAX_PHOTO_BYTES) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `That photo is ${Math.round(file.size / (1024 * 1024))} MB; Mutual keeps photos of up to 50 MB. Save a smaller copy and add that instead.` } };
  }
  const stopped = (): Result<Photo> => ({ ok: false, error: { code: 'BAD_INPUT', message: 'Adding the photo was stopped. Nothing was added.' } });
  if (signal?.aborted) return stopped();
  const begun = await call('photos.uploadBegin', { size: Math.max(1, file.size) });
  if (!begun.ok) return begun;
  const { uploadId } = begun.value;
  for (let offset = 0, index = 0; offset < file.size; offset += PIECE_BYTES, index++) {
    if (signal?.aborted) {
      void call('photos.uploadCancel', { uploadId });
      return stopped();
    }
    const piece = new Uint8Array(await file.slice(offset, offset + PIECE_BYTES).arrayBuffer());
    const sent = await call('photos.uploadChunk', { uploadId, index, data: base64(piece) });
    if (!sent.ok) {
      void call('photos.uploadCancel', { uploadId });
      return sent;
    }
    onProgress?.(Math.min(file.size, offset + PIECE_BYTES), file.size);
  }
  const finished = await call('photos.uploadFinish', { uploadId });
  if (finished.ok) rememberPhoto(finished.value);
  return finished;
}
