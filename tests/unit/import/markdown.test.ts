/**
 * Markdown and Obsidian: front matter oddities (YAML 1.2 core, tags as a list or a comma string
 * with emoji, a date that disagrees with the file name, a time with an offset), inline #tags,
 * [[wiki links]] and @names, and what Markdown has that an entry has not (code blocks, tables,
 * footnotes, raw HTML, images, unsafe links). Fixture: tests/fixtures/import/obsidian.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../../electron/core/markdown/entryFileRead';
import { previewImport, runImport } from '../../../electron/core/services/import';
import { byText, fixtures, importRoot, nodesOf, stored } from './helpers';

const { journal } = importRoot('markdown');
const vault = path.join(fixtures, 'obsidian');

describe('Obsidian front matter', () => {
  it('is read as YAML 1.2 core: a time stays text, a date stays the day written', () => {
    expect(readYaml('time: 11:23\ndate: 2024-06-02\nyes: yes\nn: 012')).toEqual({ time: '11:23', date: '2024-06-02', yes: 'yes', n: 12 });
  });

  it('the front matter date wins over the file name, and the preview says they disagree', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'markdown', vault);
    expect(preview.findings.find((f) => f.key === 'frontMatterDateDisagrees')).toMatchObject({ count: 1, where: ['2024-06-01 Lake.md'], detail: ['2024-06-02 / 2024-06-01'] });
    expect(preview.findings.find((f) => f.key === 'frontMatterFields')).toMatchObject({ count: 1, detail: ['time, mood'] });
    await runImport(db, 'markdown', vault, {});
    expect(byText(stored(db), 'Lake day').date).toBe('2024-06-02');
  });

  it('a created time with an offset is the time of writing, on the day written there', async () => {
    const db = await journal();
    await runImport(db, 'markdown', vault, {});
    const travel = byText(stored(db), 'Packed for the island');
    expect(travel.date).toBe('2024-06-04');
    expect(travel.writtenAt).toBe('2024-06-04T21:38:00-06:00');
  });

  it('tags from a list (with # and spaces) or a comma string (with emoji) and #inline tags become tags; people and [[links]] are offered as people', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'markdown', vault);
    const asName = preview.candidates.filter((c) => c.as === 'name').map((c) => c.name);
    expect(asName).toEqual(expect.arrayContaining(['Ana Lucía', 'Sam', 'Noor']));
    const asTag = preview.candidates.filter((c) => c.as === 'tag').map((c) => c.name);
    expect(asTag).toEqual(expect.arrayContaining(['Travel', '绿岛', '🌊 sea', '🌊', 'summer', 'gratitude']));
    expect(asTag).not.toContain('1');
    await runImport(db, 'markdown', vault, { 'Ana Lucía': 'create', Sam: 'create' });
    const lake = byText(stored(db), 'Lake day');
    expect(nodesOf(lake.noteBlocks, 'tag').map((t) => t.attrs?.label)).toEqual(['summer', 'Travel', '绿岛', '🌊 sea']);
    expect(nodesOf(lake.noteBlocks, 'mention').map((m) => m.attrs?.label)).toEqual(['Ana Lucía', 'Sam', 'Ana Lucía', 'Sam']);
    expect(lake.note).toContain('#1 not a tag');
    const travel = byText(stored(db), 'Packed for the island');
    expect(nodesOf(travel.noteBlocks, 'tag').map((t) => t.attrs?.label)).toEqual(['Travel', '绿岛', '🌊']);
  });

  it('a file without front matter is dated by its name; a byte-order mark and CRLF line ends are no trouble; an empty file is skipped and said', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'markdown', vault);
    expect(preview.entries).toBe(3);
    expect(preview.findings.find((f) => f.key === 'emptySkipped')).toMatchObject({ count: 1, where: [path.join('notes', 'empty.md')] });
    await runImport(db, 'markdown', vault, { Noor: 'create' });
    const day = byText(stored(db), 'A day with');
    expect(day.date).toBe('2024-06-03');
    expect(day.note).toBe('A day with Noor.\nSecond line, same paragraph.\n#gratitude');
  });
});

describe('Markdown an entry has no node for', () => {
  it('code blocks become lines of code, task lists in a Note stay list items marked [ ] / [x], tables rows, footnotes text, raw HTML text, images a placeholder, unsafe links text', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'markdown', vault);
    const keys = Object.fromEntries(preview.findings.map((f) => [f.key, f.count]));
    expect(keys).toMatchObject({ codeBlocks: 1, tables: 1, footnotes: 2, images: 1, unsafeLinks: 1 });
    await runImport(db, 'markdown', vault, {});
    const lake = byText(stored(db), 'Lake day');
    const code = nodesOf(lake.noteBlocks, 'text').filter((t) => t.marks?.some((m) => m.type === 'code')).map((t) => t.text);
    expect(code).toEqual(['const x = 1;', 'console.log(x);']);
    expect(lake.note).toContain('[ ] pack towels');
    expect(lake.note).toContain('[x] buy sunscreen');
    expect(nodesOf(lake.noteBlocks, 'taskList')).toHaveLength(0);
    expect(lake.note).toContain('who | what');
    expect(lake.note).toContain('Ana | swam');
    expect(lake.note).toContain('Footnote here[^1].');
    expect(lake.note).toContain('[^1]: The water was cold.');
    expect(lake.note).toContain('<div>raw html</div>');
    expect(lake.note).toContain('<em>inline</em>');
    expect(nodesOf(lake.noteBlocks, 'text').find((t) => t.text === 'inline')).toBeUndefined();
    expect(lake.note).toContain('Image not included: a photo');
    expect(lake.note).toContain('a bad link (file:///etc/passwd)');
    const links = nodesOf(lake.noteBlocks, 'text').flatMap((t) => t.marks?.filter((m) => m.type === 'link').map((m) => m.attrs?.href) ?? []);
    expect(links).toEqual(['https://example.org']);
  });
});
