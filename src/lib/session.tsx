/**
 * What any screen inside the unlocked app may ask of it: go somewhere, lock, and make sure
 * unsaved words are saved first. Screens that hold unsaved work register a flusher.
 */
import { createContext, useContext, useEffect } from 'react';

export type View =
  | { name: 'composer'; entryId: string | null; key: number }
  | { name: 'journal' }
  | { name: 'people'; personId?: string }
  | { name: 'search' }
  | { name: 'settings' };

export interface SessionActions {
  navigate(view: View): void;
  newEntry(): void;
  openEntry(id: string): void;
  lock(): Promise<void>;
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
