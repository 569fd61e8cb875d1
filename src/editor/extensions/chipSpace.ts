import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

export const chipSpaceKey = new PluginKey<number | null>('chipSpace');

/**
 * Marks the space a chip (a mention, a tag) was just inserted with, the caret right after it: the
 * space the person types next is then the one already there, not a second one.
 */
export function rememberChipSpace(tr: Transaction): Transaction {
  return tr.setMeta(chipSpaceKey, tr.selection.empty ? tr.selection.from : null);
}

/** Meta for a transaction that changes the document without being the person moving on. */
export const keepsChipSpace = 'keepsChipSpace';

/**
 * Choosing a person or a tag from a list inserts it followed by a space, because that is what comes
 * next almost always; but a person typing on without looking types that space too. The first space
 * typed at exactly that place, before anything else happens, is taken as the one already there.
 */
export const ChipSpace = Extension.create({
  name: 'chipSpace',

  addProseMirrorPlugins() {
    const swallow = (view: EditorView) => {
      view.dispatch(view.state.tr.setMeta(chipSpaceKey, null));
      return true;
    };
    return [
      new Plugin<number | null>({
        key: chipSpaceKey,
        state: {
          init: () => null,
          apply: (tr, value) => {
            const set = tr.getMeta(chipSpaceKey) as number | null | undefined;
            if (set !== undefined) return set;
            if (value === null) return null;
            // Filling in a placeholder's id, or the editor's own fix-ups, is not the person moving on.
            if (tr.getMeta(keepsChipSpace) || tr.getMeta('appendedTransaction')) return tr.mapping.map(value);
            return tr.docChanged || tr.selectionSet ? null : value;
          },
        },
        props: {
          handleKeyDown: (view, event) => {
            const { empty, from } = view.state.selection;
            if (event.key !== ' ' || event.ctrlKey || event.metaKey || event.altKey || !empty || chipSpaceKey.getState(view.state) !== from) return false;
            return swallow(view);
          },
          handleTextInput: (view, from, to, text) => {
            if (text !== ' ' || from !== to || chipSpaceKey.getState(view.state) !== from) return false;
            return swallow(view);
          },
        },
      }),
    ];
  },
});
