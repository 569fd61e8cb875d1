/**
 * Photos come in with imports: Day One's (folder and zip), a Markdown folder's (relative paths,
 * URL-encoded names, Obsidian embeds; never a file outside the folder, never the web), and
 * Mutual's own exports (JSON and Markdown) back into a journal. A photo that cannot be read is a
 * placeholder and a finding, never a failed import. Fixtures are written here, with real JPEG and
 * PNG bytes made by sharp.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { getPerson } from '../../../electron/core/db/repos/people';
import { variantPieces } from '../../../electron/core/db/repos/photos';
import { createEntry } from '../../../electron/core/services/entries';
import { exportJson, exportMarkdown } from '../../../electron/core/services/export';
import { previewImport, runImport } from '../../../electron/core/services/import';
import { setPersonPhoto, upsertPerson } from '../../../electron/core/services/people';
import { liftPhotoRefs, photoRefNode } from '../../../electron/core/services/import/importPhotos';
import { storePhoto } from '../../../electron/core/services/photos';
import { updateSettings } from '../../../electron/core/services/settings';
import type { DocNode } from '../../../electron/shared/doc';
import { createVault, doc, findInFolder, tempRoot } from '../vault/helpers';
import { byText, nodesOf, stored } from './helpers';

const tmp = tempRoot('import-photos');

async function journal(keepDetails = true): Promise<{ db: Db; dir: string }> {
  const dir = tmp.sub();
  const { vault } = await createVault(dir);
  // Kept as they came, so the stored bytes can be compared with the files.
  if (keepDetails) updateSettings(vault.db, dir, { keepPhotoDetails: true });
  return { db: vault.db, dir };
}

const jpeg = (colour: string) => sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg({ quality: 80 }).toBuffer();

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const CANARY = 'CANARY-import-photo-7f3e9a';

/** A PNG with a tEXt chunk holding `text` (kept byte for byte when the photo is kept as it came). */
async function pngWithText(colour: string, text: string): Promise<Buffer> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: colour } }).png().toBuffer();
  const data = Buffer.from(`Comment\0${text}`, 'latin1');
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const afterHeader = 8 + 25; // signature, IHDR
  return Buffer.concat([png.subarray(0, afterHeader), length, type, data, crc, png.subarray(afterHeader)]);
}

/** A zip of files, stored without compression. */
function zipOf(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    locals.push(local, fileName, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

function original(db: Db, id: string): Buffer {
  return Buffer.concat([...variantPieces(db, id, 'original')]);
}

const count = (db: Db, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const images = (blocks: DocNode[]) => nodesOf(blocks, 'image');
const photoIdsOf = (blocks: DocNode[]) => images(blocks).map((n) => String(n.attrs?.photoId));

// ---------------------------------------------------------------------------------------------
// Day One

async function dayOneExport() {
  const red = await jpeg('#cc2233');
  const blue = await jpeg('#2233cc');
  const canary = await pngWithText('#22aa55', CANARY);
  const corrupt = Buffer.concat([red.subarray(0, 200), Buffer.alloc(500, 9)]);
  const md5 = { red: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', blue: 'b1b2c3d4e5f60718293a4b5c6d7e8f90', canary: 'c1b2c3d4e5f60718293a4b5c6d7e8f90', missing: 'd1b2c3d4e5f60718293a4b5c6d7e8f90', corrupt: 'e1b2c3d4e5f60718293a4b5c6d7e8f90' };
  const photo = (identifier: string, m: string, type: string) => ({ identifier, md5: m, type });
  const journalJson = {
    metadata: { version: '1.0' },
    entries: [
      {
        uuid: 'AAAA0000000000000000000000000001',
        creationDate: '2024-03-01T10:00:00Z',
        timeZone: 'Europe/Paris',
        text: 'Before the red one ![](dayone-moment://RED1) and after it.\n\n![](dayone-moment://GONE)\n\n![](dayone-moment://BROKEN)',
        photos: [photo('RED1', md5.red, 'jpeg'), photo('GONE', md5.missing, 'jpeg'), photo('BROKEN', md5.corrupt, 'jpeg'), photo('CANARY', md5.canary, 'png')],
      },
      {
        uuid: 'AAAA0000000000000000000000000002',
        creationDate: '2024-03-02T10:00:00Z',
        timeZone: 'Europe/Paris',
        text: 'The red one again',
        // The same file shown by another entry (Day One gives it another identifier).
        richText: JSON.stringify({ contents: [{ text: 'The red one again\n' }, { embeddedObjects: [{ type: 'photo', identifier: 'RED2' }] }, { embeddedObjects: [{ type: 'photo', identifier: 'BLUE' }] }, { text: 'Then blue.\n' }] }),
        photos: [photo('RED2', md5.red, 'jpeg'), photo('BLUE', md5.blue, 'JPEG')],
      },
    ],
  };
  const files: Record<string, Buffer> = {
    'Journal.json': Buffer.from(JSON.stringify(journalJson)),
    [`photos/${md5.red}.jpeg`]: red,
    // Upper case on disk: matched whatever the case.
    [`photos/${md5.blue.toUpperCase()}.JPEG`]: blue,
    [`photos/${md5.canary}.png`]: canary,
    [`photos/${md5.corrupt}.jpeg`]: corrupt,
  };
  return { files, red, blue, canary };
}

async function checkDayOne(source: string, fixture: Awaited<ReturnType<typeof dayOneExport>>) {
  const { db, dir } = await journal();
  const preview = await previewImport(db, 'dayone', source);
  expect(preview.photos).toEqual({ found: 5, missing: 1 });
  const summary = await runImport(db, 'dayone', source, {});
  expect(summary.photos).toBe(3);
  const unreadable = summary.findings?.find((f) => f.key === 'photosUnreadable');
  expect(unreadable).toMatchObject({ count: 1 });
  expect(unreadable!.where[0]).toMatch(/Journal\.json, entry 1$/);
  expect(unreadable!.detail![0]).toMatch(/\.jpeg: not a photo Mutual can read, or damaged/);
  const entries = stored(db);
  const first = byText(entries, 'Before the red one');
  // The photo is lifted out of its paragraph: the words before and after stay, in order.
  expect(first.noteBlocks.map((b) => b.type)).toEqual(['paragraph', 'image', 'paragraph', 'paragraph', 'paragraph', 'image']);
  expect(first.noteBlocks[0]!.content).toEqual([{ type: 'text', text: 'Before the red one' }]);
  expect(first.noteBlocks[2]!.content).toEqual([{ type: 'text', text: 'and after it.' }]);
  // Missing and unreadable: today's placeholder.
  expect(first.note.match(/Photo not included in the export/g)).toHaveLength(2);
  const [redId, canaryId] = photoIdsOf(first.noteBlocks) as [string, string];
  expect(original(db, redId).equals(fixture.red)).toBe(true);
  expect(original(db, canaryId).equals(fixture.canary)).toBe(true);
  expect(images(first.noteBlocks)[0]!.attrs).toEqual({ photoId: redId, alt: '' });
  const second = byText(entries, 'The red one again');
  expect(second.noteBlocks.map((b) => b.type)).toEqual(['paragraph', 'image', 'image', 'paragraph']);
  const [redAgain, blueId] = photoIdsOf(second.noteBlocks) as [string, string];
  expect(redAgain).toBe(redId);
  expect(original(db, blueId).equals(fixture.blue)).toBe(true);
  expect(count(db, 'photos')).toBe(3);
  expect(JSON.stringify(entries.map((e) => e.doc))).not.toMatch(/importRef|dayone-moment/);
  return { db, dir };
}

describe('Day One photos', () => {
  it('come in from the export folder: referenced ones where they were, unreferenced at the end, missing and unreadable ones as placeholders, each file once', async () => {
    const fixture = await dayOneExport();
    const source = tmp.sub('dayone');
    for (const [name, bytes] of Object.entries(fixture.files)) {
      fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
      fs.writeFileSync(path.join(source, name), bytes);
    }
    const { dir } = await checkDayOne(source, fixture);
    // Stored inside the encrypted journal: the PNG's text is in no file of the journal folder.
    expect(findInFolder(dir, [CANARY])).toEqual([]);
  });

  it('leave nothing behind when the import is cancelled part-way through storing them', async () => {
    const fixture = await dayOneExport();
    const source = tmp.sub('dayone-cancel');
    for (const [name, bytes] of Object.entries(fixture.files)) {
      fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
      fs.writeFileSync(path.join(source, name), bytes);
    }
    const { db } = await journal();
    await expect(runImport(db, 'dayone', source, {}, { isCancelled: () => count(db, 'photos') > 0 })).rejects.toThrow(/cancelled/);
    expect([count(db, 'photos'), count(db, 'photo_chunks'), count(db, 'entries')]).toEqual([0, 0, 0]);
  });

  it('come in streamed out of the zip', async () => {
    const fixture = await dayOneExport();
    const folder = tmp.sub('dayone-zip');
    fs.mkdirSync(folder, { recursive: true });
    const source = path.join(folder, 'export.zip');
    fs.writeFileSync(source, zipOf(fixture.files));
    const { dir } = await checkDayOne(source, fixture);
    expect(findInFolder(dir, [CANARY])).toEqual([]);
  });
});

describe('a photo is a block of its own', () => {
  it('is lifted out of its paragraph, the words around it kept in order; a list item still starts with a paragraph', () => {
    const ref = photoRefNode('md:a.png', '', 'Image not included');
    const text = (t: string): DocNode => ({ type: 'text', text: t });
    expect(liftPhotoRefs([{ type: 'paragraph', content: [text('Before '), ref, { type: 'hardBreak' }, text(' after')] }])).toEqual([
      { type: 'paragraph', content: [text('Before')] },
      ref,
      { type: 'paragraph', content: [text('after')] },
    ]);
    expect(liftPhotoRefs([{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [ref, text(' caption')] }] }] }])).toEqual([
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }, ref, { type: 'paragraph', content: [text('caption')] }] }] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Markdown

describe('Markdown folder photos', () => {
  it('come in from relative paths, URL-encoded names and Obsidian embeds; never from outside the folder or the web', async () => {
    const base = tmp.sub('markdown');
    const root = path.join(base, 'vault');
    const red = await jpeg('#dd4411');
    const green = await jpeg('#11dd44');
    const near = await jpeg('#4411dd');
    const far = await jpeg('#888888');
    const secret = await pngWithText('#000000', CANARY);
    const write = (rel: string, bytes: Buffer | string) => {
      fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      fs.writeFileSync(path.join(base, rel), bytes);
    };
    write('vault/attachments/red.jpg', red);
    write('vault/attachments/drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    write('vault/attachments/My Photo.jpg', green);
    write('vault/notes/pics/sea.jpg', near);
    write('vault/elsewhere/sea.jpg', far);
    write('x.png', secret);
    write('outside/secret.png', secret);
    fs.symlinkSync(path.join(base, 'outside', 'secret.png'), path.join(root, 'attachments', 'link.png'));
    write(
      'vault/notes/2024-06-01 Day.md',
      [
        'Before ![a red thing](../attachments/red.jpg) after.',
        '',
        '![](../attachments/My%20Photo.jpg)',
        '',
        'See ![[sea.jpg|The sea]] and ![[sea.jpg|300]].',
        '',
        '![escape](../../x.png)',
        '',
        '![linked](../attachments/link.png)',
        '',
        '![web](https://example.org/a.png)',
        '',
        '![a drawing](../attachments/drawing.svg)',
      ].join('\n'),
    );
    const { db } = await journal();
    const preview = await previewImport(db, 'markdown', root);
    expect(preview.photos).toEqual({ found: 5, missing: 3 });
    const findings = Object.fromEntries(preview.findings.map((f) => [f.key, f.count]));
    expect(findings).toMatchObject({ imagesOutside: 2, remoteImages: 1, photosUnreadable: 1 });
    // The preview tells a drawing by its first bytes; the import, which reads it, says the same.
    expect(preview.findings.find((f) => f.key === 'photosUnreadable')!.detail).toEqual(['drawing.svg: a drawing or document (SVG, PDF), which Mutual does not keep']);
    expect(preview.findings.find((f) => f.key === 'imagesOutside')!.where).toEqual([path.join('notes', '2024-06-01 Day.md')]);
    const summary = await runImport(db, 'markdown', root, {});
    expect(summary.findings?.find((f) => f.key === 'photosUnreadable')!.detail).toEqual(['drawing.svg: a drawing or document (SVG, PDF), which Mutual does not keep']);
    const day = byText(stored(db), 'Before');
    expect(day.noteBlocks.map((b) => b.type)).toEqual(['paragraph', 'image', 'paragraph', 'image', 'paragraph', 'image', 'paragraph', 'image', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
    const shown = images(day.noteBlocks);
    expect(shown.map((n) => n.attrs?.alt)).toEqual(['a red thing', '', 'The sea', '']);
    const ids = shown.map((n) => String(n.attrs?.photoId));
    expect(original(db, ids[0]!).equals(red)).toBe(true);
    expect(original(db, ids[1]!).equals(green)).toBe(true);
    // The embed found the file nearest the note, and the same file twice is one photo.
    expect(original(db, ids[2]!).equals(near)).toBe(true);
    expect(ids[3]).toBe(ids[2]);
    expect(count(db, 'photos')).toBe(3);
    expect(day.note).toContain('Image not included: escape');
    expect(day.note).toContain('Image not included: linked');
    expect(day.note).toContain('Image not included: web');
    expect(day.note).toContain('Image not included: a drawing');
    // Nothing of the file outside the folder was read.
    const all = db.prepare('SELECT data FROM photo_chunks').all() as { data: Buffer }[];
    expect(all.some((r) => r.data.includes(Buffer.from(CANARY)))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Mutual's own exports

async function journalWithPhotos() {
  const { db, dir } = await journal();
  const red = await jpeg('#aa1100');
  const blue = await jpeg('#0011aa');
  const face = await jpeg('#ffcc99');
  const one = async (bytes: Buffer) => (await storePhoto(db, () => [bytes])).id;
  const [redId, blueId, faceId] = [await one(red), await one(blue), await one(face)];
  const sam = upsertPerson(db, { name: 'Sam' });
  setPersonPhoto(db, sam.id, faceId);
  const withImages = (text: string, ...photos: [string, string][]) => {
    const d = doc({ note: text }, [sam]);
    for (const [photoId, alt] of photos) d.content[3].content.push({ type: 'image', attrs: { photoId, alt } });
    return d;
  };
  createEntry(db, { date: '2024-05-01', doc: withImages('Lake day with @Sam', [redId, 'The lake'], [blueId, 'Sky']) });
  createEntry(db, { date: '2024-05-02', doc: withImages('Lake again', [redId, 'The lake, again']) });
  return { db, dir, sam, bytes: { red, blue, face }, ids: { red: redId, blue: blueId, face: faceId } };
}

describe('Mutual exports with photos', () => {
  it('JSON: the listed photos come back (stored bytes equal), ids changed to the stored ones, the person’s photo too; a missing file is a placeholder', async () => {
    const from = await journalWithPhotos();
    const out = path.join(tmp.sub('json'), 'journal.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await exportJson(from.db, out);
    const listed = (JSON.parse(fs.readFileSync(out, 'utf8')) as { photos: { id: string; file: string }[] }).photos;
    expect(listed).toHaveLength(3);

    const { db } = await journal();
    const preview = await previewImport(db, 'json', out);
    expect(preview.photos).toEqual({ found: 3, missing: 0 });
    const summary = await runImport(db, 'json', out, {});
    expect(summary.photos).toBe(3);
    const lake = byText(stored(db), 'Lake day');
    const [redId, blueId] = photoIdsOf(lake.noteBlocks) as [string, string];
    expect(original(db, redId).equals(from.bytes.red)).toBe(true);
    expect(original(db, blueId).equals(from.bytes.blue)).toBe(true);
    expect(images(lake.noteBlocks).map((n) => n.attrs?.alt)).toEqual(['The lake', 'Sky']);
    expect(photoIdsOf(byText(stored(db), 'Lake again').noteBlocks)).toEqual([redId]);
    expect(original(db, getPerson(db, from.sam.id)!.photoId!).equals(from.bytes.face)).toBe(true);

    // The blue photo's file gone: it is a placeholder with its description in a journal without it.
    const blueFile = listed.find((p) => p.id === from.ids.blue)!.file;
    fs.rmSync(path.join(path.dirname(out), blueFile));
    const { db: other } = await journal();
    expect((await previewImport(other, 'json', out)).photos).toEqual({ found: 2, missing: 1 });
    await runImport(other, 'json', out, {});
    const lakeThere = byText(stored(other), 'Lake day');
    expect(images(lakeThere.noteBlocks)).toHaveLength(1);
    expect(lakeThere.note).toContain('Photo not included in the export: Sky');

    // A file that is not a photo: a placeholder and a finding, in the preview and the import alike.
    const redFile = listed.find((p) => p.id === from.ids.red)!.file;
    fs.writeFileSync(path.join(path.dirname(out), redFile), 'not a photo at all');
    const { db: third } = await journal();
    const said = (await previewImport(third, 'json', out)).findings.find((f) => f.key === 'photosUnreadable');
    expect(said).toMatchObject({ count: 1, detail: [`${path.basename(redFile)}: not a photo Mutual can read, or damaged`] });
    const summary3 = await runImport(third, 'json', out, {});
    expect(summary3.findings?.find((f) => f.key === 'photosUnreadable')).toMatchObject({ count: 1, where: ['journal.json'] });
    expect(byText(stored(third), 'Lake day').note).toContain('Photo not included in the export: The lake');
  });

  it('JSON: a listed file outside the export’s photos folder is not read', async () => {
    const from = await journalWithPhotos();
    const folder = tmp.sub('json-outside');
    const out = path.join(folder, 'journal.json');
    fs.mkdirSync(folder, { recursive: true });
    await exportJson(from.db, out);
    const data = JSON.parse(fs.readFileSync(out, 'utf8')) as { photos: { id: string; file: string }[] };
    fs.writeFileSync(path.join(folder, 'stray.jpg'), from.bytes.red);
    data.photos = data.photos.map((p) => (p.id === from.ids.red ? { ...p, file: 'journal-photos/../stray.jpg' } : p));
    fs.writeFileSync(out, JSON.stringify(data));
    const { db } = await journal();
    await runImport(db, 'json', out, {});
    expect(byText(stored(db), 'Lake day').note).toContain('Photo not included in the export: The lake');
  });

  it('Markdown: the export’s photos/ come back, the same photos when imported into the same journal, and people’s photos with them', async () => {
    const from = await journalWithPhotos();
    const out = tmp.sub('md-export');
    await exportMarkdown(from.db, out);
    expect(fs.readdirSync(path.join(out, 'photos'))).toHaveLength(3);

    const { db } = await journal();
    const preview = await previewImport(db, 'markdown', out);
    expect(preview.photos).toEqual({ found: 3, missing: 0 });
    await runImport(db, 'markdown', out, {});
    const lake = byText(stored(db), 'Lake day');
    const [redId, blueId] = photoIdsOf(lake.noteBlocks) as [string, string];
    expect(original(db, redId).equals(from.bytes.red)).toBe(true);
    expect(original(db, blueId).equals(from.bytes.blue)).toBe(true);
    expect(images(lake.noteBlocks).map((n) => n.attrs?.alt)).toEqual(['The lake', 'Sky']);
    expect(count(db, 'photos')).toBe(3);
    // Sam came with the entry that mentions him, and with his photo (front matter `photo:`).
    expect(original(db, getPerson(db, from.sam.id)!.photoId!).equals(from.bytes.face)).toBe(true);

    // Into the journal it came from: the same photos (the same files), no new ones.
    const before = count(from.db, 'photos');
    await runImport(from.db, 'markdown', out, {});
    expect(count(from.db, 'photos')).toBe(before);
  });
});
