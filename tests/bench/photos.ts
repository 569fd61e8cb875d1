/**
 * The photos benchmark: `npm run bench -- --entries 1000 --photos 1000` (or this file alone:
 * `npx tsx tests/bench/photos.ts --photos N [--json FILE]`).
 *
 * First generates BASE_PHOTOS JPEG photos of about 3 MB each (noise, so they do not compress away)
 * into a temporary folder. Then, in a fresh process that samples its RSS every 100 ms: creates a
 * journal and adds N photos as the page does — in 1 MiB pieces, then stored with its thumbnails
 * (electron/core/services/photos.ts) — each shown by an entry of its own; photo i is base photo
 * i mod BASE_PHOTOS with a JPEG comment of its own, so every photo is a different file (none is
 * kept once as a repeat) while generating them costs nothing measured. Figures: photos_s (wall seconds to add them all),
 * photos_mb_in (bytes added), photos_db_mb (the journal's size after), photos_rss_mb (peak; goal
 * ≤ 500) and photos_unlock_ms (unlocking the journal afterwards, median of 3; goal ≤ 600).
 * Generating the photos is not counted. Everything lives in a temporary folder removed at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createEntry } from '../../electron/core/services/entries';
import { storePhoto, UPLOAD_CHUNK_BYTES } from '../../electron/core/services/photos';
import { Vault } from '../../electron/core/vault/vault';
import { DB_FILE } from '../../electron/core/paths';
import { docFromPlainText, type EntryDoc } from '../../electron/shared/doc';

export const PHOTO_GOALS = { rssMb: 500, unlockMs: 600 } as const;
const PASSPHRASE = 'bench: a long enough passphrase for the photos benchmark';

export interface PhotoBenchResult {
  photos: number;
  photos_s: number;
  photos_mb_in: number;
  photos_db_mb: number;
  photos_rss_mb: number;
  photos_unlock_ms: number;
}

const BASE_PHOTOS = 20;

/** A photo: noise, about 3 MB as JPEG. */
async function photo(i: number): Promise<Buffer> {
  const width = 2200;
  const height = 1650;
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 110 + (i % 40), sigma: 55 } } }).raw().toBuffer();
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .withExif({ IFD0: { Make: 'Bench', Copyright: `photo ${i}` } })
    .toBuffer();
}

function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += UPLOAD_CHUNK_BYTES) yield bytes.subarray(i, i + UPLOAD_CHUNK_BYTES);
}

/** Base photo `i % BASE_PHOTOS` made a file of its own: a JPEG comment (COM segment) right after SOI. */
function distinct(base: Buffer, i: number): Buffer {
  const text = Buffer.from(`mutual bench photo ${i}`);
  const marker = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
  return Buffer.concat([base.subarray(0, 2), marker, text, base.subarray(2)]);
}

/** Runs in the child: everything measured from its own process. */
async function child(count: number, bases: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-photos-bench-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const dir = path.join(tmp, 'journal');
    const { vault } = await Vault.create(dir, PASSPHRASE);
    const db = vault.db;
    let addMs = 0;
    let bytesIn = 0;
    for (let i = 0; i < count; i++) {
      const bytes = distinct(fs.readFileSync(path.join(bases, `${i % BASE_PHOTOS}.jpg`)), i);
      bytesIn += bytes.length;
      const t0 = performance.now();
      const stored = await storePhoto(db, () => pieces(bytes));
      const d = docFromPlainText({ note: `Photo ${i}` }) as EntryDoc;
      d.content[3].content.push({ type: 'image', attrs: { photoId: stored.id, alt: `photo ${i}` } });
      createEntry(db, { date: '2026-06-01', doc: d });
      addMs += performance.now() - t0;
      if ((i + 1) % 100 === 0) process.stderr.write(`  photos: ${i + 1} / ${count} (${(addMs / 1000).toFixed(1)} s adding)\n`);
    }
    vault.lock();
    const file = path.join(dir, DB_FILE);
    const dbBytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    const unlocks: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const v = await Vault.unlock(dir, PASSPHRASE);
      unlocks.push(performance.now() - t0);
      v.lock();
    }
    unlocks.sort((a, b) => a - b);
    const result: PhotoBenchResult = {
      photos: count,
      photos_s: Math.round(addMs / 10) / 100,
      photos_mb_in: Math.round((bytesIn / 1048576) * 10) / 10,
      photos_db_mb: Math.round((dbBytes / 1048576) * 10) / 10,
      photos_rss_mb: Math.round((peak / 1048576) * 10) / 10,
      photos_unlock_ms: Math.round(unlocks[1]! * 10) / 10,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the benchmark in a fresh process and answers its figures. */
export async function runPhotoBench(count: number, log: (line: string) => void): Promise<PhotoBenchResult> {
  const bases = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-photos-bench-bases-'));
  try {
    log(`  photos: generating ${Math.min(count, BASE_PHOTOS)} base photos`);
    for (let i = 0; i < Math.min(count, BASE_PHOTOS); i++) fs.writeFileSync(path.join(bases, `${i}.jpg`), await photo(i));
    return await measure(count, bases, log);
  } finally {
    fs.rmSync(bases, { recursive: true, force: true });
  }
}

function measure(count: number, bases: string, log: (line: string) => void): Promise<PhotoBenchResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', String(count), bases], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`the photos benchmark stopped (exit ${code})`));
      resolve(JSON.parse(line) as PhotoBenchResult);
    });
  });
}

export function photoBenchTable(r: PhotoBenchResult): string {
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  return [
    `photos added               ${r.photos} (${r.photos_mb_in} MB in), ${r.photos_s} s, ${(r.photos_s / r.photos * 1000).toFixed(0)} ms each`,
    `journal size after         ${r.photos_db_mb} MB`,
    `photos_rss_mb (peak)       ${r.photos_rss_mb}  ${ok(r.photos_rss_mb <= PHOTO_GOALS.rssMb)} ≤ ${PHOTO_GOALS.rssMb}`,
    `photos_unlock_ms (median)  ${r.photos_unlock_ms}  ${ok(r.photos_unlock_ms <= PHOTO_GOALS.unlockMs)} ≤ ${PHOTO_GOALS.unlockMs}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  if (args[0] === '--child') {
    await child(Number(args[1]), args[2]!);
  } else {
    const count = Number(at('--photos') ?? 100);
    const result = await runPhotoBench(count, (line) => process.stderr.write(`${line}\n`));
    console.log(photoBenchTable(result));
    const json = at('--json');
    if (json) fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  }
}
