/**
 * The messages between the journal worker (journalWorker.ts) and the thread that relays it
 * (client.ts): structured-clone-able plain objects only. ARCHITECTURE.md, "The journal worker".
 */
import type { ChannelName } from '../../shared/channels';
import type { JournalEvent, LockCause } from '../../shared/events';
import type { Result } from '../../shared/result';

export interface WorkerData {
  vaultDir: string;
  /** Background indexing timing, for tests and benchmarks. */
  indexing?: { quietMs?: number; maxLagMs?: number };
}

/** What the relaying thread may ask besides channel calls. */
export type ControlRequest =
  | { op: 'lock'; cause: LockCause }
  /** A copy of the data key for "remember on this device", transferred out (the worker keeps none). */
  | { op: 'copyDataKey' }
  /** Unlock with a remembered data key; `key` is transferred in and zeroed by the worker. */
  | { op: 'unlockWithDataKey'; key: Uint8Array }
  /** Resolves once saved entries are all in the search index (tests and benchmarks). */
  | { op: 'indexIdle' }
  /** What a relay needs to serve a photo's variant: its type, size and number of pieces (null: none). */
  | { op: 'photoInfo'; photoId: string; variant: 'original' | 'medium' | 'small' }
  /** One piece of a photo's variant, transferred out: the relay asks for the next when it can send it. */
  | { op: 'photoPiece'; photoId: string; variant: 'original' | 'medium' | 'small'; n: number }
  /** Test only: make the worker fail as a crash would. */
  | { op: 'crash' };

export type ToWorker = { kind: 'call'; id: number; channel: ChannelName; input: unknown } | { kind: 'control'; id: number; request: ControlRequest };

export type FromWorker =
  | { kind: 'ready'; state: 'new' | 'locked' | 'unlocked' }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: JournalEvent }
  /** Unexpected failures, for the host's log only (never sent to the page). */
  | { kind: 'log'; message: string; detail: string };
