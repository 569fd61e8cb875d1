import type { Editor } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';

/**
 * Runs a document fix-up once the editor has a view, synchronously (tiptap's `create` event comes
 * a tick later, after the first paint and possibly after the first keystroke).
 *
 * The fix is neither undoable nor reported as an edit: opening an entry is not changing it, so no
 * autosave fires for it; the repaired document is saved with the person's next real change.
 */
export function normalizeOnMount(editor: Editor, fix: (state: EditorState) => Transaction | null): void {
  editor.on('mount', () => {
    const tr = fix(editor.state);
    if (tr) editor.view.dispatch(tr.setMeta('addToHistory', false).setMeta('preventUpdate', true));
  });
}
