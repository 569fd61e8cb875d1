import { Node, mergeAttributes, type Editor } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode, type ResolvedPos } from '@tiptap/pm/model';
import { Plugin, PluginKey, Selection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { sectionKinds, sectionTitles, type SectionKind } from '../../../electron/shared/doc';
import { normalizeOnMount } from './normalizeOnMount';

export interface SectionOptions {
  /**
   * HTML attributes added to every section element.
   * @default {}
   * @example { class: 'entry-section' }
   */
  HTMLAttributes: Record<string, string>;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    section: {
      /**
       * Puts the cursor in a section (at its first or last text position) and scrolls to it.
       * Chain it after `focus()` to give the editor keyboard focus as well.
       * @example editor.chain().focus().focusSection('unsaid').run()
       */
      focusSection: (kind: SectionKind, where?: 'start' | 'end') => ReturnType;
    };
  }
}

export const sectionStructureKey = new PluginKey('sectionStructure');

export function isSectionKind(value: unknown): value is SectionKind {
  return typeof value === 'string' && (sectionKinds as readonly string[]).includes(value);
}

/** Where each section sits in a document: `pos` is the position just before the section node. */
export function sectionPositions(doc: PMNode): { kind: SectionKind; pos: number; node: PMNode }[] {
  const out: { kind: SectionKind; pos: number; node: PMNode }[] = [];
  doc.forEach((node, pos, index) => {
    if (node.type.name === 'section') out.push({ kind: sectionKinds[index] ?? 'note', pos, node });
  });
  return out;
}

export function findSection(doc: PMNode, kind: SectionKind): { pos: number; node: PMNode } | null {
  return sectionPositions(doc).find((s) => s.kind === kind) ?? null;
}

/** From the first to the last text position of a section. */
export function sectionTextRange(doc: PMNode, kind: SectionKind): { from: number; to: number } | null {
  const found = findSection(doc, kind);
  if (!found) return null;
  const start = Selection.findFrom(doc.resolve(found.pos + 1), 1, true);
  const end = Selection.findFrom(doc.resolve(found.pos + found.node.nodeSize - 1), -1, true);
  return start && end ? { from: start.from, to: end.to } : null;
}

/** The section a resolved position lies in, or null at the top level. */
export function sectionAt($pos: ResolvedPos): SectionKind | null {
  if ($pos.depth < 1) return null;
  const node = $pos.node(1);
  return node.type.name === 'section' && isSectionKind(node.attrs.kind) ? node.attrs.kind : null;
}

/**
 * Restores each section's kind from its place (1st Given … 4th Note). The schema already keeps
 * exactly four sections; kinds can drift when a wide deletion makes ProseMirror refill the document
 * with fresh default sections.
 */
export function restoreSectionKinds(state: EditorState): Transaction | null {
  const tr = state.tr;
  state.doc.forEach((node, pos, index) => {
    const expected = sectionKinds[index];
    if (node.type.name === 'section' && expected && node.attrs.kind !== expected) tr.setNodeAttribute(pos, 'kind', expected);
  });
  return tr.docChanged ? tr : null;
}

/** Unwraps section nodes from a pasted or dropped slice, so copying across sections pastes their content. */
function flattenSections(slice: Slice): Slice {
  let hasSection = false;
  slice.content.forEach((node) => {
    if (node.type.name === 'section') hasSection = true;
  });
  if (!hasSection) return slice;
  const nodes: PMNode[] = [];
  slice.content.forEach((node) => {
    if (node.type.name === 'section') node.content.forEach((child) => nodes.push(child));
    else nodes.push(node);
  });
  const first = slice.content.firstChild;
  const last = slice.content.lastChild;
  const openStart = first?.type.name === 'section' ? Math.max(0, slice.openStart - 1) : slice.openStart;
  const openEnd = last?.type.name === 'section' ? Math.max(0, slice.openEnd - 1) : slice.openEnd;
  return new Slice(Fragment.from(nodes), openStart, openEnd);
}

/**
 * One part of an entry: Given, Received, Unsaid or Note. Sections cannot be selected, dragged or
 * deleted as a whole, and editing commands do not join one into another (`isolating`). Each renders
 * as `<section role="region" aria-label="Given">`, the landmark people and tests find it by.
 */
export const Section = Node.create<SectionOptions>({
  name: 'section',
  content: 'block+',
  defining: true,
  isolating: true,
  selectable: false,
  draggable: false,

  addOptions() {
    return { HTMLAttributes: {} };
  },

  addAttributes() {
    return {
      kind: {
        // Only used when ProseMirror has to create a section itself; restoreSectionKinds corrects it.
        default: 'note',
        parseHTML: (element) => {
          const kind = element.getAttribute('data-section');
          return isSectionKind(kind) ? kind : 'note';
        },
        renderHTML: (attributes) => {
          const kind: SectionKind = isSectionKind(attributes.kind) ? attributes.kind : 'note';
          return { 'data-section': kind, 'aria-label': sectionTitles[kind] };
        },
      },
    };
  },

  parseHTML() {
    return [{ tag: 'section[data-section]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['section', mergeAttributes({ role: 'region', class: 'entry-section' }, this.options.HTMLAttributes, HTMLAttributes), 0];
  },

  addCommands() {
    return {
      focusSection:
        (kind, where = 'end') =>
        ({ tr, dispatch }) => {
          const found = findSection(tr.doc, kind);
          if (!found) return false;
          const selection =
            where === 'start'
              ? Selection.findFrom(tr.doc.resolve(found.pos + 1), 1, true)
              : Selection.findFrom(tr.doc.resolve(found.pos + found.node.nodeSize - 1), -1, true);
          if (!selection) return false;
          if (dispatch) tr.setSelection(selection).scrollIntoView();
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      // Select all takes the current section first — what formatting commands can act on — and
      // the whole entry on a second press.
      'Mod-a': ({ editor }) => {
        const { state } = editor;
        const kind = sectionAt(state.selection.$from);
        if (!kind || kind !== sectionAt(state.selection.$to)) return false;
        const range = sectionTextRange(state.doc, kind);
        if (!range || (state.selection.from === range.from && state.selection.to === range.to)) return false;
        editor.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, range.from, range.to)));
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: sectionStructureKey,
        appendTransaction: (transactions, _oldState, newState) =>
          transactions.some((tr) => tr.docChanged) ? restoreSectionKinds(newState) : null,
        props: {
          transformPasted: (slice) => flattenSections(slice),
          handleDOMEvents: {
            // A click in a section's empty space (its padding, below its last line) is a wish to write
            // there: the caret goes into that section, nearest to where the click was.
            mousedown: (view, event) => {
              const target = event.target;
              if (event.button !== 0 || event.shiftKey || !view.editable || !(target instanceof HTMLElement)) return false;
              if (target.tagName !== 'SECTION' || !isSectionKind(target.dataset.section) || target.parentElement !== view.dom) return false;
              const kind = target.dataset.section;
              const range = sectionTextRange(view.state.doc, kind);
              if (!range) return false;
              const blocks = [...target.children].filter((child) => !child.classList.contains('entry-section__header'));
              const first = blocks[0]?.getBoundingClientRect();
              const last = blocks[blocks.length - 1]?.getBoundingClientRect();
              let pos = range.to;
              if (first && event.clientY < first.top) pos = range.from;
              else if (last && event.clientY <= last.bottom) {
                const near = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
                if (near !== undefined && near >= range.from && near <= range.to) pos = near;
              }
              const selection = Selection.findFrom(view.state.doc.resolve(pos), pos === range.from ? 1 : -1, true);
              if (!selection) return false;
              event.preventDefault();
              view.focus();
              view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
              return true;
            },
          },
        },
      }),
    ];
  },

  onBeforeCreate() {
    normalizeOnMount(this.editor, restoreSectionKinds);
  },
});

/**
 * Gives the editor focus with the cursor in a section — for "write in Unsaid" links, keyboard
 * shortcuts and the screen's first focus.
 */
export function focusSection(editor: Editor, kind: SectionKind, where: 'start' | 'end' = 'end'): boolean {
  return editor.chain().focus(null, { scrollIntoView: false }).focusSection(kind, where).run();
}
