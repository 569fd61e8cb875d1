/**
 * Mutual's Markdown export read back gives the same documents: sections, marks, lists, unsaid
 * items with their states, mentions (to the same people) and tags — over documents fast-check
 * makes, first file by file, then through a whole export folder and `import --from markdown`.
 *
 * "The same" is compared after `normalize`, which forgets only what the document does not mean
 * and Markdown cannot carry: unsaid items' ids (a new one each import), empty paragraphs, items
 * and lists (nothing to read), how text is split into nodes with the same marks, the order marks
 * are listed in, line breaks and spaces at the very start or end of a paragraph, and line breaks
 * inside a heading (a Markdown heading is one line: a run of them is written as a space).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryToMarkdownFile } from '../../../electron/core/markdown/entryFile';
import { docOfSections, mutualEntryMeta, readMutualEntryBody, readYaml, splitFrontMatter } from '../../../electron/core/markdown/entryFileRead';
import { createEntry } from '../../../electron/core/services/entries';
import { exportMarkdown } from '../../../electron/core/services/export';
import { runImport } from '../../../electron/core/services/import';
import { upsertPerson } from '../../../electron/core/services/people';
import type { DocNode, EntryDoc, SectionKind } from '../../../electron/shared/doc';
import { entryDocSchema, sectionKinds } from '../../../electron/shared/doc';
import { importRoot, stored } from './helpers';
import { entryDocArbitrary } from '../entryDocArbitrary';

const { journal, tmp } = importRoot('round-trip');

type Mark = NonNullable<DocNode['marks']>[number];
const MARK_ORDER = ['link', 'bold', 'italic', 'strike', 'code'];

const PEOPLE = [
  { id: 'p-ana', name: 'Ana Lucía' },
  { id: 'p-sam', name: 'Sam' },
  { id: 'p-sam-2', name: 'Sam' },
  { id: 'p-zoe', name: 'Zoë *star* [x]' },
  { id: 'p-li', name: '李雷' },
];
const TAGS = ['Travel', '绿岛', 'example tag', 'C++', '2024', '🌊 sea', 'a/b-c', 'x_y', 'Sam'];
const HREFS = ['https://example.org/a_b(c)', 'mailto:a@b.co', 'http://x.org/?q=1&r=*', 'mutual:entry/3f2a-9c'];
/** Pieces of text chosen to trip Markdown up. */
const UNITS = [
  'a', 'b', 'Z', ' ', '  ', '1', '*', '_', '`', '``', '[', ']', '(', ')', '#', '@', '\\', '<', '>', '&', '!', '.', '-', '+', '~', '|', ':', '/', '=',
  '绿', '岛', '🌊', 'í', '1.', '- ', '> ', '# ', '#tag', '@Sam', '@Ana Lucía', 'www.x.org', 'a@b.co', 'https://x.org', '&amp;', '&#35;', '<b>', '[[Sam]]', '***', '---', '\t',
];

const textArb = fc.string({ unit: fc.constantFrom(...UNITS), minLength: 1, maxLength: 8 });
const linkArb = fc.constantFrom(...HREFS).map((href): Mark => ({ type: 'link', attrs: { href } }));
const marksArb: fc.Arbitrary<Mark[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Mark[]>([]) },
  { weight: 1, arbitrary: fc.constant<Mark[]>([{ type: 'code' }]) },
  { weight: 3, arbitrary: fc.tuple(fc.subarray<Mark>([{ type: 'bold' }, { type: 'italic' }, { type: 'strike' }]), fc.option(linkArb)).map(([m, l]) => (l ? [...m, l] : m)) },
);
const inlineArb: fc.Arbitrary<DocNode[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ text: textArb, marks: marksArb }).map(({ text, marks }): DocNode => ({ type: 'text', text, ...(marks.length ? { marks } : {}) })) },
    { weight: 1, arbitrary: fc.constantFrom(...PEOPLE).map((p): DocNode => ({ type: 'mention', attrs: { id: p.id, label: p.name } })) },
    { weight: 1, arbitrary: fc.constantFrom(...TAGS).map((label): DocNode => ({ type: 'tag', attrs: { label } })) },
    { weight: 1, arbitrary: fc.constant<DocNode>({ type: 'hardBreak' }) },
  ),
  { minLength: 1, maxLength: 6 },
);
const docArb: fc.Arbitrary<EntryDoc> = entryDocArbitrary({ inline: inlineArb });

function sortMarks(marks: Mark[] | undefined): Mark[] {
  return [...(marks ?? [])].map((m) => (m.type === 'link' ? { type: 'link', attrs: { href: m.attrs?.href } } : { type: m.type })).sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type)) as Mark[];
}

function normalizeInline(nodes: DocNode[] | undefined): DocNode[] {
  const out: DocNode[] = [];
  for (const node of nodes ?? []) {
    if (node.type === 'text') {
      if (!node.text) continue;
      const marks = sortMarks(node.marks);
      const last = out[out.length - 1];
      if (last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) last.text += node.text;
      else out.push({ type: 'text', text: node.text, ...(marks.length ? { marks } : {}) });
    } else if (node.type === 'mention') out.push({ type: 'mention', attrs: { id: node.attrs?.id } });
    else if (node.type === 'tag') out.push({ type: 'tag', attrs: { label: node.attrs?.label } });
    else out.push({ type: node.type });
  }
  while (out[0]?.type === 'hardBreak') out.shift();
  while (out[out.length - 1]?.type === 'hardBreak') out.pop();
  return out;
}

/** Without line breaks and spaces at the very start and end (what a paragraph shows the same without). */
function edgesTrimmed(nodes: DocNode[] | undefined): DocNode[] {
  const list = normalizeInline(nodes);
  const edge = (at: number, pattern: RegExp) => {
    for (let node = list.at(at); node && (node.type === 'hardBreak' || (node.type === 'text' && pattern.test(node.text!))); node = list.at(at)) {
      if (node.type === 'text' && node.text!.replace(pattern, '')) {
        node.text = node.text!.replace(pattern, '');
        break;
      }
      list.splice(at === 0 ? 0 : list.length - 1, 1);
    }
  };
  edge(0, /^[ \t]+/);
  edge(-1, /[ \t]+$/);
  return list;
}

function normalizeBlocks(nodes: DocNode[] | undefined): DocNode[] {
  const out: DocNode[] = [];
  for (const node of nodes ?? []) {
    if (node.type === 'paragraph' || node.type === 'heading') {
      // A Markdown heading is one line: a line break in one is written as a space.
      const trimmed = edgesTrimmed(node.content);
      const inline = node.type === 'heading' ? trimmed.filter((n, i) => !(n.type === 'hardBreak' && trimmed[i - 1]?.type === 'hardBreak')).map((n): DocNode => (n.type === 'hardBreak' ? { type: 'text', text: ' ' } : n)) : trimmed;
      const content = normalizeInline(inline);
      if (content.length) out.push({ type: node.type, ...(node.type === 'heading' ? { attrs: { level: node.attrs?.level } } : {}), content });
    } else if (node.type === 'horizontalRule') out.push({ type: 'horizontalRule' });
    else if (node.type === 'blockquote') {
      const content = normalizeBlocks(node.content);
      if (content.length) out.push({ type: 'blockquote', content });
    } else if (node.type === 'bulletList' || node.type === 'orderedList' || node.type === 'taskList') {
      const items = (node.content ?? []).flatMap((item) => {
        const content = normalizeBlocks(item.content);
        if (!content.length) return [];
        return [{ type: item.type, ...(item.type === 'taskItem' ? { attrs: { state: item.attrs?.state ?? 'open' } } : {}), content }];
      });
      if (items.length) out.push({ type: node.type, ...(node.type === 'orderedList' ? { attrs: { start: Number(node.attrs?.start ?? 1) } } : {}), content: items });
    } else out.push(...normalizeBlocks(node.content));
  }
  return out;
}

function normalize(doc: EntryDoc): Record<SectionKind, DocNode[]> {
  return Object.fromEntries(sectionKinds.map((k, i) => [k, normalizeBlocks(doc.content[i]!.content)])) as Record<SectionKind, DocNode[]>;
}

function mentionedPeople(doc: EntryDoc): { id: string; name: string }[] {
  const ids = new Set(JSON.stringify(doc).match(/"id":"p-[a-z0-9-]+"/g)?.map((m) => m.slice(6, -1)) ?? []);
  return PEOPLE.filter((p) => ids.has(p.id));
}

/** One entry written as its Markdown file and read back, without a journal. */
function throughFile(doc: EntryDoc): EntryDoc {
  const people = mentionedPeople(doc);
  const file = entryToMarkdownFile({ id: 'e1', date: '2024-05-02', writtenAt: '2024-05-02T21:38:00-06:00', createdAt: 'c', updatedAt: 'u', doc }, people);
  const { front, body } = splitFrontMatter(file);
  const meta = readYaml(front!) as Record<string, unknown>;
  const m = mutualEntryMeta(meta);
  const person = (id: string | null, name: string): DocNode => ({ type: 'mention', attrs: { id: id ?? m.people.find((p) => p.name === name)?.id, label: name } });
  return docOfSections(readMutualEntryBody(body, m, person, meta.unsaid).sections);
}

describe('the Markdown export read back', () => {
  it('one entry file at a time: the same document', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        expect(entryDocSchema.safeParse(doc).success).toBe(true);
        const back = throughFile(doc);
        expect(entryDocSchema.safeParse(back).success).toBe(true);
        expect(normalize(back)).toEqual(normalize(doc));
      }),
      { numRuns: 500, seed: 20261130 },
    );
  });

  it('a whole export folder imported with --from markdown: the same documents, mentions of the same people, into the same journal and into a new one', async () => {
    const docs = fc.sample(docArb, { numRuns: 40, seed: 7 });
    const db = await journal();
    const ids = new Map<string, string>();
    for (const p of PEOPLE) ids.set(p.id, upsertPerson(db, { name: p.name }).id);
    // The generated documents name people by the test's ids; the journal gave them its own.
    const withIds = (doc: EntryDoc): EntryDoc => JSON.parse(JSON.stringify(doc).replace(/"p-[a-z0-9-]+"/g, (m) => JSON.stringify(ids.get(m.slice(1, -1)))));
    const saved = docs.map((doc, i) => createEntry(db, { date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`, doc: withIds(doc) }));
    const out = path.join(tmp.root, 'export');
    await exportMarkdown(db, out);
    expect(fs.readdirSync(path.join(out, 'entries'))).toHaveLength(docs.length);

    const fresh = await journal();
    expect(await runImport(fresh, 'markdown', out, {})).toMatchObject({ entries: docs.length, peopleCreated: PEOPLE.length });
    const byId = new Map(stored(fresh).map((e) => [e.id, e]));
    for (const entry of saved) {
      const back = byId.get(entry.id);
      expect(back, entry.id).toBeDefined();
      expect(back!.date).toBe(entry.date);
      expect(normalize(back!.doc)).toEqual(normalize(entry.doc));
    }
    const names = (fresh.prepare('SELECT id, name FROM people ORDER BY id').all() as { id: string; name: string }[]).map((p) => `${p.id} ${p.name}`);
    expect(names).toEqual([...ids.entries()].map(([testId, id]) => `${id} ${PEOPLE.find((p) => p.id === testId)!.name}`).sort());

    const before = stored(db).length;
    await runImport(db, 'markdown', out, {});
    const copies = stored(db).slice(before);
    expect(copies).toHaveLength(docs.length);
    const key = (doc: EntryDoc) => JSON.stringify(normalize(doc));
    expect(copies.map((c) => key(c.doc)).sort()).toEqual(saved.map((s) => key(s.doc)).sort());
  });
});
