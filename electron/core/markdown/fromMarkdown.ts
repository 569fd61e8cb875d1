/**
 * Markdown → the entry document's blocks, through mdast-util-from-markdown with GFM and the
 * journal's `#tag` syntax (hashtag.ts). The parser does all of Markdown — escapes (Day One's
 * `\.` and `\!` come back as `.` and `!`), entities, emphasis, lists, links; this file only maps
 * mdast nodes onto the few node types an entry may hold (electron/shared/doc.ts):
 *
 * - headings: levels 3 and 4 only (the editor's); Markdown `#`/`##` become 3, deeper ones 4. A
 *   Mutual export writes its own levels 5 and 6 back as 3 and 4 (`headingLevel`).
 * - code blocks: there is no code-block node, so each line of the block becomes a paragraph of
 *   inline code (an empty line an empty paragraph). Nothing of the code is lost; its language is.
 * - raw HTML, flow or inline, stays exactly as it was written, as text: it never becomes markup.
 * - links keep their mark only when isSafeHref allows the address (http, https, mailto, and
 *   mutual:entry/ links); any other link stays as its text followed by the address in
 *   parentheses, so nothing is lost and nothing can be opened.
 * - images become what the reader's `image` option makes of them (an import's photo reference,
 *   importPhotos.ts), else a visible placeholder; a Mutual export's `mutual:photo/<id>` alone in
 *   a paragraph is that photo (`photo`), and Obsidian's `![[photo.png]]` is an image too (`embed`).
 * - GFM tables become one paragraph per row, cells separated by " | "; footnotes stay as text
 *   (`[^1]` and a paragraph "[^1]: …"). Both are counted, so a preview can say so.
 * - a line break inside a paragraph is kept as a line break: journals are written line by line,
 *   and Day One and Obsidian both show them.
 * - task lists become unsaid items only where they are allowed (the Unsaid section of a Mutual
 *   export); elsewhere each item is kept as a list item starting "[ ] " or "[x] ".
 */
import type { Definition, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { DocNode } from '../../shared/doc';
import { cleanTagName, isSafeHref, newItemId } from '../../shared/doc';
import { hashtagFromMarkdown, hashtagSyntax } from './hashtag';
import { mentionFromMarkdown, mentionSyntax } from './mention';

type Mark = NonNullable<DocNode['marks']>[number];

/** An inline node an import resolves later: a name that may be a person, or a tag that may be one. */
export const NAME_NODE = 'importName';

export interface NameAttrs {
  /** The name as a person would be called. */
  name: string;
  /** What it stays when it is not a person: its words as written, or a tag. */
  fallback: 'text' | 'tag';
  /** The words as written (`@Sam`, `[[Ana Lucía]]`). */
  text: string;
  marks?: Mark[];
  /** Offered as a person first (default: when it stays text otherwise; jrnl's @tags too). */
  offer?: boolean;
  /** A person id the source gave (a Mutual export's mention), used when that person is here. */
  personId?: string;
}

export function nameNode(attrs: NameAttrs): DocNode {
  return { type: NAME_NODE, attrs: attrs as unknown as Record<string, unknown> };
}

export interface ReadCounts {
  /** Links whose address Mutual will not open, kept as text. */
  unsafeLinks: number;
  images: number;
  tables: number;
  footnotes: number;
  codeBlocks: number;
}

export interface ReadOptions {
  /** Where the text comes from ("Journal.json, entry 3"), for nothing but messages. */
  where?: string;
  /** Heading level in the entry for a Markdown heading depth (default: 1–2 → 3, 3–6 → 4). */
  headingLevel?: (depth: number) => number;
  /** A link's address as Mutual keeps it (Day One's entry links become mutual:entry/…), or null to keep the link as text. */
  linkHref?: (url: string) => string | null;
  /** What an image becomes. Default: a placeholder naming it. */
  image?: (url: string, alt: string) => DocNode[];
  /** A Mutual export's mentions (`@Name`, or a `mutual:person/ID` link): the node they become. */
  person?: (id: string | null, label: string) => DocNode;
  /** Find @names and [[wiki links]] in the text and make them NAME_NODEs. */
  findNames?: boolean;
  /**
   * What a #tag becomes: a tag (default), a NAME_NODE that stays a tag unless it is mapped to a
   * person, or its words (Day One, which has no inline tags).
   */
  hashtags?: 'tag' | 'name' | 'text';
  /**
   * What an Obsidian embed of an image (`![[photo.png]]`, `![[photo.png|description]]`) becomes;
   * without it (and for embeds of anything but an image) the words stay as written.
   */
  embed?: (name: string, alt: string) => DocNode[];
  /** A Mutual export's photo (`![description](mutual:photo/ID)` alone in a paragraph): the block it becomes. */
  photo?: (photoId: string, alt: string) => DocNode;
  /** Task lists may become unsaid items (the Unsaid section only). */
  tasks?: boolean;
  counts?: ReadCounts;
}

export function newCounts(): ReadCounts {
  return { unsafeLinks: 0, images: 0, tables: 0, footnotes: 0, codeBlocks: 0 };
}

export interface ParseOptions {
  /** The people an `@Name` may mention (a Mutual export's entry). */
  mentionNames?: readonly string[];
  /**
   * Whether bare addresses (www.example.com, a@b.org) become links, as GFM has them. Off for a
   * Mutual export, whose writer puts every link in brackets: there, an address in the text was
   * text, and GFM's autolinks form even across escapes.
   */
  literalAutolinks?: boolean;
}

const gfmSyntax = gfm();
const gfmTree = gfmFromMarkdown();
/**
 * GFM's autolink literals are found by the tree pass of mdast-util-gfm (a search of the text
 * nodes), not by micromark's constructs for them, which are tried at every letter and digit and
 * made parsing twice as slow; the links found are the same.
 */
const noAutolinkConstructs = { disable: { null: ['wwwAutolink', 'protocolAutolink', 'emailAutolink'] } };
const gfmTreeNoAutolinks = gfmTree.map((extension) => (extension.transforms ? { ...extension, transforms: [] } : extension));
const tagSyntax = hashtagSyntax();
const treeExtras = [hashtagFromMarkdown(), mentionFromMarkdown()];

export function parseMarkdown(markdown: string, options: ParseOptions = {}): Root {
  const literal = options.literalAutolinks ?? true;
  const names = options.mentionNames ?? [];
  return fromMarkdown(markdown, {
    extensions: [gfmSyntax, tagSyntax, noAutolinkConstructs, ...(names.length ? [mentionSyntax(names)] : [])],
    mdastExtensions: [...(literal ? gfmTree : gfmTreeNoAutolinks), ...treeExtras],
  });
}

const defaultHeadingLevel = (depth: number) => (depth <= 2 ? 3 : 4);
const PHOTO_PREFIX = 'mutual:photo/';

const AT_NAME = /(?<![\p{L}\p{N}_.@])@(?:"([^"\n]{1,60})"|(\p{Lu}[\p{L}\p{M}'’-]{0,40}))/gu;
/** An Obsidian embed of an image file: `![[name.png]]` or `![[name.png|description]]`. */
const IMAGE_EMBED = /!\[\[([^[\]|\n]{1,200}\.(?:png|jpe?g|gif|webp|avif|heic|heif|tiff?|bmp|svg))(?:\|([^[\]\n]{0,1000}))?\]\]/giu;
const WIKI = /\[\[([^[\]|\n]{1,120})(?:\|([^[\]\n]{1,120}))?\]\]/gu;

/** @Name and @"Two Words" in a text; names start with a capital letter (an @ before "me" is not a name). */
export function atNames(text: string): string[] {
  return [...text.matchAll(AT_NAME)].map((m) => (m[1] ?? m[2]!).trim());
}

const cleanMarks = (marks: Mark[]) => (marks.length ? { marks: [...marks] } : {});

function textNode(value: string, marks: Mark[]): DocNode[] {
  return value ? [{ type: 'text', text: value, ...cleanMarks(marks) }] : [];
}

class Reader {
  private readonly definitions = new Map<string, Definition>();
  readonly counts: ReadCounts;

  constructor(
    private readonly options: ReadOptions,
    tree: Root,
  ) {
    this.counts = options.counts ?? newCounts();
    const walk = (node: Nodes) => {
      if (node.type === 'definition' && !this.definitions.has(node.identifier)) this.definitions.set(node.identifier, node);
      if ('children' in node) for (const child of node.children) walk(child);
    };
    walk(tree);
  }

  blocks(nodes: readonly RootContent[]): DocNode[] {
    const out: DocNode[] = [];
    for (const node of nodes) out.push(...this.block(node));
    return out;
  }

  private paragraph(content: DocNode[]): DocNode {
    return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
  }

  private block(node: RootContent): DocNode[] {
    switch (node.type) {
      case 'paragraph': {
        const only = node.children.length === 1 ? node.children[0] : undefined;
        if (only?.type === 'image' && only.url.startsWith(PHOTO_PREFIX) && this.options.photo) return [this.options.photo(safeDecode(only.url.slice(PHOTO_PREFIX.length)), only.alt ?? '')];
        return [this.paragraph(this.inline(node.children, []))];
      }
      case 'heading': {
        const content = this.inline(node.children, []);
        return [{ type: 'heading', attrs: { level: (this.options.headingLevel ?? defaultHeadingLevel)(node.depth) }, ...(content.length ? { content } : {}) }];
      }
      case 'thematicBreak':
        return [{ type: 'horizontalRule' }];
      case 'blockquote':
        return [{ type: 'blockquote', content: this.nonEmpty(this.blocks(node.children)) }];
      case 'list':
        return [this.list(node)];
      case 'code': {
        this.counts.codeBlocks++;
        return node.value.split('\n').map((line) => this.paragraph(textNode(line, [{ type: 'code' }])));
      }
      case 'html':
        return [this.paragraph(this.plainLines(node.value, []))];
      case 'table': {
        this.counts.tables++;
        return node.children.map((row) => {
          const content: DocNode[] = [];
          row.children.forEach((cell, i) => {
            if (i > 0) content.push({ type: 'text', text: ' | ' });
            content.push(...this.inline(cell.children, []));
          });
          return this.paragraph(content);
        });
      }
      case 'footnoteDefinition': {
        this.counts.footnotes++;
        const inner = this.blocks(node.children);
        const label = `[^${node.label ?? node.identifier}]: `;
        const first = inner[0];
        if (first?.type === 'paragraph') first.content = [{ type: 'text', text: label }, ...(first.content ?? [])];
        else inner.unshift(this.paragraph([{ type: 'text', text: label.trimEnd() }]));
        return inner;
      }
      case 'definition':
        // Only an address for the links that name it; those links carry it.
        return [];
      default:
        // Anything else a future extension might add: its words, never its markup.
        return 'children' in node ? this.blocks(node.children as RootContent[]) : 'value' in node ? [this.paragraph(textNode(String(node.value), []))] : [];
    }
  }

  /** Blocks where at least one is required (a quote, a list item). */
  private nonEmpty(blocks: DocNode[]): DocNode[] {
    return blocks.length ? blocks : [{ type: 'paragraph' }];
  }

  private list(node: Extract<RootContent, { type: 'list' }>): DocNode {
    const asTasks = this.options.tasks && node.children.some((item) => typeof item.checked === 'boolean');
    if (asTasks) {
      return {
        type: 'taskList',
        content: node.children.map((item) => ({
          type: 'taskItem',
          attrs: { id: newItemId(), state: item.checked ? 'said' : 'open' },
          content: this.itemContent(this.blocks(item.children)),
        })),
      };
    }
    const items = node.children.map((item) => {
      const content = this.itemContent(this.blocks(item.children));
      if (typeof item.checked === 'boolean') {
        const first = content[0]!;
        first.content = [{ type: 'text', text: item.checked ? '[x] ' : '[ ] ' }, ...(first.content ?? [])];
      }
      return { type: 'listItem', content };
    });
    return node.ordered ? { type: 'orderedList', attrs: { start: node.start ?? 1 }, content: items } : { type: 'bulletList', content: items };
  }

  /** A list item starts with a paragraph (the editor's schema). */
  private itemContent(blocks: DocNode[]): DocNode[] {
    return blocks[0]?.type === 'paragraph' ? blocks : [{ type: 'paragraph' }, ...blocks];
  }

  private plainLines(value: string, marks: Mark[]): DocNode[] {
    const out: DocNode[] = [];
    value.split('\n').forEach((line, i) => {
      if (i > 0) out.push({ type: 'hardBreak' });
      out.push(...this.words(line, marks));
    });
    return out;
  }

  inline(nodes: readonly PhrasingContent[], marks: Mark[], inLink = false): DocNode[] {
    const out: DocNode[] = [];
    for (const node of nodes) out.push(...this.phrasing(node, marks, inLink));
    return out;
  }

  private phrasing(node: PhrasingContent, marks: Mark[], inLink: boolean): DocNode[] {
    const withMark = (type: Mark['type']) => (marks.some((m) => m.type === type) ? marks : [...marks, { type }]);
    switch (node.type) {
      case 'text':
        return inLink ? this.plainLines(node.value, marks).flatMap((n) => (n.type === NAME_NODE ? textNode(String(n.attrs?.text), marks) : [n])) : this.plainLines(node.value, marks);
      case 'strong':
        return this.inline(node.children, withMark('bold'), inLink);
      case 'emphasis':
        return this.inline(node.children, withMark('italic'), inLink);
      case 'delete':
        return this.inline(node.children, withMark('strike'), inLink);
      case 'inlineCode':
        // The editor's code mark excludes every other mark; inside a link, the link matters more.
        return inLink ? textNode(node.value, marks) : textNode(node.value, [{ type: 'code' }]);
      case 'break':
        return [{ type: 'hardBreak' }];
      case 'html':
        return this.plainLines(node.value, marks);
      case 'mutualMention':
        if (this.options.person && !inLink) return [this.options.person(null, node.name)];
        return textNode(`@${node.name}`, marks);
      case 'hashtag':
        return this.hashtag(node.value, marks, inLink);
      case 'footnoteReference':
        this.counts.footnotes++;
        return textNode(`[^${node.label ?? node.identifier}]`, marks);
      case 'link':
        return this.link(node.url, node.children, marks);
      case 'linkReference': {
        const definition = this.definitions.get(node.identifier);
        return definition ? this.link(definition.url, node.children, marks) : this.inline(node.children, marks, inLink);
      }
      case 'image':
        return this.image(node.url, node.alt ?? '');
      case 'imageReference':
        return this.image(this.definitions.get(node.identifier)?.url ?? '', node.alt ?? '');
      default: {
        // A node of an extension this reader does not know: its words, never its markup.
        const other = node as { children?: PhrasingContent[]; value?: unknown };
        return other.children ? this.inline(other.children, marks, inLink) : other.value !== undefined ? textNode(String(other.value), marks) : [];
      }
    }
  }

  private image(url: string, alt: string): DocNode[] {
    this.counts.images++;
    if (this.options.image) return this.options.image(url, alt);
    return textNode(`Image not included${alt ? `: ${alt}` : ''}`, [{ type: 'italic' }]);
  }

  private link(url: string, children: PhrasingContent[], marks: Mark[]): DocNode[] {
    const personPrefix = 'mutual:person/';
    const tagPrefix = 'mutual:tag/';
    if (url.startsWith(personPrefix) && this.options.person) {
      const label = children.map((c) => ('value' in c ? c.value : '')).join('').replace(/^@/, '');
      return [this.options.person(decodeURIComponent(url.slice(personPrefix.length)), label)];
    }
    if (url.startsWith(tagPrefix)) {
      const label = safeDecode(url.slice(tagPrefix.length));
      const clean = cleanTagName(label);
      if (clean) return [{ type: 'tag', attrs: { label: clean } }];
    }
    const href = this.options.linkHref ? this.options.linkHref(url) : url;
    const inner = this.inline(children, marks, true);
    if (href !== null && isSafeHref(href)) {
      const link: Mark = { type: 'link', attrs: { href } };
      return inner.map((n) => (n.type === 'text' && !n.marks?.some((m) => m.type === 'code') ? { ...n, marks: [...(n.marks ?? []), link] } : n));
    }
    this.counts.unsafeLinks++;
    const words = inner.map((n) => (n.type === 'text' ? (n.text ?? '') : '')).join('');
    return words.trim() === url.trim() || !url ? inner : [...inner, ...textNode(`${words ? ' ' : ''}(${url})`, marks)];
  }

  private hashtag(value: string, marks: Mark[], inLink: boolean): DocNode[] {
    const label = cleanTagName(value);
    const mode = this.options.hashtags ?? 'tag';
    if (inLink || mode === 'text' || !label) return textNode(`#${value}`, marks);
    if (mode === 'name') return [nameNode({ name: label, fallback: 'tag', text: `#${value}`, ...cleanMarks(marks) })];
    return [{ type: 'tag', attrs: { label } }];
  }

  private words(value: string, marks: Mark[]): DocNode[] {
    const findNames = this.options.findNames ?? false;
    const embed = this.options.embed;
    if (!embed || !value.includes('![[')) return textWithNames(value, marks, findNames);
    const out: DocNode[] = [];
    let from = 0;
    for (const m of value.matchAll(IMAGE_EMBED)) {
      this.counts.images++;
      // Obsidian's `|300` or `|300x200` after the name is a size, not a description.
      const alt = (m[2] ?? '').trim();
      out.push(...textWithNames(value.slice(from, m.index), marks, findNames), ...embed(m[1]!.trim(), /^\d+(x\d+)?$/.test(alt) ? '' : alt));
      from = m.index + m[0].length;
    }
    out.push(...textWithNames(value.slice(from), marks, findNames));
    return out;
  }
}

/** Text, with @names and [[wiki links]] made NAME_NODEs when `findNames`. */
export function textWithNames(value: string, marks: Mark[], findNames: boolean): DocNode[] {
  if (!findNames || !/[@[]/.test(value)) return textNode(value, marks);
  const found: { at: number; end: number; node: DocNode }[] = [];
  for (const m of value.matchAll(AT_NAME)) {
    const name = (m[1] ?? m[2]!).trim();
    if (name) found.push({ at: m.index, end: m.index + m[0].length, node: nameNode({ name, fallback: 'text', text: m[0], ...cleanMarks(marks) }) });
  }
  for (const m of value.matchAll(WIKI)) {
    const name = (m[1] ?? '').trim();
    if (name) found.push({ at: m.index, end: m.index + m[0].length, node: nameNode({ name, fallback: 'text', text: m[0], ...cleanMarks(marks) }) });
  }
  if (found.length === 0) return textNode(value, marks);
  found.sort((a, b) => a.at - b.at);
  const out: DocNode[] = [];
  let from = 0;
  for (const f of found) {
    if (f.at < from) continue;
    out.push(...textNode(value.slice(from, f.at), marks), f.node);
    from = f.end;
  }
  out.push(...textNode(value.slice(from), marks));
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Markdown text → the blocks of one section of an entry. */
export function markdownToBlocks(markdown: string, options: ReadOptions = {}, parse: ParseOptions = {}): DocNode[] {
  const tree = parseMarkdown(markdown, parse);
  return new Reader(options, tree).blocks(tree.children);
}

/** Already parsed mdast nodes (a part of a bigger document) → blocks. */
export function mdastToBlocks(tree: Root, nodes: readonly RootContent[], options: ReadOptions = {}): DocNode[] {
  return new Reader(options, tree).blocks(nodes);
}
