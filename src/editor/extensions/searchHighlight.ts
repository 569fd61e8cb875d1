import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { SectionKind } from '../../../electron/shared/doc';
import { hasUnspacedScript } from '../../../electron/shared/segment';
import { sectionAt } from './section';

/** A word or phrase the search matched; `prefix`: its last word matches the start of words. */
export interface SearchHighlightTerm {
  text: string;
  prefix: boolean;
}

/** What to mark: the search's words and phrases, and the section the hit was found in. */
export interface SearchHighlightQuery {
  terms: readonly SearchHighlightTerm[];
  /** The first match here is the one scrolled to; otherwise the first in the entry. */
  section?: SectionKind | null;
}

export interface SearchHighlightOptions {
  /**
   * Class of every marked match (a `<mark>` element around the matched text).
   * @default 'search-match'
   */
  className: string;
  /**
   * Class added to the match scrolled to (also `data-search-match="current"`).
   * @default 'search-match--current'
   */
  currentClassName: string;
}

export interface SearchMatch {
  from: number;
  to: number;
}

export interface SearchHighlightState {
  matches: SearchMatch[];
  /** Index in `matches` of the one scrolled to, or -1. */
  current: number;
  decorations: DecorationSet;
  /** Bumped when a new highlight asks to be scrolled into view. */
  scrollRequest: number;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    searchHighlight: {
      /**
       * Marks every match of the search's terms (accents and case ignored, as the search index
       * does), puts the caret at the first match (in `section` if there is one there) and scrolls
       * it into view. Decorations only: the document does not change, so nothing is saved.
       * Returns whether anything matched.
       * @example editor.commands.setSearchHighlight({ terms: [{ text: 'peonies', prefix: false }], section: 'received' })
       */
      setSearchHighlight: (query: SearchHighlightQuery, options?: { scroll?: boolean }) => ReturnType;
      /** Removes the marks (also done by typing in the entry or pressing Escape). */
      clearSearchHighlight: () => ReturnType;
    };
  }
}

export const searchHighlightKey = new PluginKey<SearchHighlightState>('searchHighlight');

type Meta = { type: 'set'; matches: SearchMatch[]; current: number; scroll: boolean } | { type: 'clear' };

const EMPTY: SearchHighlightState = { matches: [], current: -1, decorations: DecorationSet.empty, scrollRequest: 0 };

// Characters the search index treats as parts of words (unicode61: letters, numbers, private use,
// and — with remove_diacritics — combining marks).
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** Case and accents folded the way the index's `unicode61 remove_diacritics 2` folds them (closely). */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase().replace(/\p{Mn}/gu, '');
}

let graphemes: Intl.Segmenter | null = null;

interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Splits folded text into the words the index sees: runs of word characters, except that each
 * character of a script written without spaces (Chinese, Japanese, Korean, Thai …) is a word of
 * its own, as electron/shared/segment.ts makes it for the index. 台北 is then the two words 台 北,
 * found together inside 我们在台北回家, and Latin words are untouched.
 */
export function wordTokens(folded: string): Token[] {
  const out: Token[] = [];
  for (const m of folded.matchAll(WORD)) {
    const run = m[0];
    const at = m.index;
    if (!hasUnspacedScript(run)) {
      out.push({ text: run, start: at, end: at + run.length });
      continue;
    }
    graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    let spaced: Token | null = null;
    for (const { segment, index } of graphemes.segment(run)) {
      const start = at + index;
      if (hasUnspacedScript(segment)) {
        if (spaced) out.push(spaced);
        spaced = null;
        out.push({ text: segment, start, end: start + segment.length });
      } else if (spaced) {
        spaced.text += segment;
        spaced.end = start + segment.length;
      } else {
        spaced = { text: segment, start, end: start + segment.length };
      }
    }
    if (spaced) out.push(spaced);
  }
  return out;
}

/** The words of a term as the index splits and folds them. */
export function searchWords(text: string): string[] {
  return wordTokens(foldForSearch(text)).map((t) => t.text);
}

interface Folded {
  text: string;
  /** For each folded UTF-16 unit, the document range of the character it came from. */
  from: number[];
  to: number[];
}

/** A textblock's text, folded, with a way back to document positions. Mentions read as their names. */
function foldTextblock(block: PMNode, start: number): Folded {
  const out: Folded = { text: '', from: [], to: [] };
  const push = (folded: string, from: number, to: number) => {
    out.text += folded;
    for (let i = 0; i < folded.length; i++) {
      out.from.push(from);
      out.to.push(to);
    }
  };
  block.forEach((child, offset) => {
    const pos = start + offset;
    if (child.isText) {
      // By grapheme, so that a mark folded away (a Thai tone mark, an accent) is still inside the
      // range of the character it sits on.
      graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      for (const { segment, index } of graphemes.segment(child.text ?? '')) {
        push(foldForSearch(segment), pos + index, pos + index + segment.length);
      }
    } else if (typeof child.attrs.label === 'string' && child.attrs.label) {
      // A mention: its name counts as words, and a match on it marks the whole mention.
      push(` ${foldForSearch(child.attrs.label)} `, pos, pos + child.nodeSize);
    } else {
      push(' ', pos, pos + child.nodeSize);
    }
  });
  return out;
}

/** Every match of the terms in the document, in document order, overlapping matches joined. */
export function findSearchMatches(doc: PMNode, terms: readonly SearchHighlightTerm[]): SearchMatch[] {
  const wanted = terms.map((t) => ({ words: searchWords(t.text), prefix: t.prefix })).filter((t) => t.words.length > 0);
  if (wanted.length === 0) return [];
  const found: SearchMatch[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const folded = foldTextblock(node, pos + 1);
    const tokens = wordTokens(folded.text);
    for (const { words, prefix } of wanted) {
      for (let i = 0; i + words.length <= tokens.length; i++) {
        const ok = words.every((word, j) => {
          const token = tokens[i + j]!.text;
          return prefix && j === words.length - 1 ? token.startsWith(word) : token === word;
        });
        if (!ok) continue;
        found.push({ from: folded.from[tokens[i]!.start]!, to: folded.to[tokens[i + words.length - 1]!.end - 1]! });
      }
    }
    return false;
  });
  found.sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: SearchMatch[] = [];
  for (const m of found) {
    const last = merged[merged.length - 1];
    if (last && m.from <= last.to) last.to = Math.max(last.to, m.to);
    else merged.push({ ...m });
  }
  return merged;
}

function decorate(doc: PMNode, matches: SearchMatch[], current: number, options: SearchHighlightOptions): DecorationSet {
  return DecorationSet.create(
    doc,
    matches.map((m, i) =>
      Decoration.inline(
        m.from,
        m.to,
        i === current
          ? { nodeName: 'mark', class: `${options.className} ${options.currentClassName}`, 'data-search-match': 'current' }
          : { nodeName: 'mark', class: options.className, 'data-search-match': '' },
      ),
    ),
  );
}

/** The search's marks and the one scrolled to, as the editor holds them now. */
export function searchHighlightState(state: EditorState): SearchHighlightState {
  return searchHighlightKey.getState(state) ?? EMPTY;
}

/**
 * Opens an entry "at the match": marks what a search found with `<mark class="search-match">`
 * decorations, scrolls the first match (preferring the hit's section) into view and puts the caret
 * there. The marks are never part of the document, so autosave does not see them, and they go as
 * soon as the person changes the text or presses Escape.
 */
export const SearchHighlight = Extension.create<SearchHighlightOptions>({
  name: 'searchHighlight',

  addOptions() {
    return { className: 'search-match', currentClassName: 'search-match--current' };
  },

  addCommands() {
    return {
      setSearchHighlight:
        (query, { scroll = true } = {}) =>
        ({ tr, dispatch }) => {
          const matches = findSearchMatches(tr.doc, query.terms);
          const inSection = query.section ? matches.findIndex((m) => sectionAt(tr.doc.resolve(m.from)) === query.section) : -1;
          const current = matches.length === 0 ? -1 : Math.max(0, inSection);
          if (dispatch) {
            tr.setMeta(searchHighlightKey, { type: 'set', matches, current, scroll } satisfies Meta).setMeta('addToHistory', false);
            if (current >= 0) tr.setSelection(TextSelection.create(tr.doc, matches[current]!.from));
          }
          return matches.length > 0;
        },
      clearSearchHighlight:
        () =>
        ({ tr, state, dispatch }) => {
          if (searchHighlightState(state).matches.length === 0) return false;
          if (dispatch) tr.setMeta(searchHighlightKey, { type: 'clear' } satisfies Meta).setMeta('addToHistory', false);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<SearchHighlightState>({
        key: searchHighlightKey,
        state: {
          init: () => EMPTY,
          apply: (tr, value) => {
            const meta = tr.getMeta(searchHighlightKey) as Meta | undefined;
            if (meta?.type === 'set') {
              return {
                matches: meta.matches,
                current: meta.current,
                decorations: decorate(tr.doc, meta.matches, meta.current, options),
                scrollRequest: meta.scroll ? value.scrollRequest + 1 : value.scrollRequest,
              };
            }
            if (meta?.type === 'clear') return { ...EMPTY, scrollRequest: value.scrollRequest };
            if (!tr.docChanged || value.matches.length === 0) return value;
            // Fixes the editor makes by itself (normalizing, ids) keep the marks; the person's own
            // change — typing, pasting, deleting — means they have moved on from the search.
            if (tr.getMeta('appendedTransaction') || tr.getMeta('addToHistory') === false) {
              const matches = value.matches
                .map((m) => ({ from: tr.mapping.map(m.from, 1), to: tr.mapping.map(m.to, -1) }))
                .filter((m) => m.to > m.from);
              return { ...value, matches, current: Math.min(value.current, matches.length - 1), decorations: value.decorations.map(tr.mapping, tr.doc) };
            }
            return { ...EMPTY, scrollRequest: value.scrollRequest };
          },
        },
        props: {
          decorations: (state) => searchHighlightState(state).decorations,
          handleKeyDown: (view, event) => {
            if (event.key !== 'Escape' || searchHighlightState(view.state).matches.length === 0) return false;
            view.dispatch(view.state.tr.setMeta(searchHighlightKey, { type: 'clear' } satisfies Meta).setMeta('addToHistory', false));
            return true;
          },
        },
        view: () => ({
          update: (view, previous) => {
            const now = searchHighlightState(view.state);
            if (now.scrollRequest === searchHighlightState(previous).scrollRequest) return;
            const element = view.dom.querySelector(`.${options.currentClassName}`);
            if (element && typeof element.scrollIntoView === 'function') element.scrollIntoView({ block: 'center', inline: 'nearest' });
          },
        }),
      }),
    ];
  },
});
