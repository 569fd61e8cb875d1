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
 * Heading levels are shifted by `headingShift` (a Markdown export puts the date at # and the
 * sections at ##, so the editor's levels 3 and 4 become ##### and ######).
 */
import type { BlockContent, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { DocNode } from '../../shared/doc';
import { hashtagToMarkdown, writableAsHashtag } from './hashtag';
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
   * of them alone has that name; otherwise, and without this list, as a link.
   */
  people?: readonly { id: string; name: string }[];
}

/** The order marks nest in, outermost first; one order on both sides keeps `**a** *b*` stable. */
const MARK_ORDER: Mark['type'][] = ['link', 'bold', 'italic', 'strike', 'code'];

function sameMark(a: Mark, b: Mark): boolean {
  return a.type === b.type && (a.type !== 'link' || a.attrs?.href === b.attrs?.href);
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
        const children = this.inline(node.content);
        return children.length ? [{ type: 'paragraph', children }] : [];
      }
      case 'heading': {
        const depth = Math.max(1, Math.min(6, Number(node.attrs?.level ?? 3) + (this.options.headingShift ?? 0))) as 1 | 2 | 3 | 4 | 5 | 6;
        const children = this.inline(node.content);
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
      default:
        return this.blocks(node.content);
    }
  }

  /** A list item's blocks; an item with nothing in it still needs a paragraph to be an item. */
  private itemBlocks(content: DocNode[] | undefined): BlockContent[] {
    const blocks = this.blocks(content);
    return blocks.length ? blocks : [{ type: 'paragraph', children: [] } satisfies Paragraph];
  }

  inline(nodes: DocNode[] | undefined): PhrasingContent[] {
    const runs: Run[] = (nodes ?? []).map((node) => ({ node, marks: node.type === 'text' ? [...(node.marks ?? [])].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type)) : [] }));
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
        if (!label) return [];
        if (writableAsHashtag(label)) return [{ type: 'hashtag', value: label }];
        return [{ type: 'link', url: `mutual:tag/${encodeURIComponent(label)}`, title: null, children: [{ type: 'text', value: `#${label}` }] }];
      }
      default:
        return this.inline(node.content);
    }
  }
}

const base = { bullet: '-', emphasis: '*', strong: '*', rule: '*', fences: true, listItemIndent: 'one', resourceLink: true } as const;
const gfmWriting = gfmToMarkdown();
const tagWriting = hashtagToMarkdown();

/** Blocks of one section → Markdown ('' when nothing is written). */
export function blocksToMarkdown(nodes: DocNode[] | undefined, writeOptions: WriteOptions = {}): string {
  const children = new Writer(writeOptions).blocks(nodes) as RootContent[];
  if (children.length === 0) return '';
  const root: Root = { type: 'root', children };
  const names = writeOptions.people?.map((p) => p.name) ?? [];
  const unique = (name: string) => names.filter((n) => n === name).length === 1;
  return toMarkdown(root, { ...base, extensions: [gfmWriting, tagWriting, mentionToMarkdown(unique)] }).trimEnd();
}
