/**
 * What any screen inside the unlocked app may ask of it: go somewhere, lock, and make sure
 * unsaved words are saved first. Screens that hold unsaved work register a flusher.
 */
import { createContext, useContext, useEffect } from 'react';
import type { SectionKind } from '../../electron/shared/doc';

export type View =
  | { name: 'composer'; entryId: string | null; key: number; highlight?: SearchHighlight }
  | { name: 'journal' }
  | { name: 'lookBack' }
  | { name: 'people'; personId?: string }
  | { name: 'search'; q?: string }
  | { name: 'settings' };

/** What a search matched, so the opened entry can scroll to it and mark it. */
export interface SearchHighlight {
  /** Words and phrases to mark (as the person typed them; prefixes end without the `*`). */
  terms: { text: string; prefix: boolean }[];
  /** The section the match was found in, scrolled to first; null when unknown. */
  section: SectionKind | null;
}

export interface SessionActions {
  navigate(view: View): void;
  newEntry(): void;
  openEntry(id: string, highlight?: SearchHighlight): void;
  lock(): Promise<void>;
  /**
   * The journal is about to lock on purpose (replacing it with a backup) and the screen has more to
   * say first: until the returned `release` is called or the person locks, the layout does not jump
   * to Unlock. Released, it goes to Unlock if the journal locked meanwhile, showing `note` there.
   */
  holdWhileLocked(): (note?: string) => void;
  /** Unsaved work: called before lock and page unload; resolves when saved (or given up). */
  registerFlusher(flush: () => Promise<unknown>): () => void;
}

export const SessionContext = createContext<SessionActions | null>(null);

export function useSession(): SessionActions {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside the unlocked app');
  return ctx;
}

export function useFlusher(flush: () => Promise<unknown>): void {
  const { registerFlusher } = useSession();
  useEffect(() => registerFlusher(flush), [registerFlusher, flush]);
}
