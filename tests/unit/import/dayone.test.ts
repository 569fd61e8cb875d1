/**
 * Day One, faithfully: fixtures written from Day One's JSON export and rich text descriptions
 * (tests/fixtures/import/dayone-zones, dayone-android).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewImport, runImport } from '../../../electron/core/services/import';
import { listPeople } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { byText, fixtures, importRoot, nodesOf, stored } from './helpers';

const { journal } = importRoot('dayone');
const zones = path.join(fixtures, 'dayone-zones');
const android = path.join(fixtures, 'dayone-android');

describe('Day One dates and times', () => {
  it('dates each entry in its own time zone and keeps its time of writing, across midnight both ways', async () => {
    const db = await journal();
    await runImport(db, 'dayone', zones, {});
    const entries = stored(db);
    const at = (words: string) => {
      const e = byText(entries, words);
      return [e.date, e.writtenAt];
    };
    expect(at('Late walk')).toEqual(['2004-10-12', '2004-10-12T21:38:00-06:00']); // Boise, the day before in UTC terms
    expect(at('Ramen after midnight')).toEqual(['2024-03-02', '2024-03-02T01:30:00+09:00']); // Tokyo, the day after
    expect(at('Harbour day')).toEqual(['2024-03-02', '2024-03-02T00:15:00+05:30']); // Kolkata, half-hour offset
    expect(at('Fell back to the text')).toEqual(['2024-01-15', '2024-01-15T00:30:00+13:00']); // Auckland in summer time
    expect(at('Late call home')).toEqual(['2024-03-01', '2024-03-01T22:30:00-08:00']); // Los Angeles
  });

  it('falls back to UTC for a missing or unknown zone (a literal Etc\\/GMT) and counts them in the preview', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'dayone', zones);
    expect(preview.zoneFallbacks).toEqual({ count: 2, where: ['Journal.json, entry 6', 'Journal.json, entry 7'] });
    await runImport(db, 'dayone', zones, {});
    expect(byText(stored(db), 'Zone written with a backslash').writtenAt).toBe('2024-05-05T12:00:00+00:00');
    expect(byText(stored(db), 'no zone at all').writtenAt).toBe('2024-05-05T12:00:00+00:00');
  });
});

describe('Day One text', () => {
  it('undoes the Apple apps’ backslash escapes and removes zero-width spaces', async () => {
    const db = await journal();
    await runImport(db, 'dayone', zones, {});
    const walk = byText(stored(db), 'Late walk');
    expect(walk.note).toContain('Walked with @Sam by the river. It was cold! Back at 9-ish (maybe 10).');
    expect(walk.note).toContain('#notatag and 1. not a list');
    expect(nodesOf(walk.noteBlocks, 'bulletList')).toHaveLength(0);
    expect(nodesOf(walk.noteBlocks, 'orderedList')).toHaveLength(0);
    const ramen = byText(stored(db), 'Ramen');
    expect(ramen.note).toContain('Good night.');
    expect(JSON.stringify(ramen.doc)).not.toContain('\u200b');
  });

  it('reads richText when it is valid (headings, marks, nested lists, checkboxes, quotes, code, rules) and the text when it is not', async () => {
    const db = await journal();
    await runImport(db, 'dayone', zones, { Noor: 'create' });
    const harbour = byText(stored(db), 'Harbour day');
    const blocks = harbour.noteBlocks;
    expect(harbour.note).not.toContain('text version, not used');
    expect(blocks[0]).toEqual({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Harbour day' }] });
    expect(blocks[1]!.type).toBe('paragraph');
    expect(nodesOf([blocks[1]!], 'mention')).toHaveLength(1);
    expect(nodesOf([blocks[1]!], 'text').find((t) => t.text === 'old')!.marks).toEqual([{ type: 'bold' }]);
    expect(nodesOf([blocks[1]!], 'text').find((t) => t.text === 'harbour')!.marks).toEqual([{ type: 'link', attrs: { href: 'https://example.org/harbour' } }]);
    const list = blocks[2]!;
    expect(list.type).toBe('bulletList');
    expect(list.content).toHaveLength(2); // oars (with "a spare pair" inside), [x] sunscreen
    expect(nodesOf(list.content![0]!.content, 'bulletList')).toHaveLength(1);
    expect(harbour.note).toContain('[x] sunscreen');
    expect(nodesOf(blocks, 'blockquote')).toHaveLength(1);
    expect(nodesOf(blocks, 'text').find((t) => t.text === 'bowline')!.marks).toEqual([{ type: 'code' }]);
    expect(nodesOf(blocks, 'horizontalRule')).toHaveLength(1);
    expect(nodesOf(blocks, 'text').find((t) => t.text === 'sunburn')!.marks).toEqual([{ type: 'strike' }]);
    const fallback = byText(stored(db), 'Fell back to the text');
    expect(nodesOf(fallback.noteBlocks, 'text').find((t) => t.text === 'bold')!.marks).toEqual([{ type: 'bold' }]);
    const preview = await previewImport(await journal(), 'dayone', zones);
    expect(preview.findings.find((f) => f.key === 'richTextInvalid')).toMatchObject({ count: 1, where: ['Journal.json, entry 4'] });
  });

  it('raw HTML stays text and a javascript: link stays its words with its address, never a link', async () => {
    const db = await journal();
    await runImport(db, 'dayone', zones, {});
    const late = byText(stored(db), 'Late call home');
    expect(late.note).toBe('Late call home. <script>alert(1)</script> click (javascript:alert(1)) <b>not bold</b>');
    expect(JSON.stringify(late.doc)).not.toContain('"link"');
  });
});

describe('Day One photos and links', () => {
  it('marks each photo with a searchable placeholder, never the raw dayone-moment link, and counts found and missing', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'dayone', zones);
    expect(preview.photos).toEqual({ found: 2, missing: 1 });
    await runImport(db, 'dayone', zones, {});
    const all = JSON.stringify(stored(db).map((e) => e.doc));
    expect(all).not.toContain('dayone-moment');
    expect(byText(stored(db), 'Ramen').note.match(/Photo not included in the export/g)).toHaveLength(2);
    expect(search(db, { q: '"photo not included"' }).hits.length).toBeGreaterThanOrEqual(2);
  });

  it('turns dayone2://view links into links to the imported entries, forward and back; a link to an entry not exported stays text', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'dayone', zones);
    expect(preview.findings.find((f) => f.key === 'danglingEntryLinks')?.count).toBe(1);
    await runImport(db, 'dayone', zones, {});
    const entries = stored(db);
    const walk = byText(entries, 'Late walk');
    const harbour = byText(entries, 'Harbour day');
    const ramen = byText(entries, 'Ramen');
    const linkOf = (blocks: typeof walk.noteBlocks, words: string) => nodesOf(blocks, 'text').find((t) => t.text === words)?.marks?.find((m) => m.type === 'link')?.attrs?.href;
    expect(linkOf(walk.noteBlocks, 'the day after')).toBe(`mutual:entry/${harbour.id}`);
    expect(linkOf(harbour.noteBlocks, 'the day before')).toBe(`mutual:entry/${ramen.id}`);
    expect(linkOf(walk.noteBlocks, 'a lost one')).toBeUndefined();
    expect(JSON.stringify(entries.map((e) => e.doc))).not.toContain('dayone2://');
  });
});

describe('Day One tags, stars, empty entries', () => {
  it('tags (with spaces and CJK) end the Note as tags; starred becomes the tag starred; a tag mapped to a person becomes a mention', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'dayone', zones);
    expect(preview.candidates.find((c) => c.name === 'Green Island')).toMatchObject({ as: 'tag' });
    expect(preview.candidates.find((c) => c.name === '绿岛')).toMatchObject({ as: 'tag' });
    expect(preview.candidates.find((c) => c.name === 'Sam')).toMatchObject({ as: 'name' });
    expect(preview.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['Green Island', '绿岛', 'starred', 'travel plans']));
    await runImport(db, 'dayone', zones, { Sam: 'create', 'Green Island': 'ignore' });
    const walk = byText(stored(db), 'Late walk');
    const last = walk.noteBlocks[walk.noteBlocks.length - 1]!;
    expect(nodesOf([last], 'tag').map((t) => t.attrs?.label)).toEqual(['Green Island', '绿岛', 'starred']);
    expect(nodesOf([last], 'mention')).toHaveLength(1);
    expect(walk.note).toContain('#Green Island #绿岛 Sam #starred');
    expect(search(db, { q: 'tag:绿岛' }).hits).toHaveLength(1);
  });

  it('skips an empty entry (only zero-width spaces) and says so; an entry with only a tag is kept', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'dayone', zones);
    expect(preview.entries).toBe(8);
    expect(preview.findings.find((f) => f.key === 'emptySkipped')).toMatchObject({ count: 1, where: ['Journal.json, entry 8'], dropped: true });
    const summary = await runImport(db, 'dayone', zones, {});
    expect(summary).toMatchObject({ entries: 8, skipped: { empty: 1, duplicates: 0 } });
    expect(stored(db).some((e) => e.note === '#travel plans')).toBe(true);
  });

  it('two entries with the same timestamp both come in', async () => {
    const db = await journal();
    await runImport(db, 'dayone', zones, {});
    expect(stored(db).filter((e) => e.writtenAt === '2024-05-05T12:00:00+00:00')).toHaveLength(2);
  });

  it('reads an Android 2024 export: pinned is starred, unknown keys are ignored, richText-only entries', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'dayone', android);
    expect(preview.entries).toBe(2);
    await runImport(db, 'dayone', android, { Noor: 'create' });
    const entries = stored(db);
    const pinned = byText(entries, 'Pinned on Android');
    expect(pinned.note).toContain('Pinned on Android. Coffee with Noor!');
    expect(nodesOf(pinned.noteBlocks, 'tag').map((t) => t.attrs?.label)).toEqual(['café', 'starred']);
    expect(pinned.writtenAt).toBe('2024-07-01T22:15:00+01:00');
    expect(byText(entries, 'Rich only on Android').note).toBe('Rich only on Android.');
    expect(listPeople(db).map((p) => p.name)).toEqual(['Noor']);
  });

  it('says which parts are not imported (location and weather)', async () => {
    const preview = await previewImport(await journal(), 'dayone', zones);
    expect(preview.findings.find((f) => f.key === 'dayOneDetails')).toMatchObject({ dropped: true, count: 1 });
  });
});

describe('entries that look already imported', () => {
  it('are found by date and words, listed in the preview, and skipped when asked', async () => {
    const db = await journal();
    await runImport(db, 'dayone', zones, { Sam: 'create' });
    const again = await previewImport(db, 'dayone', zones);
    expect(again.duplicates.count).toBe(8);
    expect(again.duplicates.where[0]).toBe('Journal.json, entry 1');
    expect(await runImport(db, 'dayone', zones, {}, {}, { skipDuplicates: true })).toEqual({ entries: 0, peopleCreated: 0, skipped: { duplicates: 8, empty: 1 } });
    expect(stored(db)).toHaveLength(8);
    // Asked to keep them, both copies are there.
    await runImport(db, 'dayone', zones, {});
    expect(stored(db)).toHaveLength(16);
  });
});
