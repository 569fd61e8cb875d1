import { InputRule, Node, mergeAttributes, type Editor, type Range } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionOptions } from '@tiptap/suggestion';
import { cleanTagName, tagKey } from '../../../electron/shared/doc';
import { suggestionListRenderer } from '../mentionList';
import { rememberChipSpace } from './chipSpace';

/** One row of the #-suggestion list: a tag the journal has, or the offer of a new one. */
export type TagSuggestion = { kind: 'tag'; name: string } | { kind: 'create'; name: string };

export interface TagOptions {
  /**
   * Names of the journal's tags that match what follows "#" (the query may be empty: offer the
   * most used). Names come without "#".
   * @default () => []
   */
  findTags: (query: string) => string[] | Promise<string[]>;
  /**
   * Told when a tag the journal did not have yet goes into the text, so a list of tags kept in
   * memory can offer it next time.
   * @default null
   */
  onNewTag: ((name: string) => void) | null;
  /**
   * Most rows in the list, the "new tag" row included.
   * @default 8
   */
  maxItems: number;
  /**
   * Whether "#word" followed by a space becomes a tag without choosing it from the list. Only a
   * word with a letter in it does ("#1" stays text).
   * @default true
   */
  tagOnSpace: boolean;
  /**
   * HTML attributes of every tag chip.
   * @default { class: 'tag' }
   */
  HTMLAttributes: Record<string, string>;
  /**
   * Overrides any part of the suggestion (items, render, char …).
   * @default {}
   */
  suggestion: Partial<SuggestionOptions<TagSuggestion, TagSuggestion>>;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    tag: {
      /**
       * Puts a tag at the caret (or in place of `range`), followed by a space. The name is cleaned
       * as the journal keeps it (cleanTagName: no leading #, one line, at most 64 characters);
       * nothing happens when nothing usable is left.
       * @example editor.commands.insertTag('travel')
       */
      insertTag: (name: string, range?: Range) => ReturnType;
    };
  }
}

export const tagSuggestionKey = new PluginKey('tagSuggestion');

/**
 * "#word " typed: a word with at least one letter, after a space or at the start of the text, ended
 * by a space. Not by Enter (tiptap runs input rules on Enter too): Enter belongs to the list.
 */
export const tagInputRegex = /(?:^|\s)#([\p{L}\p{N}\p{M}_-]*[\p{L}][\p{L}\p{N}\p{M}_-]*)[ \u00a0]$/u;

/** Each tag in an editor document once (the first spelling wins), in document order. */
export function tagsInDoc(doc: PMNode, typeName = 'tag'): string[] {
  const seen = new Map<string, string>();
  doc.descendants((node) => {
    if (node.type.name !== typeName) return true;
    const name = cleanTagName(String(node.attrs.label ?? ''));
    if (name && !seen.has(tagKey(name))) seen.set(tagKey(name), name);
    return false;
  });
  return [...seen.values()];
}

/** The rows for a query: matching tags, then "New tag" when the name is new. */
export async function tagSuggestions(query: string, options: Pick<TagOptions, 'findTags' | 'maxItems'>): Promise<TagSuggestion[]> {
  const name = cleanTagName(query);
  const found = await options.findTags(name);
  const rows: TagSuggestion[] = found.slice(0, options.maxItems).map((tag) => ({ kind: 'tag', name: tag }));
  if (name && !found.some((tag) => tagKey(tag) === tagKey(name))) {
    if (rows.length >= options.maxItems) rows.length = Math.max(0, options.maxItems - 1);
    rows.push({ kind: 'create', name });
  }
  return rows;
}

function insertTagAt(editor: Editor, range: Range, name: string): boolean {
  return editor
    .chain()
    .focus()
    .insertTag(name, range)
    .command(({ tr }) => {
      rememberChipSpace(tr);
      return true;
    })
    .run();
}

/**
 * A tag inline in the text (`tag` with attrs `{ label }`, electron/shared/doc.ts), shown as a chip
 * "#travel" and read as the plain text "#travel". Typing "#" in any section opens the list of the
 * journal's tags, in the same list style as @mentions (suggestionListRenderer), with "New tag
 * “…”" for a name it does not have; "#word" and a space make a tag too (`tagOnSpace`).
 */
export const Tag = Node.create<TagOptions>({
  name: 'tag',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: false,

  addOptions() {
    return { findTags: () => [], onNewTag: null, maxItems: 8, tagOnSpace: true, HTMLAttributes: { class: 'tag' }, suggestion: {} };
  },

  addAttributes() {
    return {
      label: {
        default: '',
        parseHTML: (element) => cleanTagName(element.getAttribute('data-label') ?? element.textContent ?? ''),
        renderHTML: (attributes) => ({ 'data-label': String(attributes.label ?? '') }),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: `span[data-type="${this.name}"]`,
        // A chip without a usable name stays out; its text, if any, is lost with it, as it was only "#".
        getAttrs: (element: HTMLElement) => (cleanTagName(element.getAttribute('data-label') ?? element.textContent ?? '') ? null : false),
      },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    return ['span', mergeAttributes({ 'data-type': this.name }, this.options.HTMLAttributes, HTMLAttributes), `#${String(node.attrs.label ?? '')}`];
  },

  renderText({ node }) {
    return `#${String(node.attrs.label ?? '')}`;
  },

  addCommands() {
    return {
      insertTag:
        (name, range) =>
        ({ tr, state, dispatch }) => {
          const label = cleanTagName(name);
          const type = state.schema.nodes[this.name];
          if (!label || !type) return false;
          const from = range?.from ?? tr.selection.from;
          let to = range?.to ?? tr.selection.to;
          // A following space is reused rather than doubled.
          if (tr.doc.resolve(to).nodeAfter?.text?.startsWith(' ')) to += 1;
          if (!tr.doc.resolve(from).parent.type.contentMatch.matchType(type)) return false;
          if (dispatch) tr.replaceWith(from, to, [type.create({ label }), state.schema.text(' ')]);
          return true;
        },
    };
  },

  addInputRules() {
    if (!this.options.tagOnSpace) return [];
    const type = this.type;
    const options = this.options;
    return [
      new InputRule({
        find: tagInputRegex,
        handler: ({ state, range, match }) => {
          const label = cleanTagName(match[1] ?? '');
          // The rule's text includes the whitespace before "#", which stays.
          const from = range.from + (match[0].length - match[0].trimStart().length);
          if (!label || !state.doc.resolve(from).parent.type.contentMatch.matchType(type)) return null;
          state.tr.replaceWith(from, range.to, [type.create({ label }), state.schema.text(' ')]);
          void Promise.resolve(options.findTags(label)).then((known) => {
            if (!known.some((tag) => tagKey(tag) === tagKey(label))) options.onNewTag?.(label);
          });
        },
      }),
    ];
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    const options = this.options;
    const type = this.type;
    const suggestion: SuggestionOptions<TagSuggestion, TagSuggestion> = {
      editor,
      char: '#',
      pluginKey: tagSuggestionKey,
      items: ({ query }) => tagSuggestions(query, options),
      render: suggestionListRenderer<TagSuggestion>({
        label: 'Tags',
        textOf: (item) => (item.kind === 'tag' ? `#${item.name}` : `New tag “${item.name}”`),
        kindOf: (item) => item.kind,
        loadingText: 'Looking…',
        emptyText: 'No tags yet',
      }),
      allow: ({ state, range }) => !!state.doc.resolve(range.from).parent.type.contentMatch.matchType(type),
      command: ({ editor: target, range, props: item }) => {
        if (insertTagAt(target, range, item.name) && item.kind === 'create') options.onNewTag?.(cleanTagName(item.name));
      },
      ...options.suggestion,
    };
    return [Suggestion(suggestion)];
  },
});
