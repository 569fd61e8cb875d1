/**
 * An entry open in the composer that another computer changed (a sync round applied it here: a
 * `sync` journal event with `changed > 0`) is shown as the journal now has it — but only while the
 * person has no unsaved typing in it. Their words are never replaced: with a change not yet saved
 * (or being saved) the entry is left as it is on screen.
 *
 * The entry is read again (`entries.get`) after each such round; when its document differs from
 * what the editor shows, the editor's content is replaced in place — not undoable, not reported as
 * an edit (so no save follows), the caret kept where it was as far as the new text allows — and the
 * date follows too.
 */
import { useEffect, useRef } from 'react';
import type { Editor } from '@tiptap/core';
import type { Entry } from '../../../electron/shared/contract';
import type { EntryDoc } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { onJournalEvent } from '../../lib/events';

/** Whether two documents hold the same thing, whatever the order of their keys (null = left out). */
export function sameDoc(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameDoc(item, b[i]));
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  // An attribute set to null reads as one left out (its default), as the editor treats it.
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] != null);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] != null);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameDoc((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface SyncRefreshOptions {
  /** The entry shown (null while a new entry has not been saved yet). */
  entryId: () => string | null;
  /** The editor, once there (an entry shown as plain text has none). */
  editor: () => Editor | null;
  /** True when nothing typed is unsaved and no save is on its way. */
  clean: () => boolean;
  /** The journal's entry is shown now (to follow its date, and save from the new text). */
  onReplaced: (entry: Entry) => void;
}

/** Replaces the editor's document with the journal's, keeping the caret near where it was. */
export function showSyncedDoc(editor: Editor, doc: EntryDoc): boolean {
  if (sameDoc(editor.getJSON(), doc)) return false;
  const { from, to } = editor.state.selection;
  editor
    .chain()
    .setMeta('addToHistory', false)
    .setContent(doc as unknown as Parameters<Editor['commands']['setContent']>[0], { emitUpdate: false })
    .run();
  // Where the caret was, as far as the new text reaches (a selection alone is not an edit).
  const size = editor.state.doc.content.size;
  editor.commands.setTextSelection({ from: Math.min(from, size), to: Math.min(to, size) });
  return true;
}

export function useSyncRefresh(options: SyncRefreshOptions): void {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    let live = true;
    let reading = false;
    let again = false;

    const refresh = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      const id = latest.current.entryId();
      if (!id || !latest.current.clean()) return;
      reading = true;
      const r = await call('entries.get', { id });
      reading = false;
      if (!live) return;
      if (again) {
        again = false;
        return refresh();
      }
      // Deleted elsewhere, or the journal locked meanwhile: what is on screen stays.
      if (!r.ok || r.value.id !== latest.current.entryId()) return;
      const editor = latest.current.editor();
      // Typing that started while the entry was read wins: checked again now, nothing runs in between.
      if (!editor || editor.isDestroyed || !latest.current.clean()) return;
      showSyncedDoc(editor, r.value.doc);
      latest.current.onReplaced(r.value);
    };

    const off = onJournalEvent((event) => {
      if (event.name === 'sync' && event.detail.changed > 0) void refresh();
    });
    return () => {
      live = false;
      off();
    };
  }, []);
}

/**
 * After a save: the version the editor's document now is. A save merged with another computer's
 * change (`sentBase` set) saved more than the editor sent; the editor shows the merged entry when
 * nothing was typed since the save began, and otherwise keeps its own document, whose version is
 * `sentBase`, until its next save merges again.
 */
export function followSavedVersion(
  saved: Entry & { sentBase?: string },
  sent: EntryDoc,
  editor: Editor | null,
  currentDoc: () => EntryDoc,
  onShown: (read: () => EntryDoc) => void,
): string {
  if (saved.sentBase === undefined) return saved.updatedAt;
  if (!editor || editor.isDestroyed || !sameDoc(currentDoc(), sent)) return saved.sentBase;
  showSyncedDoc(editor, saved.doc);
  onShown(() => editor.getJSON() as unknown as EntryDoc);
  return saved.updatedAt;
}
