/**
 * A save from an editor that opened an entry before another computer's change to it was applied
 * here (ARCHITECTURE.md, "Sync through a folder"). The editor sends the whole document as it
 * shows it — the old words plus the person's typing — and saved as it is, that document would
 * undo the other computer's change everywhere. Instead, the editor's own change (its base version
 * → what it sends) is made a Yjs update on the state of its base version and merged into the
 * entry's current state, as if the two computers had typed offline: both keep their words.
 *
 * The editor tells which version it started from (`base`: the entry's `updatedAt` it last loaded
 * or saved, or the `sentBase` a merged save gave it). The states of those versions are kept for
 * entries other computers change (`sync_entry_bases`, a few per entry).
 */
import crypto from 'node:crypto';
import type { EntryDoc } from '../../shared/doc';
import type { Db } from '../db/connection';
import { entryVersion } from '../db/repos/entries';
import * as repo from '../db/repos/sync';
import { collectLocalChanges, isSyncing, queueEntryUpdate } from './engine';
import { docFromState, mergeUpdates, updateFromSavedDoc } from './entryCrdt';

export interface MergedSave {
  /** What to save: the entry as it is now, with the editor's change made on it. */
  doc: EntryDoc;
  /** The version the editor's own document now is, for its next save if it keeps showing it. */
  sentBase: string;
}

/**
 * Null when there is nothing to merge: sync is off, the editor's base is the entry's current
 * version, or its state is not kept (then the document is saved as it is, as before sync).
 */
export function mergeStaleSave(db: Db, input: { entryId: string; base: string; doc: EntryDoc }): MergedSave | null {
  // Cheap checks first: this runs on every save the editor makes in a journal that syncs (the
  // handler table skips it when sync is off; the first check keeps any other caller safe).
  if (!isSyncing(db)) return null;
  const current = entryVersion(db, input.entryId);
  if (current === null || input.base === current) return null;
  const base = repo.baseState(db, input.entryId, input.base);
  if (!base) return null;
  // This computer's own edits since the last round go into the state first: the merge is made on it.
  collectLocalChanges({ db });
  const held = repo.syncEntry(db, input.entryId);
  if (!held || held.state.length === 0) return null;
  const { state: editorView, update } = updateFromSavedDoc(base, input.doc);
  const sentBase = `e:${crypto.randomUUID()}`;
  repo.rememberBase(db, input.entryId, sentBase, editorView);
  if (!update) return { doc: docFromState(held.state), sentBase };
  const merged = mergeUpdates(held.state, [update]);
  queueEntryUpdate(db, input.entryId, merged, update);
  return { doc: docFromState(merged), sentBase };
}
