/**
 * The entry document: one tiptap/ProseMirror JSON document whose top level is always the four
 * sections of a guided entry, in this order. The document is the single source of truth; every
 * derived table (plain text, mentions, unsaid items, the search index) is rebuilt from it on save.
 *
 * Validation is deliberately strict about what matters for safety and derivation (node types,
 * section order, mention ids, unsaid states, link protocols) and lenient about harmless attributes
 * tiptap may add, so that an editor upgrade cannot make saving fail.
 */
import { z } from 'zod';

export const sectionKinds = ['given', 'received', 'unsaid', 'note'] as const;
export type SectionKind = (typeof sectionKinds)[number];

export const unsaidStates = ['open', 'said', 'letGo'] as const;
export type UnsaidState = (typeof unsaidStates)[number];

export const sectionTitles: Record<SectionKind, string> = {
  given: 'Given',
  received: 'Received',
  unsaid: 'Unsaid',
  note: 'Note',
};

const blockTypes = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'taskList',
  'taskItem',
  'horizontalRule',
  'image',
] as const;

/** The longest alt text of a photo (read by screen readers and found by search). */
export const MAX_ALT_LENGTH = 1_000;
/** A stored photo's id (electron/core/services/photos.ts). */
const PHOTO_ID = /^[0-9a-f-]{36}$/;
const inlineTypes = ['text', 'mention', 'tag', 'hardBreak'] as const;

/** The longest tag name: a word or a few, never a paragraph. */
export const MAX_TAG_LENGTH = 64;

/**
 * A tag's name as typed and kept (#travel, #绿岛, #example tag): trimmed, without the leading #,
 * one line, NFC. Empty when nothing usable is left.
 */
export function cleanTagName(name: string): string {
  const clean = name.normalize('NFC').trim().replace(/^#+/, '').replace(/\s+/g, ' ').trim();
  // Cut by characters, never inside one (an emoji is two UTF-16 units).
  return clean.length <= MAX_TAG_LENGTH ? clean : [...clean].slice(0, MAX_TAG_LENGTH).join('').slice(0, MAX_TAG_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
}

/** What makes two tags the same tag, however they are capitalised. */
export function tagKey(name: string): string {
  return cleanTagName(name).toLowerCase();
}
const markTypes = ['bold', 'italic', 'strike', 'code', 'link'] as const;

/** A link to another entry of the journal: `mutual:entry/` and the entry's id, nothing more. */
export const ENTRY_LINK = /^mutual:entry\/[A-Za-z0-9_-]{1,64}$/;

/**
 * Link targets a person may keep in an entry: web pages, e-mail, and other entries of the journal
 * (`mutual:entry/<id>`, which the app opens itself, never the system). Everything else
 * (javascript:, data:, file:, other mutual: addresses) is refused.
 */
export function isSafeHref(href: string): boolean {
  const trimmed = href.trim();
  if (/^mailto:/i.test(trimmed)) return /^mailto:[^\s<>"']+$/i.test(trimmed);
  if (/^mutual:/i.test(trimmed)) return ENTRY_LINK.test(trimmed);
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const markSchema = z.object({
  type: z.enum(markTypes),
  attrs: z.record(z.string(), z.unknown()).optional(),
});

export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: (typeof markTypes)[number]; attrs?: Record<string, unknown> }[];
}

const nodeSchema: z.ZodType<DocNode> = z.lazy(() =>
  z.object({
    type: z.enum([...blockTypes, ...inlineTypes, 'section'] as const),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(nodeSchema).max(20_000).optional(),
    text: z.string().max(200_000).optional(),
    marks: z.array(markSchema).max(10).optional(),
  }),
);

export interface SectionNode extends DocNode {
  type: 'section';
  attrs: { kind: SectionKind };
  content: DocNode[];
}

export interface EntryDoc {
  type: 'doc';
  content: [SectionNode, SectionNode, SectionNode, SectionNode];
}

function checkNode(node: DocNode, path: string, inSection: SectionKind, issues: string[]): void {
  if (node.type === 'section') {
    issues.push(`${path}: a section cannot sit inside another section`);
    return;
  }
  if (node.type === 'text') {
    if (typeof node.text !== 'string' || node.text.length === 0) issues.push(`${path}: a text node needs text`);
    for (const mark of node.marks ?? []) {
      if (mark.type === 'link') {
        const href = mark.attrs?.href;
        if (typeof href !== 'string' || !isSafeHref(href)) issues.push(`${path}: links may only use http, https, mailto or another entry (mutual:entry/…)`);
      }
    }
  } else if (node.text !== undefined) {
    issues.push(`${path}: only text nodes carry text`);
  }
  if (node.type === 'image') {
    const { photoId, alt } = node.attrs ?? {};
    if (typeof photoId !== 'string' || !PHOTO_ID.test(photoId)) issues.push(`${path}: a photo needs the id of a photo in the journal`);
    if (alt !== undefined && alt !== null && (typeof alt !== 'string' || alt.length > MAX_ALT_LENGTH)) issues.push(`${path}: a photo's description is text of at most ${MAX_ALT_LENGTH} characters`);
    if (node.content?.length) issues.push(`${path}: a photo holds nothing inside it`);
  }
  if (node.type === 'tag') {
    const label = node.attrs?.label;
    if (typeof label !== 'string' || cleanTagName(label) !== label || label.length === 0) issues.push(`${path}: a tag needs a name of one line, at most ${MAX_TAG_LENGTH} characters, without #`);
  }
  if (node.type === 'mention') {
    const id = node.attrs?.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) issues.push(`${path}: a mention needs a person id`);
  }
  if (node.type === 'taskItem') {
    if (inSection !== 'unsaid') issues.push(`${path}: unsaid items belong in the Unsaid section`);
    const state = node.attrs?.state;
    if (state !== undefined && !unsaidStates.includes(state as UnsaidState)) issues.push(`${path}: an unsaid item is open, said or let go`);
  }
  node.content?.forEach((child, i) => checkNode(child, `${path}.${i}`, inSection, issues));
}

/**
 * How deep nodes may nest, the document itself at 0 (a paragraph in a section is at 2). The editor
 * makes at most a few dozen levels (lists in lists); the cap keeps every recursive walk of a
 * document — zod's own included — far from the stack's limit, whatever is sent.
 */
export const MAX_DOC_DEPTH = 100;

/** Whether any node of `value` nests deeper than `limit`, measured without recursion so any input can be. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [node: unknown, depth: number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    const content = (node as { content?: unknown } | null | undefined)?.content;
    if (Array.isArray(content)) for (const child of content) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

const shallowEnough = z.custom<unknown>((value) => !nestsDeeperThan(value, MAX_DOC_DEPTH), {
  message: `the entry nests more than ${MAX_DOC_DEPTH} levels deep (lists inside lists); flatten some of it and save again`,
});

// The depth is checked first: the structural schema below recurses once per level.
export const entryDocSchema = shallowEnough
  .pipe(
    z.object({
      type: z.literal('doc'),
      content: z.array(nodeSchema).length(4),
    }),
  )
  .superRefine((doc, ctx) => {
    const issues: string[] = [];
    doc.content.forEach((section, i) => {
      const expected = sectionKinds[i]!;
      if (section.type !== 'section' || section.attrs?.kind !== expected) {
        issues.push(`section ${i + 1} must be the ${sectionTitles[expected]} section`);
        return;
      }
      section.content?.forEach((child, j) => checkNode(child, `${expected}.${j}`, expected, issues));
    });
    for (const message of issues.slice(0, 5)) ctx.addIssue({ code: 'custom', message });
  })
  .transform((doc) => doc as unknown as EntryDoc);

export function emptySection(kind: SectionKind, content: DocNode[] = []): SectionNode {
  return { type: 'section', attrs: { kind }, content: content.length ? content : [{ type: 'paragraph' }] };
}

export function emptyDoc(): EntryDoc {
  return { type: 'doc', content: [emptySection('given'), emptySection('received'), emptySection('unsaid', [emptyTaskList()]), emptySection('note')] };
}

function emptyTaskList(): DocNode {
  return { type: 'taskList', content: [{ type: 'taskItem', attrs: { id: newItemId(), state: 'open' }, content: [{ type: 'paragraph' }] }] };
}

export function newItemId(): string {
  return globalThis.crypto.randomUUID();
}

export function sectionOf(doc: EntryDoc, kind: SectionKind): SectionNode {
  return doc.content[sectionKinds.indexOf(kind)]!;
}

const blockSeparated = new Set(['paragraph', 'heading', 'listItem', 'taskItem', 'blockquote', 'horizontalRule', 'image']);

/** Plain text of a list of nodes: blocks on their own lines, mentions as the person's name. */
export function plainText(nodes: DocNode[] | undefined, nameOf: (id: string, label: string) => string = (_id, label) => label): string {
  const out: string[] = [];
  const walk = (list: DocNode[] | undefined) => {
    for (const node of list ?? []) {
      if (node.type === 'text') out.push(node.text ?? '');
      else if (node.type === 'hardBreak') out.push('\n');
      else if (node.type === 'mention') out.push(nameOf(String(node.attrs?.id ?? ''), String(node.attrs?.label ?? '')));
      else if (node.type === 'tag') out.push(`#${String(node.attrs?.label ?? '')}`);
      // A photo reads as its description: what a screen reader says is what search finds.
      else if (node.type === 'image') out.push(String(node.attrs?.alt ?? ''), '\n');
      else {
        walk(node.content);
        if (blockSeparated.has(node.type)) out.push('\n');
      }
    }
  };
  walk(nodes);
  return out.join('').replace(/\n{2,}/g, '\n').trim();
}

/** The longest title shown for an entry, in characters. */
export const TITLE_LENGTH = 80;

/**
 * What an entry is called in lists: its first line with words — usually its first heading, as an
 * imported entry starts — cut at a word near TITLE_LENGTH. A line that is only a web address is
 * passed over: a title is never a link. Empty when the entry has no words.
 */
export function titleOf(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => /[\p{L}\p{N}]/u.test(l));
  const line = lines.find((l) => !/^(https?:\/\/|mailto:)\S*$/i.test(l)) ?? '';
  if ([...line].length <= TITLE_LENGTH) return line;
  const cut = [...line].slice(0, TITLE_LENGTH).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface DocMention {
  personId: string;
  section: SectionKind;
}

/** Who a section of an entry is about: someone @mentioned in it (direct), or implied (below). */
export interface SectionPerson extends DocMention {
  direct: boolean;
}

export interface DocUnsaidItem {
  id: string;
  position: number;
  text: string;
  state: UnsaidState;
  personIds: string[];
}

/** Calls `visit` on every node of `nodes` and of everything nested in them, each before its children. */
export function walkNodes(nodes: DocNode[] | undefined, visit: (node: DocNode) => void): void {
  for (const node of nodes ?? []) {
    visit(node);
    walkNodes(node.content, visit);
  }
}

/** Points a mention of one person at another (a merge), in place; any other node is left as it is. */
export function retargetMention(node: DocNode, fromId: string, to: { id: string; name: string }): void {
  if (node.type === 'mention' && node.attrs?.id === fromId) node.attrs = { ...node.attrs, id: to.id, label: to.name };
}

function collect(nodes: DocNode[] | undefined, type: string, into: DocNode[]): DocNode[] {
  for (const node of nodes ?? []) {
    if (node.type === type) into.push(node);
    collect(node.content, type, into);
  }
  return into;
}

/** Each (person, section) pair mentioned in the document, once. */
export function mentionsOf(doc: EntryDoc): DocMention[] {
  const seen = new Set<string>();
  const out: DocMention[] = [];
  for (const section of doc.content) {
    for (const node of collect(section.content, 'mention', [])) {
      const personId = String(node.attrs?.id);
      const key = `${personId}\u0000${section.attrs.kind}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ personId, section: section.attrs.kind });
      }
    }
  }
  return out;
}

/** The unsaid items (task items) of the Unsaid section, with non-empty text only. */
export function unsaidItemsOf(doc: EntryDoc, nameOf?: (id: string, label: string) => string): DocUnsaidItem[] {
  const items = collect(sectionOf(doc, 'unsaid').content, 'taskItem', []);
  const out: DocUnsaidItem[] = [];
  items.forEach((item) => {
    const text = plainText(item.content, nameOf);
    if (!text) return;
    const state = (item.attrs?.state as UnsaidState | undefined) ?? 'open';
    const personIds = [...new Set(collect(item.content, 'mention', []).map((m) => String(m.attrs?.id)))];
    out.push({ id: String(item.attrs?.id ?? ''), position: out.length, text, state, personIds });
  });
  return out;
}

/**
 * Gives every unsaid item a stable id so it can be addressed from a person's page. Returns a copy
 * that shares the other sections with `doc` (only the Unsaid section is ever changed, and copying
 * a long entry whole took a tenth of a save).
 */
export function withItemIds(doc: EntryDoc): EntryDoc {
  const unsaidAt = sectionKinds.indexOf('unsaid');
  const copy: EntryDoc = { ...doc, content: doc.content.map((section, i) => (i === unsaidAt ? structuredClone(section) : section)) as EntryDoc['content'] };
  const seen = new Set<string>();
  for (const item of collect(sectionOf(copy, 'unsaid').content, 'taskItem', [])) {
    let id = item.attrs?.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 64 || seen.has(id)) id = newItemId();
    seen.add(id as string);
    item.attrs = { ...item.attrs, id, state: item.attrs?.state ?? 'open' };
  }
  return copy;
}

/** The photos the document shows, each once, in document order. */
export function photoIdsOf(doc: EntryDoc): string[] {
  const ids = new Set<string>();
  for (const section of doc.content) for (const node of collect(section.content, 'image', [])) if (typeof node.attrs?.photoId === 'string') ids.add(node.attrs.photoId);
  return [...ids];
}

/** Each tag in the document once (the first spelling of it wins), in document order. */
export function tagsOf(doc: EntryDoc): string[] {
  const seen = new Map<string, string>();
  for (const section of doc.content) {
    for (const node of collect(section.content, 'tag', [])) {
      const name = cleanTagName(String(node.attrs?.label ?? ''));
      if (name && !seen.has(tagKey(name))) seen.set(tagKey(name), name);
    }
  }
  return [...seen.values()];
}

/**
 * Who each part of an entry is about — what a person's rhythm, timeline and open unsaid items count.
 * A section that @mentions someone is about them. A section with words that mentions no one is about
 * every person the entry mentions elsewhere: "She brought me coffee" under Received, in an entry
 * about Maya, is something Maya gave. A section with no words is about no one.
 */
export function sectionPeopleOf(doc: EntryDoc, texts: Record<SectionKind, string>): SectionPerson[] {
  const direct = mentionsOf(doc);
  const everyone = [...new Set(direct.map((m) => m.personId))];
  const out: SectionPerson[] = direct.map((m) => ({ ...m, direct: true }));
  for (const kind of sectionKinds) {
    if (!texts[kind].trim() || direct.some((m) => m.section === kind)) continue;
    for (const personId of everyone) out.push({ personId, section: kind, direct: false });
  }
  return out;
}

/** Every person id mentioned anywhere in the document. */
export function personIdsOf(doc: EntryDoc): string[] {
  return [...new Set(mentionsOf(doc).map((m) => m.personId))];
}

export interface PlainSections {
  given?: string;
  received?: string;
  unsaid?: string;
  note?: string;
}

function paragraphsOf(text: string, mention?: (line: string) => DocNode[]): DocNode[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ type: 'paragraph', content: mention ? mention(line) : [{ type: 'text', text: line }] }));
}

/**
 * Builds a document from plain text per section (the `mutual add` command, imports). Each line is
 * a paragraph; each line of Unsaid is an open unsaid item. The first time a known person's name
 * appears in a section it becomes a mention of them; a person named nowhere in the text is
 * mentioned at the start of the Note so the entry is still about them.
 */
export function docFromPlainText(sections: PlainSections, people: { id: string; name: string }[] = []): EntryDoc {
  const doc = emptyDoc();
  const unplaced = new Set(people.map((p) => p.id));
  for (const kind of sectionKinds) {
    const text = sections[kind]?.trim();
    if (!text) continue;
    const mentioned = new Set<string>();
    const linkify = (line: string): DocNode[] => {
      let nodes: DocNode[] = [{ type: 'text', text: line }];
      for (const person of people) {
        if (mentioned.has(person.id)) continue;
        const next: DocNode[] = [];
        for (const node of nodes) {
          if (mentioned.has(person.id) || node.type !== 'text') {
            next.push(node);
            continue;
          }
          const at = findName(node.text ?? '', person.name);
          if (at < 0) {
            next.push(node);
            continue;
          }
          const value = node.text ?? '';
          const before = value.slice(0, at).replace(/@$/, '');
          const after = value.slice(at + person.name.length);
          if (before) next.push({ type: 'text', text: before });
          next.push({ type: 'mention', attrs: { id: person.id, label: person.name } });
          if (after) next.push({ type: 'text', text: after });
          mentioned.add(person.id);
          unplaced.delete(person.id);
        }
        nodes = next;
      }
      return nodes;
    };
    const blocks = paragraphsOf(text, linkify);
    const index = sectionKinds.indexOf(kind);
    doc.content[index] =
      kind === 'unsaid'
        ? emptySection(kind, [{ type: 'taskList', content: blocks.map((p) => ({ type: 'taskItem', attrs: { id: newItemId(), state: 'open' }, content: [p] })) }])
        : emptySection(kind, blocks);
  }
  if (unplaced.size > 0) {
    const note = sectionOf(doc, 'note');
    const names: DocNode[] = [];
    for (const person of people.filter((p) => unplaced.has(p.id))) {
      if (names.length) names.push({ type: 'text', text: ' ' });
      names.push({ type: 'mention', attrs: { id: person.id, label: person.name } });
    }
    const first = note.content[0];
    const isEmpty = note.content.length === 1 && first?.type === 'paragraph' && !first.content?.length;
    note.content = [{ type: 'paragraph', content: names }, ...(isEmpty ? [] : note.content)];
  }
  return doc;
}

function findName(text: string, name: string): number {
  if (!name) return -1;
  const lower = text.toLocaleLowerCase();
  const target = name.toLocaleLowerCase();
  let from = 0;
  while (from <= lower.length) {
    const at = lower.indexOf(target, from);
    if (at < 0) return -1;
    const before = at === 0 ? '' : lower[at - 1]!;
    const after = lower[at + target.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return at;
    from = at + 1;
  }
  return -1;
}
