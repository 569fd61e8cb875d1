/**
 * The photos of `npm run bench:ui`'s 10,000-entry journal (issue 9's figure, journal_photos_render_ms):
 * PHOTOS distinct small JPEGs generated with sharp and stored as the page's uploads are
 * (storePhoto: the photo and its 1280 and 320 px WebP thumbnails), shown by every third of the
 * newest NEWEST entries and by one entry in SPREAD of the rest, as an image block at the end of the
 * entry's Note. The journal list shows an entry's first photo as a 64 px thumbnail of the 320 px
 * variant, served by the web host at /photos/<id>/small.
 */
import sharp from 'sharp';
import { storePhoto } from '../../electron/core/services/photos';
import type { Db } from '../../electron/core/db/connection';
import { sectionOf, type EntryDoc } from '../../electron/shared/doc';

/** Distinct photos; entries share them (a photo shown by several entries is still one photo). */
export const PHOTOS = 36;
/** The newest entries, of which every third shows a photo. */
const NEWEST = 300;
/** One in SPREAD of the older entries shows a photo. */
const SPREAD = 40;

/** A 1200 × 900 JPEG (a few hundred KB): a coloured, softened noise texture, different for each i. */
async function benchPhoto(i: number): Promise<Buffer> {
  const width = 1200;
  const height = 900;
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 100 + ((i * 7) % 60), sigma: 40 } } })
    .raw()
    .toBuffer();
  const hue = (i * 47) % 256;
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .blur(1.2)
    .tint({ r: hue, g: 255 - hue, b: (hue * 3) % 256 })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Generates and stores the photos; answers their ids and sizes (for the log). */
export async function storeBenchPhotos(db: Db): Promise<{ ids: string[]; jpegKb: number }> {
  const ids: string[] = [];
  let bytes = 0;
  for (let i = 0; i < PHOTOS; i += 1) {
    const jpeg = await benchPhoto(i);
    bytes += jpeg.length;
    ids.push((await storePhoto(db, () => [jpeg])).id);
  }
  return { ids, jpegKb: Math.round(bytes / PHOTOS / 1024) };
}

/** The photo corpus entry `index` (of `total`, oldest first) shows, or null. */
export function photoOf(index: number, total: number, ids: readonly string[]): string | null {
  const fromNewest = total - 1 - index;
  const shows = fromNewest < NEWEST ? fromNewest % 3 === 0 : index % SPREAD === 7;
  return shows ? ids[index % ids.length]! : null;
}

/** The document with the photo as an image block at the end of its Note. */
export function withPhoto(doc: EntryDoc, photoId: string, alt: string): EntryDoc {
  sectionOf(doc, 'note').content.push({ type: 'image', attrs: { photoId, alt } });
  return doc;
}
