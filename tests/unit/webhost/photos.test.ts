/**
 * The web host serves a journal's photos to its own page only: the request needs this run's token
 * (in the address, as an image cannot send a header), the bytes come from the journal worker piece
 * by piece, and nothing is cached.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalClient } from '../../../electron/core/worker/client';
import { PHOTOS_PATH, PHOTOS_TOKEN_PARAM } from '../../../electron/shared/transport';
import { startWebServer, type WebServer } from '../../../electron/webhost/server';
import { repoRoot, tempRoot } from '../vault/helpers';

const tmp = tempRoot('webhost-photos');
let journal: JournalClient;
let server: WebServer;
let photoId = '';
let bytes: Buffer;

beforeAll(async () => {
  journal = await JournalClient.start({ vaultDir: tmp.sub(), workerFile: path.join(repoRoot, 'out/node/journalWorker.js') });
  await journal.handlers['vault.create']({ passphrase: 'photos over loopback 42' });
  await journal.handlers['settings.set']({ keepPhotoDetails: true });
  bytes = await sharp({ create: { width: 900, height: 700, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 50 } } }).jpeg({ quality: 95 }).toBuffer();
  const begun = await journal.handlers['photos.uploadBegin']({ size: bytes.length });
  if (!begun.ok) throw new Error(begun.error.message);
  for (let i = 0, n = 0; i < bytes.length; i += 1024 * 1024, n++) {
    await journal.handlers['photos.uploadChunk']({ uploadId: begun.value.uploadId, index: n, data: bytes.subarray(i, i + 1024 * 1024).toString('base64') });
  }
  const photo = await journal.handlers['photos.uploadFinish']({ uploadId: begun.value.uploadId });
  if (!photo.ok) throw new Error(photo.error.message);
  photoId = photo.value.id;
  const webRoot = path.join(tmp.root, 'web');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Mutual</title>');
  server = await startWebServer({ webRoot, handlers: journal.handlers, photos: (id, variant) => journal.openPhoto(id, variant) });
});

afterAll(async () => {
  await server?.close();
  await journal?.close();
});

const address = (id: string, variant: string, token: string | null) => `${server.origin}${PHOTOS_PATH}${id}/${variant}${token === null ? '' : `?${PHOTOS_TOKEN_PARAM}=${token}`}`;

describe('photos from the web host', () => {
  it('streams the stored bytes to a request with the token, not kept in any cache', async () => {
    const response = await fetch(address(photoId, 'original', server.token));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toBeTruthy();
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    const small = await fetch(address(photoId, 'small', server.token));
    expect(small.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await small.arrayBuffer())).metadata()).width).toBe(320);
  });

  it('refuses a request without the right token, and answers 404 for what is not there', async () => {
    expect((await fetch(address(photoId, 'small', null))).status).toBe(401);
    expect((await fetch(address(photoId, 'small', 'f'.repeat(64)))).status).toBe(401);
    expect((await fetch(address('00000000-0000-0000-0000-000000000000', 'small', server.token))).status).toBe(404);
    expect((await fetch(address(photoId, 'huge', server.token))).status).toBe(404);
    expect((await fetch(`${server.origin}${PHOTOS_PATH}../journal.db?${PHOTOS_TOKEN_PARAM}=${server.token}`)).status).toBe(404);
  });

  it('serves nothing once the journal is locked', async () => {
    await journal.lock('request');
    expect((await fetch(address(photoId, 'small', server.token))).status).toBe(404);
  });
});
