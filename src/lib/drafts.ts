/**
 * Words that could not be saved before the journal locked (for example after an automatic lock
 * while the host was unreachable). They stay in this window's memory only — never on disk
 * unencrypted — and are saved as soon as the journal is unlocked again.
 */
import type { EntryDoc } from '../../electron/shared/doc';

export interface Draft {
  entryId: string | null;
  date: string;
  doc: EntryDoc;
}

let stashed: Draft | null = null;

export function stashDraft(draft: Draft): void {
  stashed = draft;
}

export function takeDraft(): Draft | null {
  const draft = stashed;
  stashed = null;
  return draft;
}

export function peekDraft(): Draft | null {
  return stashed;
}
