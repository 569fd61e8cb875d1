/**
 * What the journal tells its callers without being asked: the journal's state changed (it was
 * unlocked, locked — by the person, on idle, or because its worker stopped — or created), and a
 * job (export, backup, import) moved on. The journal worker posts these to the process that relays
 * it; Electron forwards them to the window over IPC and the web host as Server-Sent Events, so the
 * page follows them instead of polling. Plain types and a guard: safe in the renderer.
 */
import type { JobStatus, VaultStatus } from './contract';

/** Why the journal is locked now, when it did not happen at the page's own request. */
export const lockCauses = ['request', 'idle', 'suspend', 'lock-screen', 'restore', 'stopped'] as const;
export type LockCause = (typeof lockCauses)[number];

export type JournalEvent =
  | { name: 'status'; detail: VaultStatus & { cause?: LockCause } }
  | { name: 'job'; detail: JobStatus }
  /**
   * A sync round ran (electron/core/sync): files written and applied, entries, people or settings
   * `changed` here by what it applied, files `waiting` (still being copied), files it could not read.
   */
  | { name: 'sync'; detail: { changed: number; applied: number; wrote: number; waiting: number; problems: number } };

export type JournalEventName = JournalEvent['name'];

export function isJournalEvent(value: unknown): value is JournalEvent {
  if (!value || typeof value !== 'object') return false;
  const { name, detail } = value as { name?: unknown; detail?: unknown };
  if (!detail || typeof detail !== 'object') return false;
  if (name === 'status') return ['new', 'locked', 'unlocked'].includes((detail as { state?: unknown }).state as string);
  if (name === 'job') return typeof (detail as { id?: unknown }).id === 'string' && typeof (detail as { state?: unknown }).state === 'string';
  if (name === 'sync') return typeof (detail as { changed?: unknown }).changed === 'number';
  return false;
}
