/**
 * The entry document → Markdown, through mdast-util-to-markdown with GFM and the journal's `#tag`
 * syntax: the writer decides every escape, so what it writes reads back (fromMarkdown.ts) as the
 * same blocks. What Markdown has no syntax for is written as links Mutual reads back:
 *
 * - a mention: `@Ana Lucía`, read back with the entry's people's names (mention.ts), or
 *   `[@Ana Lucía](mutual:person/<person id>)` where the name alone would not say who it was;
 * - a tag that `#name` cannot carry (spaces, punctuation, only digits):
 *   `[#example tag](mutual:tag/example%20tag)`; every other tag is plain `#name`;
 * - an unsaid item is a task list item, `- [ ]` open, `- [x]` said, `- [x] … *(let go)*` let go
 *   (the entry's front matter lists the states too, so a said item that ends in those words
 *   stays said).
 *
 * - a photo: `![its description](<address>)`, a paragraph of its own, the address given by
 *   `photoUrl` (an export's photo file, `../photos/<id>.jpg`) or else `mutual:photo/<photo id>`,
 *   which the same journal reads back as that photo.
 *
 * Heading levels are shifted by `headingShift` (a Markdown export puts the date at # and the
 * sections at ##, so the editor's levels 3 and 4 become ##### and ######).
 */
import type { BlockContent, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import type { Join, Options as ToMarkdownOptions } from 'mdast-util-to-markdown';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { DocNode } from '../../shared/doc';
import { hashtagToMarkdown } from './hashtag';
import type { MutualMention } from './mention';
import { mentionToMarkdown } from './mention';

type NameOf = (id: string, label: string) => string;
type Mark = NonNullable<DocNode['marks']>[number];

export const LET_GO_MARKER = '(let go)';

export interface WriteOptions {
  nameOf?: NameOf;
  /** Added to the editor's heading level (capped at 6). */
  headingShift?: number;
  /**
   * The entry's people (its front matter lists them): a mention is written `@Name` only when one
   * of them alone has that name, otherwise as a link. Without this list, always as `@Name`.
   */
  people?: readonly { id: string; name: string }[];
  /** Where a photo is to be found beside the Markdown (an export's photo file); default `mutual:photo/<id>`. */
  photoUrl?: (photoId: string) => string | null;
}

/** The order marks nest in, outermost first; one order on both sides keeps `**a** *b*` stable. */
const MARK_ORDER: Mark['type'][] = ['link', 'bold', 'italic', 'strike', 'code'];

function sameMark(a: Mark, b: Mark): boolean {
  return a.type === b.type && (a.type !== 'link' || a.attrs?.href === b.attrs?.href);
}

/**
 * A paragraph's content without line breaks and spaces at its very start and end: Markdown has
 * no plain way to write them (a `\` there is a backslash, edge spaces are dropped, and the
 * writer's &#x20; for them can be undone by a backslash before it), and they show nothing.
 */
export function trimEdges(nodes: DocNode[] | undefined): DocNode[] {
  const list = (nodes ?? []).map((n) => ({ ...n }));
  for (;;) {
    const first = list[0];
    if (first?.type === 'hardBreak') list.shift();
    else if (first?.type === 'text' && /^[ \t]/.test(first.text ?? '')) {
      first.text = (first.text ?? '').replace(/^[ \t]+/, '');
      if (!first.text) list.shift();
    } else break;
  }
  for (;;) {
    const last = list[list.length - 1];
    if (last?.type === 'hardBreak') list.pop();
    else if (last?.type === 'text' && /[ \t]$/.test(last.text ?? '')) {
      last.text = (last.text ?? '').replace(/[ \t]+$/, '');
      if (!last.text) list.pop();
    } else break;
  }
  return list;
}

function sameMarks(a: Mark[], b: Mark[]): boolean {
  return a.length === b.length && a.every((m, i) => sameMark(m, b[i]!));
}

interface Run {
  node: DocNode;
  marks: Mark[];
}

class Writer {
  constructor(private readonly options: WriteOptions) {}

  private nameOf(id: string, label: string): string {
    return this.options.nameOf ? this.options.nameOf(id, label) : label;
  }

  blocks(nodes: DocNode[] | undefined): BlockContent[] {
    const out: BlockContent[] = [];
    for (const node of nodes ?? []) out.push(...this.block(node));
    return out;
  }

  private block(node: DocNode): BlockContent[] {
    switch (node.type) {
      case 'paragraph': {
        const children = this.inline(trimEdges(node.content));
        return children.length ? [{ type: 'paragraph', children }] : [];
      }
      case 'heading': {
        const depth = Math.max(1, Math.min(6, Number(node.attrs?.level ?? 3) + (this.options.headingShift ?? 0))) as 1 | 2 | 3 | 4 | 5 | 6;
        // A Markdown heading is one line: each run of line breaks in it becomes a space.
        const flat = trimEdges(node.content).filter((n, i, all) => !(n.type === 'hardBreak' && all[i - 1]?.type === 'hardBreak')).map((n): DocNode => (n.type === 'hardBreak' ? { type: 'text', text: ' ' } : n));
        const children = this.inline(flat);
        return children.length ? [{ type: 'heading', depth, children }] : [];
      }
      case 'blockquote': {
        const children = this.blocks(node.content);
        return children.length ? [{ type: 'blockquote', children }] : [];
      }
      case 'bulletList':
      case 'orderedList': {
        const items: ListItem[] = (node.content ?? []).map((item) => ({ type: 'listItem', spread: false, children: this.itemBlocks(item.content) }));
        if (items.length === 0) return [];
        return [{ type: 'list', ordered: node.type === 'orderedList', start: node.type === 'orderedList' ? Number(node.attrs?.start ?? 1) : null, spread: false, children: items }];
      }
      case 'taskList': {
        const items: ListItem[] = [];
        for (const item of node.content ?? []) {
          const children = this.blocks(item.content);
          if (children.length === 0) continue;
          const state = item.attrs?.state;
          if (state === 'letGo') {
            const first = children[0];
            if (first?.type === 'paragraph') first.children.push({ type: 'text', value: ' ' }, { type: 'emphasis', children: [{ type: 'text', value: LET_GO_MARKER }] });
          }
          items.push({ type: 'listItem', spread: false, checked: state === 'said' || state === 'letGo', children });
        }
        return items.length ? [{ type: 'list', ordered: false, spread: false, children: items }] : [];
      }
      case 'horizontalRule':
        return [{ type: 'thematicBreak' }];
      case 'image': {
        // A photo of the journal, by its id: the same journal reads it back as that photo.
        const id = String(node.attrs?.photoId ?? '');
        if (!id) return [];
        const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
        const url = this.options.photoUrl?.(id) ?? `mutual:photo/${encodeURIComponent(id)}`;
        return [{ type: 'paragraph', children: [{ type: 'image', url, alt, title: null }] }];
      }
      default:
        return this.blocks(node.content);
    }
  }

  /**
   * A list item's blocks. An item with nothing in it stays an item with no children: the writer
   * then knows it is empty (a bare "-" under a paragraph would make it a heading) and separates it.
   */
  private itemBlocks(content: DocNode[] | undefined): BlockContent[] {
    return this.blocks(content);
  }

  inline(nodes: DocNode[] | undefined): PhrasingContent[] {
    const runs: Run[] = [];
    for (const node of nodes ?? []) {
      const marks = node.type === 'text' ? [...(node.marks ?? [])].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type)) : [];
      const last = runs[runs.length - 1];
      // Texts with the same marks are one text to the writer: its escapes look at what stands
      // around a character within one text ("1" then ". a" must still be written "1\. a").
      if (node.type === 'text' && last?.node.type === 'text' && sameMarks(last.marks, marks)) last.node = { ...last.node, text: `${last.node.text ?? ''}${node.text ?? ''}` };
      else runs.push({ node, marks });
    }
    return this.nest(runs);
  }

  /**
   * Runs that share their outermost mark are wrapped together, so `**a *b***` is one strong node
   * and never `**a****b**`, which Markdown would read differently.
   */
  private nest(runs: Run[]): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    let i = 0;
    while (i < runs.length) {
      const run = runs[i]!;
      const outer = run.marks[0];
      if (!outer) {
        out.push(...this.leaf(run.node));
        i++;
        continue;
      }
      let j = i + 1;
      while (j < runs.length && runs[j]!.marks[0] && sameMark(runs[j]!.marks[0]!, outer)) j++;
      const inner = runs.slice(i, j).map((r) => ({ node: r.node, marks: r.marks.slice(1) }));
      out.push(this.wrap(outer, inner));
      i = j;
    }
    return out;
  }

  private wrap(mark: Mark, inner: Run[]): PhrasingContent {
    if (mark.type === 'code') return { type: 'inlineCode', value: inner.map((r) => r.node.text ?? '').join('') };
    const children = this.nest(inner);
    if (mark.type === 'bold') return { type: 'strong', children };
    if (mark.type === 'italic') return { type: 'emphasis', children };
    if (mark.type === 'strike') return { type: 'delete', children };
    return { type: 'link', url: String(mark.attrs?.href ?? ''), title: null, children };
  }

  private leaf(node: DocNode): PhrasingContent[] {
    switch (node.type) {
      case 'text':
        return node.text ? [{ type: 'text', value: node.text }] : [];
      case 'hardBreak':
        return [{ type: 'break' }];
      case 'mention': {
        const id = String(node.attrs?.id ?? '');
        return [{ type: 'mutualMention', id, name: this.nameOf(id, String(node.attrs?.label ?? '')) } as MutualMention];
      }
      case 'tag': {
        const label = String(node.attrs?.label ?? '');
        // The hashtag writer decides between `#name` and the link form, knowing what is around it.
        return label ? [{ type: 'hashtag', value: label }] : [];
      }
      default:
        return this.inline(node.content);
    }
  }
}

/** Whether a block's first line would start a numbered list that does not start at 1. */
function opensLateList(node: RootContent | undefined): boolean {
  if (!node) return false;
  if (node.type === 'list') return (node.ordered === true && (node.start ?? 1) !== 1) || opensLateList(node.children[0]);
  if (node.type === 'listItem' || node.type === 'blockquote') return opensLateList(node.children[0]);
  return false;
}

/**
 * A quote, or a list whose first line opens a numbered list not starting at 1, gets a blank line
 * after a paragraph: without one that list would be read as the paragraph's text (the writer's
 * own rule looks at the list itself, not at what is nested at its start).
 */
const separateFromParagraph: Join = (left, right) => (left.type === 'paragraph' && (right.type === 'blockquote' || opensLateList(right)) ? 1 : undefined);
const base: ToMarkdownOptions = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  rule: '-',
  fences: true,
  listItemIndent: 'one',
  resourceLink: true,
  join: [separateFromParagraph],
  // Every "<" before something: with inline code after it, `<` and the code's text could read as
  // an autolink (<&`a@b.co>), which the writer's own rule (a letter, !, / or ? after) misses.
  unsafe: [
    { character: '<', inConstruct: 'phrasing', after: '(?=\\S)' },
    // Every "_": the writer may switch emphasis to _ next to other emphasis (_&#x40;Ana_) and then
    // not escape a "_" inside a word, which would close it early.
    { character: '_', inConstruct: 'phrasing' },
  ],
};
const gfmWriting = gfmToMarkdown();
const tagWriting = hashtagToMarkdown();

/** Blocks of one section → Markdown ('' when nothing is written). */
export function blocksToMarkdown(nodes: DocNode[] | undefined, writeOptions: WriteOptions = {}): string {
  const children = new Writer(writeOptions).blocks(nodes) as RootContent[];
  if (children.length === 0) return '';
  const root: Root = { type: 'root', children };
  const names = writeOptions.people?.map((p) => p.name);
  // Without the entry's people (a person's page, written to be read rather than imported) every
  // mention is written as `@Name`.
  const unique = (name: string) => !names || names.filter((n) => n === name).length === 1;
  return toMarkdown(root, { ...base, extensions: [gfmWriting, tagWriting, mentionToMarkdown(unique)] }).trimEnd();
}
