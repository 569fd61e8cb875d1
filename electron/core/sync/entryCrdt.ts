/**
 * Merging one entry's document between devices without conflicts: the foundation of "sync through a
 * folder". Each entry has a Yjs state (a CRDT); every save on a device becomes a small Yjs update
 * that other devices apply in any order, so two devices that edited the same entry offline both keep
 * their words. Plain Node: no electron, no database; the sync layer stores the bytes.
 *
 * ## The shape in Yjs
 *
 * One `Y.XmlFragment` (ENTRY_FRAGMENT) holds the entry the way the ProseMirror binding
 * (@tiptap/y-tiptap, tiptap's fork of y-prosemirror) lays a document out, so a live editor bound
 * with tiptap's Collaboration extension (`field: ENTRY_FRAGMENT`) could read it: each node is a
 * `Y.XmlElement` named after its type with its non-null attributes; each run of text is a
 * `Y.XmlText` whose formatting attributes are the marks (`bold: {}`, `link: { href, … }`). One
 * addition: an inline chip (mention, tag, hard break) that carries marks keeps them in a `marks`
 * attribute, which the binding does not store.
 *
 * ## Writing a save: a minimal diff
 *
 * `updateFromSavedDoc` turns a saved document into the smallest change to the state: unchanged
 * blocks are left alone, a changed block is updated in place, and inside a paragraph only the
 * characters typed or deleted are (so a word typed into a 5,000-word entry is an update of a few
 * dozen bytes, and a word the other device typed into the same paragraph survives). It is written
 * here rather than left to the binding's `updateYFragment`, for two reasons found while testing:
 *
 * - when both devices type into the same empty paragraph, the merge holds two neighbouring
 *   `Y.XmlText`s; `updateYFragment` rewrites them into one on *every later save* by inserting the
 *   second's text into the first, and when both devices do that the text is doubled
 *   (y-prosemirror #160/#161/#271). Here neighbouring texts are one run of characters.
 * - `updateYFragment` pairs changed siblings by position; here they are paired by type and
 *   likeness of text, so deleting one paragraph and editing the next in one save deletes the right
 *   one.
 *
 * New blocks are built in the binding's layout (as its createTypeFromElementNode does; a test
 * reads states with the binding's own reader), without storing attributes whose value is
 * `undefined` (the binding stores them, and would then remove them on the next save). The
 * binding's `updateYFragment` is the fallback: every save is read back and compared with the saved
 * document, and if the diff ever failed to reproduce it, `updateYFragment` makes the state hold it
 * (`diagnostics.fallbacks` counts such falls; the tests require none).
 *
 * ## Reading: always a valid entry
 *
 * `docFromState` reads the fragment itself (the binding's reader writes to the document it reads,
 * y-prosemirror #271) and normalises what a merge or a hostile update can leave, deterministically,
 * so every device reads the same document from the same state, and keeps words whenever it can:
 *
 * - sections are grouped by their `kind`: every section of a kind contributes its blocks, in the
 *   order of the fragment, to that kind's one section (two devices that each created the state of
 *   the same entry merge into four sections, both contents kept); a block outside any section, or a
 *   section without a known kind, belongs to the section before it (Given at the start); a missing
 *   section is empty.
 * - emptied containers hold one empty paragraph (a section, a quote, a list item, an unsaid item);
 *   an emptied list is removed; a list item that lost its first paragraph gets an empty one.
 * - a task list outside Unsaid becomes a bulleted list (as the editor does); an unsaid item holds
 *   paragraphs only (other blocks are flattened into paragraphs); an unknown state reads as open.
 * - conflicting marks resolve as the editor's schema does (inline code excludes the rest); links
 *   that are not safe (isSafeHref) lose the link, keeping the words; a mention without a person id
 *   becomes the text "@Name"; an invalid tag name is cleaned or dropped; a photo without a valid id
 *   is dropped; unknown nodes give up their words to their surroundings; attributes are the
 *   schema's, with its defaults.
 *
 * Documents are compared in their **canonical form** (`canonicalEntryDoc`): the document as the
 * editor's schema holds it, every attribute present with its default (an importer's `{ href }`
 * link reads back as the editor saves it, with `target`, `rel`, `class` and `title`), attributes
 * the schema does not know dropped, neighbouring text with the same marks joined. The editor saves
 * canonical documents, so for them the round trip is the identity.
 *
 * ## What concurrent edits do
 *
 * - typing in the same paragraph, in different paragraphs or sections: all words kept; text typed
 *   at the same place is ordered the same way on every device.
 * - one device deletes a paragraph (or list, quote, item) while the other types into it: the
 *   deletion wins and the words typed into it are gone (Yjs does not move or revive content).
 * - attributes (an unsaid item's state, a mention's label, a photo's description) are last writer
 *   wins, the same winner everywhere.
 * - a chip (mention, tag, line break) inserted inside a run of text moves the rest of that run into
 *   a new run; what the other device typed into that rest meanwhile is lost.
 * - an insertion or deletion of text is placed at word edges, with the space before the word; a
 *   word typed right after a word the other device deleted together with the space after it
 *   (the first word of a paragraph) ends up glued to the next word, its letters all there.
 * - a repair made when reading (an empty paragraph in an emptied section) is saved like an edit; if
 *   both devices save it, the empty paragraph is there twice.
 *
 * ## Client ids
 *
 * Every `Y.Doc` here lives for one call. The genesis state (`entryStateFromDoc`) is written with a
 * client id derived from the canonical document (and GENESIS_FORMAT): two devices that create the
 * state of the same entry with the same words produce the same bytes, which merge into one copy
 * rather than two. Saves use a fresh random 32-bit id that the state does not know yet, unless the
 * caller passes one (`SaveOptions.clientID`). Random ids cost about 15 bytes of state per save
 * (300 one-word saves: 6.1 KB, against 1.7 KB under one id) and can only collide between two saves
 * made concurrently on different devices (about one in 4 billion per pair of such saves; a
 * collision would make those two saves diverge). A
 * stable per-device id avoids both costs but is only safe while the device's stored state never
 * goes back in time (a restored backup must choose a new id), because Yjs identifies each change by
 * (client id, counter).
 *
 * Deleted text is garbage-collected (`gc`): a state holds no words the person deleted, only their
 * length. The updates exchanged on the way still do, until the sync layer compacts them.
 */
import { createHash, randomInt } from 'node:crypto';
import { Extension, getSchema, Node as TiptapNode } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Mention } from '@tiptap/extension-mention';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { StarterKit } from '@tiptap/starter-kit';
import { updateYFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { DocNode, EntryDoc, SectionKind } from '../../shared/doc';
import { cleanTagName, entryDocSchema, isSafeHref, MAX_ALT_LENGTH, MAX_DOC_DEPTH, sectionKinds, unsaidStates } from '../../shared/doc';

/** The name of the entry's `Y.XmlFragment` in its Y.Doc (tiptap Collaboration's default field). */
export const ENTRY_FRAGMENT = 'default';

/**
 * Goes into the genesis client id. Change it if the Yjs layout of a new document ever changes (a new
 * binding version, a new attribute), so that two app versions never write different content under
 * the same Yjs ids.
 */
export const GENESIS_FORMAT = 'mutual/entry-crdt/1';

/** How many times a save fell back to the binding's updateYFragment (should stay 0; for tests and logs). */
export const diagnostics = { fallbacks: 0 };

export interface SaveOptions {
  /**
   * The Yjs client id the save's change is written under. Default: a random id the state does not
   * know. Pass a stable per-device id only if that device's state never goes back in time.
   */
  clientID?: number;
}

// ————————————————————————————————————————— the schema

/** A stored photo's id (electron/shared/doc.ts keeps its pattern private). */
const PHOTO_ID = /^[0-9a-f-]{36}$/;
const MAX_ID_LENGTH = 64;
/**
 * Blocks at this depth (the document at 0, a section's blocks at 2) become one paragraph of their
 * words, so nothing is deeper than entryDocSchema allows (text at MAX_DOC_DEPTH) and no recursion
 * here goes deeper, whatever an update holds.
 */
const FLATTEN_AT = MAX_DOC_DEPTH - 1;

let schemaCache: Schema | null = null;

/**
 * The editor's schema without the editor: the same node and mark names, content expressions,
 * attributes and defaults as src/editor/createExtensions.ts builds (tests compare them), made by
 * tiptap's getSchema from the headless parts of the same extensions — StarterKit with the same
 * options (its link mark configured as SafeLink's), TaskList/TaskItem with the unsaid item's
 * attributes, Mention with the person mention's, and the entry's own document, section, photo and
 * tag nodes.
 */
export function entrySchema(): Schema {
  if (schemaCache) return schemaCache;
  const schema = getSchema([
    TiptapNode.create({ name: 'doc', topNode: true, content: 'section{4}' }),
    TiptapNode.create({ name: 'section', content: 'block+', defining: true, isolating: true, addAttributes: () => ({ kind: { default: 'note' } }) }),
    // The prompt an entry was written with, kept per section (SectionPrompt); absent when none.
    Extension.create({ name: 'sectionPrompt', addGlobalAttributes: () => [{ types: ['section'], attributes: { prompt: { default: undefined } } }] }),
    StarterKit.configure({
      document: false,
      codeBlock: false,
      underline: false,
      trailingNode: false,
      dropcursor: false,
      heading: { levels: [3, 4] },
      link: { HTMLAttributes: { target: '_blank', rel: 'noopener noreferrer nofollow', class: null } },
    }),
    TaskItem.extend({ addAttributes: () => ({ id: { default: null }, state: { default: 'open' } }) }).configure({ nested: false }),
    TaskList,
    TiptapNode.create({ name: 'image', group: 'block', atom: true, addAttributes: () => ({ photoId: { default: null }, alt: { default: null } }) }),
    // `pending` marks a placeholder for a person still being created; saved documents never carry it.
    Mention.extend({ addAttributes: () => ({ id: { default: null }, label: { default: '' }, pending: { default: undefined } }) }),
    TiptapNode.create({ name: 'tag', group: 'inline', inline: true, atom: true, addAttributes: () => ({ label: { default: '' } }) }),
  ]);
  // The binding keys a mark that may overlap itself by a hash of its attributes; none here does.
  for (const mark of Object.values(schema.marks)) if (!mark.excludes(mark)) throw new Error(`entryCrdt: mark ${mark.name} may overlap itself`);
  schemaCache = schema;
  return schema;
}

// ————————————————————————————————————————— canonical form and repair

type Raw = Record<string, unknown>;
type MarkJson = NonNullable<DocNode['marks']>[number];

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isItemId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
const primitive = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

const markOrder = ['link', 'bold', 'code', 'italic', 'strike'] as const;

function repairMarks(value: unknown): MarkJson[] | undefined {
  const seen = new Map<string, MarkJson>();
  for (const raw of listOf(value)) {
    if (!isObject(raw) || typeof raw.type !== 'string' || seen.has(raw.type)) continue;
    const attrs = isObject(raw.attrs) ? raw.attrs : {};
    if (raw.type === 'link') {
      if (typeof attrs.href !== 'string' || !isSafeHref(attrs.href)) continue;
      const kept = Object.fromEntries(['href', 'target', 'rel', 'class', 'title'].filter((k) => k in attrs && primitive(attrs[k])).map((k) => [k, attrs[k]]));
      seen.set('link', { type: 'link', attrs: kept });
    } else if ((markOrder as readonly string[]).includes(raw.type)) {
      seen.set(raw.type, { type: raw.type as MarkJson['type'] });
    }
  }
  // Inline code excludes every other mark (the editor's schema).
  if (seen.has('code')) return [{ type: 'code' }];
  const marks = markOrder.flatMap((type) => (seen.has(type) ? [seen.get(type)!] : []));
  return marks.length ? marks : undefined;
}

const withMarks = (node: DocNode, marks: MarkJson[] | undefined): DocNode => (marks ? { ...node, marks } : node);

/** The words under a node, without recursion (for content nested too deep to keep its shape). */
function flatText(root: unknown): string {
  const words: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    } else if (isObject(node)) {
      if (typeof node.text === 'string') words.push(node.text);
      else if (node.type === 'mention' && isObject(node.attrs) && typeof node.attrs.label === 'string') words.push(`@${node.attrs.label}`);
      else if (node.type === 'tag' && isObject(node.attrs) && typeof node.attrs.label === 'string') words.push(`#${node.attrs.label}`);
      if (Array.isArray(node.content)) stack.push(node.content);
    }
  }
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

function flatParagraph(nodes: unknown): DocNode {
  const text = flatText(nodes);
  return text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' };
}

function repairInline(nodes: unknown[], depth: number, out: DocNode[] = []): DocNode[] {
  for (const raw of nodes) {
    if (!isObject(raw)) continue;
    const attrs = isObject(raw.attrs) ? raw.attrs : {};
    const marks = repairMarks(raw.marks);
    switch (raw.type) {
      case 'text':
        if (typeof raw.text === 'string' && raw.text) out.push(withMarks({ type: 'text', text: raw.text }, marks));
        break;
      case 'mention': {
        const label = typeof attrs.label === 'string' ? attrs.label : '';
        if (isItemId(attrs.id)) out.push(withMarks({ type: 'mention', attrs: { id: attrs.id, label } }, marks));
        else if (label) out.push(withMarks({ type: 'text', text: `@${label}` }, marks));
        break;
      }
      case 'tag': {
        const label = cleanTagName(typeof attrs.label === 'string' ? attrs.label : '');
        if (label) out.push(withMarks({ type: 'tag', attrs: { label } }, marks));
        break;
      }
      case 'hardBreak':
        out.push(withMarks({ type: 'hardBreak' }, marks));
        break;
      default:
        // A block or an unknown node where text belongs: its words stay, its shape does not.
        if (depth >= FLATTEN_AT) {
          const text = flatText(raw);
          if (text) out.push({ type: 'text', text });
        } else if (Array.isArray(raw.content)) {
          repairInline(raw.content, depth + 1, out);
        } else if (typeof raw.text === 'string' && raw.text) {
          out.push({ type: 'text', text: raw.text });
        }
    }
  }
  return out;
}

const textblock = (type: 'paragraph' | 'heading', attrs: Raw | undefined, content: DocNode[]): DocNode => ({ type, ...(attrs ? { attrs } : {}), ...(content.length ? { content } : {}) });
const nonEmpty = (blocks: DocNode[]): DocNode[] => (blocks.length ? blocks : [{ type: 'paragraph' }]);
const firstParagraph = (blocks: DocNode[]): DocNode[] => (blocks[0]?.type === 'paragraph' ? blocks : [{ type: 'paragraph' }, ...blocks]);
const inlineTypes = new Set(['text', 'mention', 'tag', 'hardBreak']);

/** Only paragraphs, for an unsaid item: headings become paragraphs, containers give up theirs. */
function paragraphsOnly(blocks: DocNode[]): DocNode[] {
  return blocks.flatMap((block): DocNode[] => {
    if (block.type === 'paragraph') return [block];
    if (block.type === 'heading') return [textblock('paragraph', undefined, block.content ?? [])];
    return paragraphsOnly(block.content ?? []);
  });
}

function repairItems(nodes: unknown[], kind: SectionKind, depth: number, task: boolean): DocNode[] {
  const items: DocNode[] = [];
  for (const raw of nodes) {
    if (!isObject(raw)) continue;
    const isItem = raw.type === 'listItem' || raw.type === 'taskItem';
    const blocks = isItem ? repairBlocks(listOf(raw.content), kind, depth + 1) : repairBlocks([raw], kind, depth);
    if (!isItem && !blocks.length) continue;
    if (task) {
      const attrs = isObject(raw.attrs) ? raw.attrs : {};
      const state = unsaidStates.includes(attrs.state as never) ? attrs.state : 'open';
      items.push({ type: 'taskItem', attrs: { id: isItemId(attrs.id) ? attrs.id : null, state }, content: nonEmpty(paragraphsOnly(blocks)) });
    } else {
      items.push({ type: 'listItem', content: firstParagraph(blocks) });
    }
  }
  return items;
}

/** Blocks as the schema allows them in a section of this kind (see the module comment). */
function repairBlocks(nodes: unknown[], kind: SectionKind, depth: number): DocNode[] {
  if (depth >= FLATTEN_AT) {
    const paragraph = flatParagraph(nodes);
    return paragraph.content ? [paragraph] : [];
  }
  const out: DocNode[] = [];
  let loose: unknown[] = [];
  const flush = () => {
    if (loose.length) out.push(textblock('paragraph', undefined, repairInline(loose, depth + 1)));
    loose = [];
  };
  for (const raw of nodes) {
    if (!isObject(raw)) continue;
    if (typeof raw.type === 'string' && inlineTypes.has(raw.type)) {
      loose.push(raw);
      continue;
    }
    flush();
    const attrs = isObject(raw.attrs) ? raw.attrs : {};
    const content = listOf(raw.content);
    switch (raw.type) {
      case 'paragraph':
        out.push(textblock('paragraph', undefined, repairInline(content, depth + 1)));
        break;
      case 'heading': {
        const level = Number.isInteger(attrs.level) && (attrs.level as number) >= 1 && (attrs.level as number) <= 6 ? attrs.level : 3;
        out.push(textblock('heading', { level }, repairInline(content, depth + 1)));
        break;
      }
      case 'blockquote':
        out.push({ type: 'blockquote', content: nonEmpty(repairBlocks(content, kind, depth + 1)) });
        break;
      case 'bulletList':
      case 'orderedList':
      case 'taskList': {
        const task = raw.type === 'taskList' && kind === 'unsaid';
        const items = repairItems(content, kind, depth + 1, task);
        if (!items.length) break;
        if (task) out.push({ type: 'taskList', content: items });
        else if (raw.type === 'orderedList') {
          const start = Number.isInteger(attrs.start) ? attrs.start : 1;
          const type = typeof attrs.type === 'string' ? attrs.type : null;
          out.push({ type: 'orderedList', attrs: { start, type }, content: items });
        } else out.push({ type: 'bulletList', content: items });
        break;
      }
      case 'horizontalRule':
        out.push({ type: 'horizontalRule' });
        break;
      case 'image':
        if (typeof attrs.photoId === 'string' && PHOTO_ID.test(attrs.photoId)) {
          const alt = typeof attrs.alt === 'string' ? attrs.alt.slice(0, MAX_ALT_LENGTH) : null;
          out.push({ type: 'image', attrs: { photoId: attrs.photoId, alt } });
        }
        break;
      default:
        // A stray list item, a section inside a section, an unknown node: its blocks stay.
        if (Array.isArray(raw.content)) out.push(...repairBlocks(content, kind, depth + 1));
        else if (typeof raw.text === 'string' && raw.text) out.push(textblock('paragraph', undefined, [{ type: 'text', text: raw.text }]));
    }
  }
  flush();
  return out;
}

/** Each section's blocks, and the prompt it was written with (the first one its sections carry). */
type Buckets = Record<SectionKind, { blocks: unknown[]; prompt?: string }>;

const promptOf = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
const emptyBuckets = (): Buckets => ({ given: { blocks: [] }, received: { blocks: [] }, unsaid: { blocks: [] }, note: { blocks: [] } });

/** Top-level nodes → the blocks of each section (see the module comment for the rules). */
function bucketsOfJson(top: unknown[]): Buckets {
  const buckets = emptyBuckets();
  let current: SectionKind = 'given';
  for (const raw of top) {
    if (!isObject(raw)) continue;
    if (raw.type === 'section') {
      const attrs = isObject(raw.attrs) ? raw.attrs : {};
      if (sectionKinds.includes(attrs.kind as SectionKind)) {
        current = attrs.kind as SectionKind;
        buckets[current].prompt ??= promptOf(attrs.prompt);
      }
      buckets[current].blocks.push(...listOf(raw.content));
    } else {
      buckets[current].blocks.push(raw);
    }
  }
  return buckets;
}

function pmDocOfBuckets(buckets: Buckets): PMNode {
  const content = sectionKinds.map((kind) => {
    const { blocks, prompt } = buckets[kind];
    return { type: 'section', attrs: { kind, ...(prompt ? { prompt } : {}) }, content: nonEmpty(repairBlocks(blocks, kind, 2)) };
  });
  const doc = entrySchema().nodeFromJSON({ type: 'doc', content });
  doc.check();
  return doc;
}

function pmDocOf(doc: unknown): PMNode {
  return pmDocOfBuckets(bucketsOfJson(isObject(doc) ? listOf(doc.content) : []));
}

/**
 * The document as the editor's schema holds it (see "canonical form" above): what every function
 * here returns, and what a round trip through a state gives back.
 */
export function canonicalEntryDoc(doc: EntryDoc): EntryDoc {
  return pmDocOf(doc).toJSON() as EntryDoc;
}

// ————————————————————————————————————————— reading the fragment

type YChild = Y.XmlElement | Y.XmlText | Y.XmlHook;
type YParent = Y.XmlFragment | Y.XmlElement;

/** A block of a section as the fragment holds it: the node and the Yjs parent it sits in. */
interface Slot {
  parent: YParent;
  node: YChild;
}

interface SectionSlots {
  /** The section elements that make up this section (usually one). */
  containers: Y.XmlElement[];
  /** Their blocks, and loose top-level nodes that belong here, in fragment order. */
  slots: Slot[];
  /** Every top-level node of this section (containers and loose nodes). */
  top: YChild[];
}

/** The same grouping as bucketsOfJson, over the fragment itself (the writer must agree with the reader). */
function sectionSlotsOf(fragment: Y.XmlFragment): Record<SectionKind, SectionSlots> {
  const out = Object.fromEntries(sectionKinds.map((k) => [k, { containers: [], slots: [], top: [] }])) as unknown as Record<SectionKind, SectionSlots>;
  let current: SectionKind = 'given';
  for (const node of fragment.toArray() as YChild[]) {
    if (node instanceof Y.XmlElement && node.nodeName === 'section') {
      const kind = node.getAttribute('kind');
      if (sectionKinds.includes(kind as SectionKind)) current = kind as SectionKind;
      out[current].containers.push(node);
      out[current].top.push(node);
      for (const child of node.toArray() as YChild[]) out[current].slots.push({ parent: node, node: child });
    } else {
      out[current].top.push(node);
      out[current].slots.push({ parent: fragment, node });
    }
  }
  return out;
}

/** A formatting attribute's mark name (the binding keys a mark that may overlap itself as `name--hash`). */
const markNameOf = (key: string) => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;

function marksOfYAttributes(attributes: Record<string, unknown> | undefined): MarkJson[] {
  return Object.entries(attributes ?? {})
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => ({ type: markNameOf(key) as MarkJson['type'], ...(isObject(value) && Object.keys(value).length ? { attrs: value } : {}) }));
}

function readYText(text: Y.XmlText): Raw[] {
  const out: Raw[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert === 'string' && op.insert) out.push({ type: 'text', text: op.insert, marks: marksOfYAttributes(op.attributes) });
  }
  return out;
}

function readYNode(node: YChild, depth: number): Raw[] {
  if (node instanceof Y.XmlText) return readYText(node);
  if (!(node instanceof Y.XmlElement)) return [];
  const { marks, ...attrs } = node.getAttributes() as Record<string, unknown>;
  if (depth >= FLATTEN_AT) return [{ type: 'paragraph', content: [{ type: 'text', text: flatYText(node) }] }];
  const content = (node.toArray() as YChild[]).flatMap((child) => readYNode(child, depth + 1));
  return [{ type: node.nodeName, attrs, marks, content }];
}

function flatYText(root: Y.XmlElement): string {
  const words: string[] = [];
  const stack: YChild[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node instanceof Y.XmlText) words.push(node.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join(''));
    else if (node instanceof Y.XmlElement) stack.push(...(node.toArray() as YChild[]).reverse());
  }
  return words.join(' ').replace(/\s+/g, ' ').trim();
}

function pmDocOfFragment(fragment: Y.XmlFragment): PMNode {
  const slots = sectionSlotsOf(fragment);
  const buckets = emptyBuckets();
  for (const kind of sectionKinds) {
    buckets[kind].prompt = slots[kind].containers.filter((c) => c.getAttribute('kind') === kind).map((c) => promptOf(c.getAttribute('prompt'))).find(Boolean);
    buckets[kind].blocks = slots[kind].slots.flatMap((slot) => (slot.node instanceof Y.XmlText && slot.parent === fragment ? [] : readYNode(slot.node, 2)));
  }
  return pmDocOfBuckets(buckets);
}

// ————————————————————————————————————————— writing a save

/** JSON with sorted keys: equality of attribute values whatever order their keys were written in. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A plain copy of an attribute value (ProseMirror's attribute objects have no prototype). */
const plain = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/** The Yjs attributes of a node: its non-null attributes, and for an inline chip its marks. */
function yAttrsOf(node: PMNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.attrs)) if (value !== null && value !== undefined) out[key] = plain(value);
  if (node.isInline && !node.isText && node.marks.length) out.marks = node.marks.map((m) => plain(m.toJSON()));
  return out;
}

/** The Yjs formatting attributes of a text node: its marks, as the binding stores them. */
function yFormatOf(node: PMNode): Record<string, unknown> {
  return Object.fromEntries(node.marks.map((m) => [m.type.name, plain(m.attrs)]));
}

const present = (attrs: Record<string, unknown>) => Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined));
const sameAttrs = (a: Record<string, unknown>, b: Record<string, unknown>) => stable(present(a)) === stable(present(b));

function syncAttrs(el: Y.XmlElement, wanted: Record<string, unknown>): void {
  const current = el.getAttributes() as Record<string, unknown>;
  for (const [key, value] of Object.entries(wanted)) if (stable(current[key]) !== stable(value)) el.setAttribute(key, value as never);
  for (const key of Object.keys(current)) if (!(key in wanted)) el.removeAttribute(key);
}

/** Inline content as runs of text with their formatting and chips, neighbouring runs joined. */
function inlineSignature(parts: { text?: string; format?: Record<string, unknown>; chip?: string }[]): string {
  const out: string[] = [];
  let run = '';
  let runFormat = '';
  for (const part of parts) {
    if (part.text !== undefined) {
      const format = stable(present(part.format ?? {}));
      if (run && format !== runFormat) {
        out.push(`${runFormat}${JSON.stringify(run)}`);
        run = '';
      }
      runFormat = format;
      run += part.text;
    } else {
      if (run) out.push(`${runFormat}${JSON.stringify(run)}`);
      run = '';
      out.push(`@${part.chip}`);
    }
  }
  if (run) out.push(`${runFormat}${JSON.stringify(run)}`);
  return out.join('|');
}

function yInlineSignature(el: Y.XmlElement): string {
  const parts: { text?: string; format?: Record<string, unknown>; chip?: string }[] = [];
  for (const child of el.toArray() as YChild[]) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        parts.push(typeof op.insert === 'string' ? { text: op.insert, format: op.attributes ?? {} } : { chip: '\u0000embed' });
      }
    } else if (child instanceof Y.XmlElement) {
      parts.push({ chip: `${child.nodeName}${stable(present(child.getAttributes() as Record<string, unknown>))}${child.length}` });
    } else {
      parts.push({ chip: '\u0000hook' });
    }
  }
  return inlineSignature(parts);
}

function pInlineSignature(node: PMNode): string {
  const parts: { text?: string; format?: Record<string, unknown>; chip?: string }[] = [];
  node.forEach((child) => parts.push(child.isText ? { text: child.text!, format: yFormatOf(child) } : { chip: `${child.type.name}${stable(yAttrsOf(child))}0` }));
  return inlineSignature(parts);
}

/** Whether a Yjs node already holds exactly this ProseMirror node. */
function sameNode(y: YChild, p: PMNode): boolean {
  if (!(y instanceof Y.XmlElement) || y.nodeName !== p.type.name || !sameAttrs(y.getAttributes() as Record<string, unknown>, yAttrsOf(p))) return false;
  if (p.isTextblock) return yInlineSignature(y) === pInlineSignature(p);
  if (p.isLeaf) return y.length === 0;
  if (y.length !== p.childCount) return false;
  const children = y.toArray() as YChild[];
  return children.every((child, i) => sameNode(child, p.child(i)));
}

function yPlainText(node: YChild): string {
  if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]*>/g, '');
  if (!(node instanceof Y.XmlElement)) return '';
  return flatYText(node);
}

/** How alike two texts are, 0 to 1: the share of the longer one that their common start and end cover. */
function likeness(a: string, b: string): number {
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  const min = Math.min(a.length, b.length);
  let start = 0;
  while (start < min && a[start] === b[start]) start++;
  let end = 0;
  while (end < min - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return (start + end) / max;
}

/** Which changed Yjs blocks to update in place with which new blocks: as many pairs of the same type as possible, the likest. */
function align(ys: Slot[], ps: PMNode[]): [number, number][] {
  const m = ys.length;
  const n = ps.length;
  if (!m || !n) return [];
  const pairable = (i: number, j: number) => ys[i]!.node instanceof Y.XmlElement && (ys[i]!.node as Y.XmlElement).nodeName === ps[j]!.type.name;
  if (m * n > 4096) {
    // Too many to weigh: pair by position, as the binding does.
    const pairs: [number, number][] = [];
    for (let i = 0; i < Math.min(m, n); i++) if (pairable(i, i)) pairs.push([i, i]);
    return pairs;
  }
  const yText = ys.map((s) => yPlainText(s.node));
  const pText = ps.map((p) => p.textContent);
  const score: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      let best = Math.max(score[i - 1]![j]!, score[i]![j - 1]!);
      if (pairable(i - 1, j - 1)) best = Math.max(best, score[i - 1]![j - 1]! + 1 + likeness(yText[i - 1]!, pText[j - 1]!));
      score[i]![j] = best;
    }
  }
  const pairs: [number, number][] = [];
  for (let i = m, j = n; i > 0 && j > 0; ) {
    if (score[i]![j] === score[i - 1]![j]) i--;
    else if (score[i]![j] === score[i]![j - 1]) j--;
    else pairs.unshift([--i, --j]);
  }
  return pairs;
}

const newMeta = () => ({ mapping: new Map(), isOMark: new Map() });

/**
 * A new Yjs element for a node, laid out as the binding lays it out (createTypeFromElementNode:
 * non-null attributes, one Y.XmlText per run of text, marks as formatting), except that an
 * attribute whose value is undefined is left out rather than stored, and a chip keeps its marks.
 */
function buildNode(node: PMNode): Y.XmlElement {
  const el = new Y.XmlElement(node.type.name);
  for (const [key, value] of Object.entries(yAttrsOf(node))) el.setAttribute(key, value as never);
  if (node.isTextblock) el.insert(0, inlineChildren(pTokens(node)));
  else if (!node.isLeaf) el.insert(0, childrenOf(node).map(buildNode));
  return el;
}

function indexIn(parent: YParent, node: YChild): number {
  return (parent.toArray() as YChild[]).indexOf(node);
}

/**
 * Makes a list of Yjs blocks (possibly spread over several parents: a section's blocks) hold these
 * blocks: unchanged ones stay, changed ones are updated in place, the rest are deleted or inserted.
 * `place` says where to insert when no block of the list is left to insert next to.
 */
function syncList(slots: Slot[], ps: PMNode[], place: () => { parent: YParent; index: number }): void {
  const m = slots.length;
  const n = ps.length;
  let start = 0;
  while (start < Math.min(m, n) && sameNode(slots[start]!.node, ps[start]!)) start++;
  let end = 0;
  while (end < Math.min(m, n) - start && sameNode(slots[m - 1 - end]!.node, ps[n - 1 - end]!)) end++;
  const ys = slots.slice(start, m - end);
  const pm = ps.slice(start, n - end);
  const pairs = align(ys, pm);
  for (const [i, j] of pairs) syncElement(ys[i]!.node as Y.XmlElement, pm[j]!);

  // Deletions, right to left in each parent.
  const paired = new Set(pairs.map(([i]) => i));
  const doomed = ys.filter((_, i) => !paired.has(i));
  const byParent = new Map<YParent, YChild[]>();
  for (const slot of doomed) byParent.set(slot.parent, [...(byParent.get(slot.parent) ?? []), slot.node]);
  for (const [parent, nodes] of byParent) {
    const all = parent.toArray() as YChild[];
    const indexes = nodes.map((node) => all.indexOf(node)).sort((a, b) => b - a);
    for (const index of indexes) if (index >= 0) parent.delete(index, 1);
  }

  // Insertions: each run of new blocks next to the block kept before it (or after it).
  const survivorOf = new Map<number, Slot>();
  for (let j = 0; j < start; j++) survivorOf.set(j, slots[j]!);
  for (const [i, j] of pairs) survivorOf.set(start + j, ys[i]!);
  for (let k = 0; k < end; k++) survivorOf.set(n - end + k, slots[m - end + k]!);
  let left: Slot | null = null;
  let run: PMNode[] = [];
  const flush = (right: Slot | null) => {
    if (!run.length) return;
    const at = left ? { parent: left.parent, index: indexIn(left.parent, left.node) + 1 } : right ? { parent: right.parent, index: indexIn(right.parent, right.node) } : place();
    at.parent.insert(at.index, run.map(buildNode));
    run = [];
  };
  for (let j = 0; j < n; j++) {
    const survivor = survivorOf.get(j);
    if (survivor) {
      flush(survivor);
      left = survivor;
    } else {
      run.push(ps[j]!);
    }
  }
  flush(null);
}

function syncElement(y: Y.XmlElement, p: PMNode): void {
  syncAttrs(y, yAttrsOf(p));
  if (p.isTextblock) syncInline(y, p);
  else if (p.isLeaf) {
    if (y.length) y.delete(0, y.length);
  } else {
    const slots = (y.toArray() as YChild[]).map((node) => ({ parent: y, node }));
    syncList(slots, childrenOf(p), () => ({ parent: y, index: 0 }));
  }
}

function childrenOf(p: PMNode): PMNode[] {
  const out: PMNode[] = [];
  p.forEach((child) => out.push(child));
  return out;
}

type YTok =
  | { kind: 'char'; ch: string; format: Record<string, unknown>; text: Y.XmlText; off: number }
  | { kind: 'chip'; name: string; el: Y.XmlElement; index: number }
  | { kind: 'other'; text?: Y.XmlText; off?: number; index: number };
type PTok = { kind: 'char'; ch: string; format: Record<string, unknown> } | { kind: 'chip'; name: string; node: PMNode };

function yTokens(y: Y.XmlElement): YTok[] {
  const out: YTok[] = [];
  (y.toArray() as YChild[]).forEach((child, index) => {
    if (child instanceof Y.XmlText) {
      let off = 0;
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') {
          const format = present(op.attributes ?? {});
          for (const ch of op.insert.split('')) out.push({ kind: 'char', ch, format, text: child, off: off++ });
        } else {
          out.push({ kind: 'other', text: child, off: off++, index });
        }
      }
    } else if (child instanceof Y.XmlElement) {
      out.push({ kind: 'chip', name: child.nodeName, el: child, index });
    } else {
      out.push({ kind: 'other', index });
    }
  });
  return out;
}

function pTokens(p: PMNode): PTok[] {
  const out: PTok[] = [];
  p.forEach((child) => {
    if (child.isText) {
      const format = yFormatOf(child);
      for (const ch of child.text!.split('')) out.push({ kind: 'char', ch, format });
    } else {
      out.push({ kind: 'chip', name: child.type.name, node: child });
    }
  });
  return out;
}

const sameTok = (a: YTok | undefined, b: PTok | undefined) => !!a && !!b && ((a.kind === 'char' && b.kind === 'char' && a.ch === b.ch) || (a.kind === 'chip' && b.kind === 'chip' && a.name === b.name));
const isHigh = (t: YTok | undefined) => t?.kind === 'char' && /[\uD800-\uDBFF]/.test(t.ch);
const isLow = (t: YTok | undefined) => t?.kind === 'char' && /[\uDC00-\uDFFF]/.test(t.ch);

/** Consecutive characters with the same formatting, as one insertion each. */
function runsOf(tokens: PTok[]): { text: string; format: Record<string, unknown> }[] {
  const runs: { text: string; format: Record<string, unknown>; key: string }[] = [];
  for (const t of tokens) {
    if (t.kind !== 'char') continue;
    const key = stable(t.format);
    const last = runs[runs.length - 1];
    if (last && last.key === key) last.text += t.ch;
    else runs.push({ text: t.ch, format: t.format, key });
  }
  return runs;
}

function insertRuns(text: Y.XmlText, at: number, tokens: PTok[]): void {
  let off = at;
  for (const run of runsOf(tokens)) {
    // insert() changes the attributes object it is given.
    text.insert(off, run.text, { ...run.format });
    off += run.text.length;
  }
}

/** New Yjs children for a piece of inline content (chips and runs of text). */
function inlineChildren(tokens: PTok[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let chars: PTok[] = [];
  const flush = () => {
    if (!chars.length) return;
    const text = new Y.XmlText();
    insertRuns(text, 0, chars);
    out.push(text);
    chars = [];
  };
  for (const t of tokens) {
    if (t.kind === 'char') {
      chars.push(t);
      continue;
    }
    flush();
    const el = new Y.XmlElement(t.name);
    for (const [key, value] of Object.entries(yAttrsOf(t.node))) el.setAttribute(key, value as never);
    out.push(el);
  }
  flush();
  return out;
}

const charOf = (t: YTok | PTok | undefined): string | null | undefined => (t === undefined ? undefined : t.kind === 'char' ? t.ch : null);

/** How good a place between two characters is for an edit to start or end (after diff-match-patch's semantic cleanup). */
function edgeScore(a: string | null | undefined, b: string | null | undefined): number {
  if (a === undefined || b === undefined) return 6;
  if (a === null || b === null) return 1;
  if (/\s/.test(a) || /\s/.test(b)) return 2;
  if (!/[\p{L}\p{N}]/u.test(a) || !/[\p{L}\p{N}]/u.test(b)) return 1;
  return 0;
}

/**
 * Where a pure insertion or deletion of text goes when it could go in several places ("w1 w2" →
 * "w1 w3 w2" is also "w1 w" + "3 w" + "2"): at word edges, and of equally good places the
 * leftmost, so a word is inserted or deleted with the space before it. Typing and deleting on two
 * devices then keep whole words apart instead of splitting one word's letters around another's.
 */
function atWordEdges(ys: YTok[], ps: PTok[], start: number, end: number): [number, number] {
  const yMid = ys.length - start - end;
  const pMid = ps.length - start - end;
  if ((yMid === 0) === (pMid === 0)) return [start, end];
  const seq: (YTok | PTok)[] = yMid === 0 ? ps : ys;
  const len = Math.max(yMid, pMid);
  for (let i = start; i < start + len; i++) if (seq[i]!.kind !== 'char') return [start, end];
  const same = (a: number, b: number) => charOf(seq[a]) !== null && charOf(seq[a]) === charOf(seq[b]);
  let from = start;
  while (from > 0 && same(from - 1, from + len - 1)) from--;
  let best = start;
  let bestScore = -1;
  for (let at = from; ; at++) {
    const splitsPair = /[\uDC00-\uDFFF]/.test(charOf(seq[at]) ?? '') || /[\uDC00-\uDFFF]/.test(charOf(seq[at + len]) ?? '');
    const score = edgeScore(charOf(seq[at - 1]), charOf(seq[at])) + edgeScore(charOf(seq[at + len - 1]), charOf(seq[at + len]));
    if (!splitsPair && score > bestScore) {
      best = at;
      bestScore = score;
    }
    if (at + len >= seq.length || !same(at, at + len)) break;
  }
  return [best, seq.length - best - len];
}

/**
 * Makes a paragraph's (or heading's) Yjs content hold this node's inline content: the characters
 * and chips between the common start and end are deleted and inserted, then formatting and chip
 * attributes are set where they differ. Neighbouring Y.XmlTexts are one run of characters.
 */
function syncInline(y: Y.XmlElement, p: PMNode): void {
  const ys = yTokens(y);
  const ps = pTokens(p);
  let start = 0;
  while (start < Math.min(ys.length, ps.length) && sameTok(ys[start], ps[start])) start++;
  if (isHigh(ys[start - 1])) start--;
  let end = 0;
  while (end < Math.min(ys.length, ps.length) - start && sameTok(ys[ys.length - 1 - end], ps[ps.length - 1 - end])) end++;
  if (end && isLow(ys[ys.length - end])) end--;
  [start, end] = atWordEdges(ys, ps, start, end);

  // Deletions, right to left.
  for (let i = ys.length - end - 1; i >= start; ) {
    const t = ys[i]!;
    if (t.kind === 'chip' || (t.kind === 'other' && !t.text)) {
      y.delete(t.index, 1);
      i--;
      continue;
    }
    const text = t.text!;
    let from = i;
    while (from - 1 >= start) {
      const prev = ys[from - 1]!;
      if (prev.kind === 'chip' || !('text' in prev) || prev.text !== text) break;
      from--;
    }
    const first = ys[from] as { off: number };
    text.delete(first.off, (t as { off: number }).off - first.off + 1);
    i = from - 1;
  }

  // Insertions.
  let inserted = ps.slice(start, ps.length - end);
  if (inserted.length) {
    const now = yTokens(y);
    const left = start > 0 ? now[start - 1]! : null;
    let right = now[start] ?? null;
    const inText = (t: YTok | null): t is YTok & { text: Y.XmlText; off: number } => !!t && 'text' in t && !!t.text;
    if (!inserted.some((t) => t.kind === 'chip')) {
      if (inText(left)) insertRuns(left.text, left.off + 1, inserted);
      else if (inText(right)) insertRuns(right.text, right.off, inserted);
      else {
        // Between chips (or at an edge): an empty Y.XmlText there takes the text, else a new one.
        const from = left ? (left as { index: number }).index + 1 : 0;
        const to = right ? (right as { index: number }).index : y.length;
        let target = (y.toArray() as YChild[]).slice(from, to).find((c): c is Y.XmlText => c instanceof Y.XmlText);
        if (!target) {
          y.insert(from, [new Y.XmlText()]);
          target = y.get(from) as Y.XmlText;
        }
        insertRuns(target, 0, inserted);
      }
    } else {
      if (inText(left) && inText(right) && left.text === right.text) {
        // A chip inside a run of text: the rest of the run moves into a new run after the chip.
        const rest = now.filter((t): t is Extract<YTok, { kind: 'char' }> => t.kind === 'char' && t.text === left.text && t.off > left.off);
        left.text.delete(left.off + 1, left.text.length - left.off - 1);
        inserted = [...inserted, ...rest.map((t): PTok => ({ kind: 'char', ch: t.ch, format: t.format }))];
        right = now.slice(start).find((t) => !('text' in t) || t.text !== left.text) ?? null;
      }
      const firstChip = inserted.findIndex((t) => t.kind === 'chip');
      let lastChip = inserted.length - 1;
      while (inserted[lastChip]!.kind !== 'chip') lastChip--;
      let lead = inserted.slice(0, firstChip);
      let trail = inserted.slice(lastChip + 1);
      let middle = inserted.slice(firstChip, lastChip + 1);
      if (!inText(left)) {
        middle = [...lead, ...middle];
        lead = [];
      }
      if (!inText(right)) {
        middle = [...middle, ...trail];
        trail = [];
      }
      const index = left ? (inText(left) ? indexIn(y, left.text) + 1 : (left as { index: number }).index + 1) : right ? (inText(right) ? indexIn(y, right.text) : (right as { index: number }).index) : 0;
      y.insert(index, inlineChildren(middle));
      if (lead.length && inText(left)) insertRuns(left.text, left.off + 1, lead);
      if (trail.length && inText(right)) insertRuns(right.text, 0, trail);
    }
  }

  // Formatting and chip attributes.
  const now = yTokens(y);
  if (now.length !== ps.length || now.some((t, i) => !sameTok(t, ps[i]))) throw new Error('entryCrdt: inline diff did not reproduce the paragraph');
  for (let i = 0; i < now.length; ) {
    const t = now[i]!;
    const want = ps[i]!;
    if (t.kind === 'chip' && want.kind === 'chip') {
      syncAttrs(t.el, yAttrsOf(want.node));
      i++;
      continue;
    }
    if (t.kind !== 'char' || want.kind !== 'char' || stable(t.format) === stable(want.format)) {
      i++;
      continue;
    }
    const key = `${stable(t.format)}${stable(want.format)}`;
    let j = i + 1;
    while (j < now.length) {
      const u = now[j]!;
      const v = ps[j]!;
      if (u.kind !== 'char' || v.kind !== 'char' || u.text !== t.text || `${stable(u.format)}${stable(v.format)}` !== key) break;
      j++;
    }
    const change: Record<string, unknown> = { ...want.format };
    for (const name of Object.keys(t.format)) if (!(name in change)) change[name] = null;
    t.text.format(t.off, j - i, change);
    i = j;
  }
}

/** The index in the fragment after the last top-level node of the sections before `kind`. */
function topIndexFor(fragment: Y.XmlFragment, slots: Record<SectionKind, SectionSlots>, kind: SectionKind): number {
  const all = fragment.toArray() as YChild[];
  let index = 0;
  for (const earlier of sectionKinds.slice(0, sectionKinds.indexOf(kind))) for (const node of slots[earlier].top) index = Math.max(index, all.indexOf(node) + 1);
  return index;
}

function syncDoc(fragment: Y.XmlFragment, doc: PMNode): void {
  const slots = sectionSlotsOf(fragment);
  sectionKinds.forEach((kind, i) => {
    const section = doc.child(i);
    const own = slots[kind];
    if (!own.top.length) {
      const el = buildNode(section);
      fragment.insert(topIndexFor(fragment, slots, kind), [el]);
      own.top.push(el);
      own.containers.push(el);
      return;
    }
    for (const container of own.containers) if (container.getAttribute('kind') === kind) syncAttrs(container, yAttrsOf(section));
    syncList(own.slots, childrenOf(section), () =>
      own.containers[0] ? { parent: own.containers[0], index: 0 } : { parent: fragment, index: topIndexFor(fragment, slots, kind) },
    );
  });
}

// ————————————————————————————————————————— the API

function loadDoc(state: Uint8Array): Y.Doc {
  // A fixed guid: a random one costs 31 getRandomValues calls per document, and a guid names a
  // document only among subdocuments, which an entry has none of.
  const ydoc = new Y.Doc({ gc: true, guid: ENTRY_FRAGMENT });
  if (state.byteLength) Y.applyUpdate(ydoc, state);
  return ydoc;
}

const sameDoc = (a: PMNode, b: PMNode) => a.eq(b);

/** A client id for the genesis state: the same for the same canonical document (see "Client ids"). */
function genesisClientId(doc: PMNode): number {
  return createHash('sha256').update(`${GENESIS_FORMAT}\n${JSON.stringify(doc.toJSON())}`).digest().readUInt32BE(0);
}

/**
 * A fresh Yjs state for a document, as for an entry created on this device. Deterministic: the same
 * canonical document always gives the same bytes (see "Client ids"), so two devices that start from
 * the same entry share its history rather than doubling it.
 */
export function entryStateFromDoc(doc: EntryDoc): Uint8Array {
  const pdoc = pmDocOf(doc);
  // A fixed guid: a random one costs 31 getRandomValues calls per document, and a guid names a
  // document only among subdocuments, which an entry has none of.
  const ydoc = new Y.Doc({ gc: true, guid: ENTRY_FRAGMENT });
  ydoc.clientID = genesisClientId(pdoc);
  const fragment = ydoc.getXmlFragment(ENTRY_FRAGMENT);
  fragment.insert(0, childrenOf(pdoc).map(buildNode));
  if (!sameDoc(pmDocOfFragment(fragment), pdoc)) throw new Error('entryCrdt: the new state does not hold the document');
  return Y.encodeStateAsUpdate(ydoc);
}

/**
 * Applies a newly saved document to an entry's state as the smallest change that makes the state
 * hold it (see "Writing a save"). Returns the new state and the update to send to other devices —
 * exactly this save's change (the transaction's update, which Y.encodeStateAsUpdate with the
 * previous state vector would only grow by every older deletion) — or `update: null` and the same
 * state when the state already holds the document.
 */
export function updateFromSavedDoc(state: Uint8Array, saved: EntryDoc, options: SaveOptions = {}): { state: Uint8Array; update: Uint8Array | null } {
  const pdoc = pmDocOf(saved);
  const ydoc = loadDoc(state);
  // Set after loading: Yjs gives a document a new id when an update it applies uses its own.
  if (options.clientID !== undefined) ydoc.clientID = options.clientID;
  else {
    const known = Y.decodeStateVector(Y.encodeStateVector(ydoc));
    while (known.has(ydoc.clientID)) ydoc.clientID = randomInt(0, 2 ** 32);
  }
  const fragment = ydoc.getXmlFragment(ENTRY_FRAGMENT);
  const updates: Uint8Array[] = [];
  ydoc.on('update', (update: Uint8Array) => updates.push(update));
  let held = false;
  ydoc.transact(() => {
    try {
      syncDoc(fragment, pdoc);
      held = sameDoc(pmDocOfFragment(fragment), pdoc);
    } catch {
      held = false;
    }
    if (!held) {
      diagnostics.fallbacks++;
      updateYFragment(ydoc, fragment, pdoc, newMeta());
      try {
        // The binding leaves chips' marks out: a second pass (now over equal structures) adds them.
        syncDoc(fragment, pdoc);
      } catch {
        // Checked below.
      }
      held = sameDoc(pmDocOfFragment(fragment), pdoc);
    }
  });
  if (!held) throw new Error('entryCrdt: the state could not be made to hold the saved document');
  if (!updates.length) return { state, update: null };
  return { state: Y.encodeStateAsUpdate(ydoc), update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates) };
}

/**
 * Applies updates from other devices (and this one's own, harmlessly) to a state, in any order and
 * with duplicates: Yjs keeps an update whose predecessors have not arrived yet in the state until
 * they do. An empty state (a device that has never seen the entry) is allowed.
 */
export function mergeUpdates(state: Uint8Array, updates: readonly Uint8Array[]): Uint8Array {
  const ydoc = loadDoc(state);
  for (const update of updates) Y.applyUpdate(ydoc, update);
  return Y.encodeStateAsUpdate(ydoc);
}

/**
 * The entry document a state holds, normalised as described above: always exactly the four
 * sections in order, and always valid by entryDocSchema (it throws only for a document beyond the
 * schema's size limits, such as a paragraph of more than 200,000 characters).
 */
export function docFromState(state: Uint8Array): EntryDoc {
  const ydoc = loadDoc(state);
  const json = pmDocOfFragment(ydoc.getXmlFragment(ENTRY_FRAGMENT)).toJSON() as unknown;
  const parsed = entryDocSchema.safeParse(json);
  if (!parsed.success) throw new Error(`entryCrdt: the merged entry is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`);
  return parsed.data;
}
