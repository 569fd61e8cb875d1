/**
 * When the background half of saving runs: the search index rows of queued entries are rewritten
 * (services/indexing.ts) while the person is not waiting for anything.
 *
 * - A write nudges the drainer; it starts once no write has come for `quietMs`, so a burst of
 *   saves is answered first and a typing person's entry is indexed between autosaves.
 * - If writes never pause, it starts anyway once the oldest unindexed write is `maxLagMs` old:
 *   what was saved becomes findable through the index within about a second whatever happens.
 * - It works one entry per event-loop turn, so a call that arrives meanwhile (a save, a search)
 *   waits for at most one entry's rewrite, and it yields as soon as a new write arrives. A long
 *   queue (more than LONG_QUEUE: a journal just joined, or whose indexing a lock interrupted) goes
 *   in batches of about 20 ms a turn, several times faster, once no write has come for 2 s.
 * - It never runs while an import holds its transaction open (the import's rows would otherwise
 *   share a transaction with it), and it starts again after unlock: whatever a crash or a lock
 *   left queued is indexed then.
 * - Once the queue is empty, after CHECKPOINT_AFTER_WRITES writes or more, it folds the write-ahead
 *   log into the database file (a PASSIVE checkpoint), so that no save has to (db/connection.ts).
 * A failure (a full disk) leaves the queue as it is — entries stay findable through the pending
 * index — and the drainer tries again after `retryMs`.
 */
import type { Db } from '../db/connection';
import { queueLength } from '../db/repos/indexQueue';
import { indexQueuedBatch } from '../services/indexing';

export interface IndexDrainerOptions {
  /** The open database, or null while locked. */
  db(): Db | null;
  /** True while writes must wait (an import's transaction is open). */
  blocked(): boolean;
  quietMs?: number;
  maxLagMs?: number;
  retryMs?: number;
  onError?(error: unknown): void;
  /** Told after each entry's index row is written (benchmarks measure the lag with it). */
  onIndexed?(seq: number): void;
}

export const DRAIN_QUIET_MS = 150;
export const DRAIN_MAX_LAG_MS = 600;
/** A queue longer than this is drained in batches of LONG_QUEUE_BUDGET_MS (indexQueuedBatch). */
const LONG_QUEUE = 50;
const LONG_QUEUE_BUDGET_MS = 20;
/** No write for this long: nobody is typing, and the queue may go in batches. */
const BATCH_AFTER_QUIET_MS = 2_000;

/** Writes after which an idle drainer checkpoints: each save adds a few pages of log. */
export const CHECKPOINT_AFTER_WRITES = 32;
const RETRY_MS = 5_000;

export class IndexDrainer {
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private running = false;
  private lastWriteAt = 0;
  /** When the oldest write not yet indexed was made (0 when the queue was empty). */
  private oldestWriteAt = 0;
  private readonly quietMs: number;
  private readonly maxLagMs: number;
  private readonly retryMs: number;
  private idleWaiters: (() => void)[] = [];
  private writesSinceCheckpoint = 0;

  constructor(private readonly options: IndexDrainerOptions) {
    this.quietMs = options.quietMs ?? DRAIN_QUIET_MS;
    this.maxLagMs = options.maxLagMs ?? DRAIN_MAX_LAG_MS;
    this.retryMs = options.retryMs ?? RETRY_MS;
  }

  /** After unlock: index whatever is queued. */
  start(): void {
    this.stop();
    this.lastWriteAt = 0;
    this.oldestWriteAt = performance.now();
    this.schedule(0);
  }

  /** A write was made (and may have queued an entry). */
  nudge(): void {
    const now = performance.now();
    this.lastWriteAt = now;
    this.writesSinceCheckpoint++;
    if (this.oldestWriteAt === 0) this.oldestWriteAt = now;
    if (this.running) return;
    this.schedule(this.delayFrom(now));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.running = false;
    this.wakeIdle();
  }

  /** Resolves once the queue is empty (or the journal locked). For tests and benchmarks. */
  idle(): Promise<void> {
    const db = this.options.db();
    if (!db || queueLength(db) === 0) return Promise.resolve();
    // Someone is waiting for the drain now: it may keep the process alive until done.
    this.timer?.ref();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private delayFrom(now: number): number {
    const quiet = this.lastWriteAt + this.quietMs - now;
    const lag = this.oldestWriteAt + this.maxLagMs - now;
    return Math.max(0, Math.min(quiet, lag));
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = true;
      this.step();
    }, ms);
    // A pending drain must not keep a command or a test process alive (the queue survives anyway),
    // unless someone waits for it (idle()).
    if (this.idleWaiters.length === 0) this.timer.unref();
  }

  private step(): void {
    this.immediate = null;
    const db = this.options.db();
    if (!db) return this.finish();
    if (this.options.blocked()) {
      this.running = false;
      return this.schedule(this.quietMs);
    }
    const now = performance.now();
    // A write came in since the last entry: let the next calls through unless indexing is late.
    if (now - this.lastWriteAt < this.quietMs && now - this.oldestWriteAt < this.maxLagMs) {
      this.running = false;
      return this.schedule(this.delayFrom(now));
    }
    let seqs: number[];
    try {
      // A long queue (a journal just joined or restored) goes in batches of about LONG_QUEUE_BUDGET_MS
      // — but while someone is writing, one entry at a time, so a save waits for one entry at most
      // (batches there took the benchmark's save p95 from 5.8 to 9.1 ms).
      const typing = now - this.lastWriteAt < BATCH_AFTER_QUIET_MS;
      seqs = indexQueuedBatch(db, !typing && queueLength(db) > LONG_QUEUE ? LONG_QUEUE_BUDGET_MS : 0);
    } catch (error) {
      this.options.onError?.(error);
      this.running = false;
      return this.schedule(this.retryMs);
    }
    if (seqs.length === 0) {
      // Idle, with nothing left to index: the moment to fold the write-ahead log into the
      // database, rather than after some later save.
      if (this.writesSinceCheckpoint >= CHECKPOINT_AFTER_WRITES) {
        this.writesSinceCheckpoint = 0;
        try {
          db.pragma('wal_checkpoint(PASSIVE)');
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      return this.finish();
    }
    for (const seq of seqs) this.options.onIndexed?.(seq);
    // Not unref'd: an unref'd immediate lets the event loop sleep in its poll phase first.
    this.immediate = setImmediate(() => this.step());
  }

  private finish(): void {
    this.running = false;
    this.oldestWriteAt = 0;
    this.wakeIdle();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
