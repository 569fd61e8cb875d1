/**
 * Exports carry the journal's photos as files beside them, written as they were kept: the JSON
 * export in a `<name>-photos/` folder it lists, the Markdown export in its `photos/` folder with
 * relative links from the entries and people, a person's page in a folder beside it. Nothing is
 * replaced: a photos folder already there stops the export before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { variantPieces } from '../../../electron/core/db/repos/photos';
import { createEntry } from '../../../electron/core/services/entries';
import { exportJson, exportMarkdown } from '../../../electron/core/services/export';
import { setPersonPhoto, upsertPerson } from '../../../electron/core/services/people';
import { exportPersonMarkdown } from '../../../electron/core/services/personPage';
import { storePhoto } from '../../../electron/core/services/photos';
import type { Vault } from '../../../electron/core/vault/vault';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('photo-export');
let vault: Vault;
let db: Db;
let out: string;
const ids: { picnic: string; portrait: string; maya: string } = { picnic: '', portrait: '', maya: '' };

const png = (colour: string) => sharp({ create: { width: 320, height: 200, channels: 3, background: colour } }).png().toBuffer();
const stored = (id: string) => Buffer.concat([...variantPieces(db, id, 'original')]);

function withPhoto(text: string, photoId: string, alt: string, people: { id: string; name: string }[] = []): EntryDoc {
  const d = doc({ note: text }, people);
  const image: DocNode = { type: 'image', attrs: { photoId, alt } };
  d.content[3]!.content!.push(image);
  return d;
}

beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  db = vault.db;
  out = tmp.sub('out');
  fs.mkdirSync(out);
  const maya = upsertPerson(db, { name: 'Maya [M]' });
  ids.maya = maya.id;
  const picnic = await storePhoto(db, async function* () {
    yield await png('#3366cc');
  });
  const portrait = await storePhoto(db, async function* () {
    yield await png('#cc6633');
  });
  ids.picnic = picnic.id;
  ids.portrait = portrait.id;
  setPersonPhoto(db, maya.id, portrait.id);
  createEntry(db, { date: '2026-08-01', doc: withPhoto('Picnic with @Maya [M]', picnic.id, 'Maya under the plum tree', [{ id: maya.id, name: 'Maya [M]' }]) });
  createEntry(db, { date: '2026-08-02', doc: withPhoto('The same afternoon, again', picnic.id, 'the plum tree') });
  createEntry(db, { date: '2026-08-03', doc: doc({ note: 'No photo today' }) });
});
afterAll(() => vault.lock());

describe('exports with photos', () => {
  it('JSON: a <name>-photos folder beside the file, each photo once, listed and referred to by id', async () => {
    const file = path.join(out, 'journal.json');
    expect(await exportJson(db, file, {})).toMatchObject({ entries: 3, photos: 2 });
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { photos: { id: string; file: string; type: string; width: number }[]; people: { id: string; photoId: string | null }[]; entries: { doc: EntryDoc }[] };
    expect(json.photos.map((p) => p.id).sort()).toEqual([ids.picnic, ids.portrait].sort());
    for (const p of json.photos) {
      expect(p.file).toBe(`journal-photos/${p.id}.png`);
      expect(p).toMatchObject({ type: 'image/png', width: 320 });
      expect(fs.readFileSync(path.join(out, p.file)).equals(stored(p.id))).toBe(true);
    }
    expect(fs.readdirSync(path.join(out, 'journal-photos')).sort()).toEqual([`${ids.picnic}.png`, `${ids.portrait}.png`].sort());
    expect((fs.statSync(path.join(out, 'journal-photos')).mode & 0o777).toString(8)).toBe('700');
    expect(json.people.find((p) => p.id === ids.maya)?.photoId).toBe(ids.portrait);
    expect(JSON.stringify(json.entries[0]!.doc)).toContain(ids.picnic);
  });

  it("JSON: an export of dates whose entries show no photo still brings the people's photos", async () => {
    const file = path.join(out, 'quiet.json');
    await exportJson(db, file, { from: '2026-08-03', to: '2026-08-03' });
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { photos?: unknown; people: { id: string }[] };
    // Maya's own photo still comes along with her.
    expect(json.people.some((p) => p.id === ids.maya)).toBe(true);
    expect(fs.existsSync(path.join(out, 'quiet-photos'))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'quiet-photos'))).toEqual([`${ids.portrait}.png`]);
  });

  it('JSON: a photos folder already there stops the export before anything is written', async () => {
    const file = path.join(out, 'taken.json');
    fs.mkdirSync(path.join(out, 'taken-photos'));
    fs.writeFileSync(path.join(out, 'taken-photos', 'mine.txt'), 'keep me');
    await expect(exportJson(db, file, {})).rejects.toThrow(/already/i);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(path.join(out, 'taken-photos'))).toEqual(['mine.txt']);
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('Markdown: photos/ in the folder, linked relatively from entries and people', async () => {
    const dir = path.join(out, 'markdown');
    expect(await exportMarkdown(db, dir, {})).toMatchObject({ entries: 3, photos: 2 });
    expect(fs.readdirSync(path.join(dir, 'photos')).sort()).toEqual([`${ids.picnic}.png`, `${ids.portrait}.png`].sort());
    expect(fs.readFileSync(path.join(dir, 'photos', `${ids.picnic}.png`)).equals(stored(ids.picnic))).toBe(true);
    const entryFile = fs.readdirSync(path.join(dir, 'entries')).find((n) => n.startsWith('2026-08-01'))!;
    const text = fs.readFileSync(path.join(dir, 'entries', entryFile), 'utf8');
    expect(text).toContain(`![Maya under the plum tree](../photos/${ids.picnic}.png)`);
    expect(text).not.toContain('mutual:photo');
    const person = fs.readFileSync(path.join(dir, 'people', 'Maya [M].md'), 'utf8');
    expect(person).toContain(`photo: "../photos/${ids.portrait}.png"`);
    expect(person).toContain(`![Maya \\[M\\]](../photos/${ids.portrait}.png)`);
    expect(fs.readFileSync(path.join(dir, 'NOT ENCRYPTED - README.txt'), 'utf8')).toContain('photos/');
  });

  it("a person's page: their photo and their entries' photos in a folder beside it", () => {
    const file = path.join(out, 'Maya.md');
    exportPersonMarkdown(db, ids.maya, file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(`](Maya-photos/${ids.portrait}.png)`);
    expect(text).toContain(`![Maya under the plum tree](Maya-photos/${ids.picnic}.png)`);
    expect(fs.readdirSync(path.join(out, 'Maya-photos')).sort()).toEqual([`${ids.picnic}.png`, `${ids.portrait}.png`].sort());
  });
});
