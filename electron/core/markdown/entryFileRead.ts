/**
 * One entry of a Mutual Markdown export (entryFile.ts writes it) read back: its front matter and
 * its four sections' blocks, the same document it was written from.
 */
import type { Root, RootContent } from 'mdast';
import { parse as parseYaml } from 'yaml';
import type { DocNode, EntryDoc, SectionKind, UnsaidState } from '../../shared/doc';
import { emptySection, sectionKinds, sectionTitles, unsaidStates } from '../../shared/doc';
import type { ReadCounts, ReadOptions } from './fromMarkdown';
import { mdastToBlocks, parseMarkdown } from './fromMarkdown';
import { LET_GO_MARKER } from './toMarkdown';

/** YAML 1.2's core schema: `time: 11:23` stays the text "11:23", `date: 2024-05-02` a string. */
export function readYaml(text: string): unknown {
  return parseYaml(text, { version: '1.2', schema: 'core', maxAliasCount: 10, uniqueKeys: false });
}

const FRONT = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits `---` front matter from the body; a file without it has `front` null. */
export function splitFrontMatter(text: string): { front: string | null; body: string; bodyLine: number } {
  const match = FRONT.exec(text);
  if (!match) return { front: null, body: text, bodyLine: 1 };
  return { front: match[1]!, body: text.slice(match[0].length), bodyLine: match[0].split('\n').length };
}

export interface MutualEntryMeta {
  id: string | null;
  date: string | null;
  writtenAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  people: { id: string | null; name: string }[];
}

const asString = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const asList = (v: unknown) => (Array.isArray(v) ? v.map(asString) : []);

/** Whether front matter is that of a Mutual export's entry file. */
export function isMutualEntryMeta(meta: Record<string, unknown>): boolean {
  return Array.isArray(meta.person_ids) && Array.isArray(meta.people) && typeof meta.id === 'string';
}

/** Whether front matter is that of a Mutual export's person file (people/NAME.md). */
export function isMutualPersonMeta(meta: Record<string, unknown>): boolean {
  return typeof meta.id === 'string' && typeof meta.name === 'string' && typeof meta.kind === 'string' && meta.date === undefined;
}

export function mutualEntryMeta(meta: Record<string, unknown>): MutualEntryMeta {
  const ids = asList(meta.person_ids);
  return {
    id: asString(meta.id),
    date: asString(meta.date),
    writtenAt: asString(meta.written),
    createdAt: asString(meta.created),
    updatedAt: asString(meta.updated),
    people: asList(meta.people).flatMap((name, i) => (name ? [{ id: ids[i] ?? null, name }] : [])),
  };
}

export interface MutualEntryRead {
  sections: Record<SectionKind, DocNode[]>;
}

/** What a mention (`@Name` or a person link) in the file becomes. */
export type PersonNode = (id: string | null, name: string) => DocNode;

function headingText(node: RootContent): string {
  return node.type === 'heading' ? node.children.map((c) => ('value' in c ? c.value : '')).join('').trim() : '';
}

/** The body of a Mutual entry file → its sections' blocks. */
export function readMutualEntryBody(body: string, meta: MutualEntryMeta, person: PersonNode, unsaidWords: unknown, counts?: ReadCounts, image?: ReadOptions['image']): MutualEntryRead {
  const tree: Root = parseMarkdown(body, { mentionNames: meta.people.map((p) => p.name), literalAutolinks: false });
  const parts: Record<SectionKind, RootContent[]> = { given: [], received: [], unsaid: [], note: [] };
  const byTitle = new Map(sectionKinds.map((k) => [sectionTitles[k], k]));
  let current: SectionKind | null = null;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 1 && current === null) continue;
    if (node.type === 'heading' && node.depth === 2 && byTitle.has(headingText(node))) {
      current = byTitle.get(headingText(node))!;
      continue;
    }
    parts[current ?? 'note'].push(node);
  }
  const states = asList(unsaidWords).map((w) => (w === 'let go' ? 'letGo' : unsaidStates.includes(w as UnsaidState) ? (w as UnsaidState) : null));
  const sections = Object.fromEntries(
    sectionKinds.map((kind) => {
      const blocks = mdastToBlocks(tree, parts[kind], { headingLevel: (depth) => Math.max(1, depth - 2), person, photo: (photoId, alt) => ({ type: 'image', attrs: { photoId, alt } }), tasks: kind === 'unsaid', counts, ...(image ? { image } : {}) });
      if (kind === 'unsaid') applyStates(blocks, states);
      return [kind, blocks];
    }),
  ) as Record<SectionKind, DocNode[]>;
  return { sections };
}

/** The front matter's states (said or let go) onto the items read, and the "(let go)" words off them. */
function applyStates(blocks: DocNode[], states: (UnsaidState | null)[]): void {
  let index = 0;
  const walk = (nodes: DocNode[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type !== 'taskItem') {
        walk(node.content);
        continue;
      }
      const checked = node.attrs?.state !== 'open';
      const listed = states[index++] ?? null;
      const first = node.content?.[0];
      const inline = first?.type === 'paragraph' ? (first.content ?? []) : [];
      const last = inline[inline.length - 1];
      const marked = last?.type === 'text' && last.text === LET_GO_MARKER && last.marks?.length === 1 && last.marks[0]!.type === 'italic';
      const letGo = checked && (listed === 'letGo' || (listed === null && marked));
      node.attrs = { ...node.attrs, state: checked ? (letGo ? 'letGo' : 'said') : 'open' };
      if (letGo && marked && first) {
        inline.pop();
        const before = inline[inline.length - 1];
        if (before?.type === 'text' && before.text?.endsWith(' ')) {
          before.text = before.text.slice(0, -1);
          if (!before.text) inline.pop();
        }
        first.content = inline;
      }
      walk(node.content);
    }
  };
  walk(blocks);
}

/** The four sections as an entry document (an empty section as the editor leaves one). */
export function docOfSections(sections: Record<SectionKind, DocNode[]>): EntryDoc {
  return { type: 'doc', content: sectionKinds.map((kind) => emptySection(kind, sections[kind])) as EntryDoc['content'] };
}
