/**
 * The relaying side of the journal worker (journalWorker.ts): the Electron main process and the
 * web host start one and serve its `handlers` — the same table type the core builds, so callers
 * cannot tell the difference — and forward its events. Nothing here touches the journal; every
 * call is one message to the worker and one answer back.
 *
 * If the worker stops unexpectedly (a crash in native code, an uncaught error), every call still
 * waiting is answered with a plain message, listeners are told the journal is locked (cause
 * 'stopped'), and a new worker is started: the person unlocks again and finds everything that was
 * acknowledged as saved, because a save is acknowledged only after its transaction committed with
 * synchronous=FULL. The key died with the old worker. ARCHITECTURE.md, "The journal worker".
 */
import { Worker } from 'node:worker_threads';
import { channelNames, type ChannelName } from '../../shared/channels';
import type { VaultStatus } from '../../shared/contract';
import type { JournalEvent, LockCause } from '../../shared/events';
import type { HandlerTable } from '../../shared/handlerTable';
import { fail, MutualError, type Result } from '../../shared/result';
import type { ControlRequest, FromWorker, ToWorker, WorkerData } from './protocol';

export const WORKER_STOPPED_MESSAGE =
  'The journal stopped unexpectedly and was restarted. Everything Mutual confirmed as saved is kept; unlock to go on, and check your last few words.';

/** Crashes in a row faster than this are spaced out, so a journal that cannot start does not spin. */
const RESTART_WINDOW_MS = 10_000;
const MAX_RESTART_DELAY_MS = 5_000;

export interface JournalClientOptions extends WorkerData {
  /** The built worker script (out/node/journalWorker.js, or out/main/journalWorker.js in the app). */
  workerFile: string;
  /** Where the worker's unexpected failures are written (the host's log). */
  log?(message: string, detail?: string): void;
}

type State = VaultStatus['state'];
export type PhotoVariantName = 'original' | 'medium' | 'small';
type Unsent = ToWorker extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

interface Pending {
  resolve(result: Result<unknown>): void;
}

export class JournalClient {
  readonly handlers: HandlerTable;
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private current: State = 'locked';
  private readonly listeners = new Set<(event: JournalEvent) => void>();
  private closing = false;
  private crashes: number[] = [];
  private inFlightWaiters: (() => void)[] = [];

  private constructor(private readonly options: JournalClientOptions) {
    const table = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
    for (const channel of channelNames) table[channel] = (input) => this.send({ kind: 'call', channel, input: input ?? {} });
    this.handlers = table as HandlerTable;
  }

  /** Starts the worker and resolves once it has opened its session (the journal still locked). */
  static async start(options: JournalClientOptions): Promise<JournalClient> {
    const client = new JournalClient(options);
    client.spawn();
    await client.ready;
    return client;
  }

  /** The journal's state as last reported by the worker. */
  state(): State {
    return this.current;
  }

  isUnlocked(): boolean {
    return this.current === 'unlocked';
  }

  onEvent(listener: (event: JournalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async lock(cause: LockCause): Promise<void> {
    await this.control({ op: 'lock', cause });
  }

  /** A copy of the data key ("remember on this device"); the caller zeroes it. */
  async copyDataKey(): Promise<Buffer> {
    const result = await this.control({ op: 'copyDataKey' });
    if (!result.ok) throw new MutualError(result.error.code, result.error.message);
    const bytes = result.value as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Unlocks with a remembered key. The key is moved to the worker: `key` is zeroed here. */
  async unlockWithDataKey(key: Buffer): Promise<void> {
    const moved = new Uint8Array(new ArrayBuffer(key.length));
    moved.set(key);
    key.fill(0);
    const result = await this.control({ op: 'unlockWithDataKey', key: moved }, [moved.buffer as ArrayBuffer]);
    if (!result.ok) throw new MutualError(result.error.code, result.error.message);
  }

  /** Resolves once every saved entry is in the search index (tests and benchmarks). */
  async indexIdle(): Promise<void> {
    await this.control({ op: 'indexIdle' });
  }

  /**
   * A photo's variant for a relay to serve (the web host's /photos route, the app's protocol): its
   * type and size, and its bytes piece by piece — each asked for when the previous one was taken,
   * so a slow reader never makes the journal hold a whole photo in memory here. Null when there is
   * no such photo (or the journal is locked).
   */
  async openPhoto(photoId: string, variant: PhotoVariantName): Promise<{ type: string; size: number; pieces: AsyncIterable<Uint8Array> } | null> {
    const info = await this.control({ op: 'photoInfo', photoId, variant });
    if (!info.ok || !info.value) return null;
    const { type, size, pieces } = info.value as { type: string; size: number; pieces: number };
    const read = async function* (this: JournalClient) {
      for (let n = 0; n < pieces; n++) {
        const piece = await this.control({ op: 'photoPiece', photoId, variant, n });
        if (!piece.ok || !piece.value) throw new MutualError('NOT_FOUND', 'That photo is no longer in your journal.');
        yield piece.value as Uint8Array;
      }
    }.bind(this);
    return { type, size, pieces: read() };
  }

  /** Test only: makes the worker fail as a crash would; answered as every call in flight then is. */
  crashForTest(): Promise<Result<unknown>> {
    return this.control({ op: 'crash' });
  }

  /** Calls sent and not yet answered. */
  inFlight(): number {
    return this.pending.size;
  }

  /** Resolves once no call is in flight, or after `timeoutMs` (quitting waits for a last save). */
  settled(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.inFlightWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Locks the journal (closing the file, zeroing the key) and stops the worker. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    try {
      await this.control({ op: 'lock', cause: 'request' });
    } finally {
      await worker.terminate();
      this.worker = null;
    }
  }

  private control(request: ControlRequest, transfer: ArrayBuffer[] = []): Promise<Result<unknown>> {
    return this.send({ kind: 'control', request }, transfer);
  }

  private async send(message: Unsent, transfer: ArrayBuffer[] = []): Promise<Result<unknown>> {
    if (this.closing && message.kind === 'call') return fail('VAULT_LOCKED');
    // A restart in progress: wait for the new worker rather than fail at once.
    try {
      await this.ready;
    } catch {
      return fail('INTERNAL', WORKER_STOPPED_MESSAGE);
    }
    const worker = this.worker;
    if (!worker) return fail('VAULT_LOCKED');
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      try {
        worker.postMessage({ ...message, id } as ToWorker, transfer);
      } catch {
        // An input that cannot be cloned (never from JSON or IPC, which clone already).
        this.settle(id, fail('BAD_INPUT', 'Mutual could not use that input.'));
      }
    });
  }

  private settle(id: number, result: Result<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.resolve(result);
    if (this.pending.size === 0) {
      const waiters = this.inFlightWaiters;
      this.inFlightWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private emit(event: JournalEvent): void {
    if (event.name === 'status') this.current = event.detail.state;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log?.('a journal event listener failed', error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    }
  }

  private spawn(): void {
    const { workerFile, log, ...data } = this.options;
    const worker = new Worker(workerFile, { workerData: data satisfies WorkerData });
    this.worker = worker;
    let started = false;
    let markReady: () => void = () => {};
    let markFailed: (error: unknown) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // Only the first start reports failure to its caller; a restart keeps callers waiting instead.
    this.ready.catch(() => {});
    worker.on('message', (message: FromWorker) => {
      switch (message.kind) {
        case 'ready':
          started = true;
          this.current = message.state;
          markReady();
          break;
        case 'result':
          this.settle(message.id, message.result);
          break;
        case 'event':
          this.emit(message.event);
          break;
        case 'log':
          log?.(message.message, message.detail);
          break;
      }
    });
    worker.on('error', (error) => {
      log?.('the journal worker failed', error.stack ?? error.message);
      markFailed(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const id of [...this.pending.keys()]) this.settle(id, fail('INTERNAL', WORKER_STOPPED_MESSAGE));
      if (this.closing) return;
      if (!started) {
        // It never opened its session (a missing build, a native module that does not load):
        // starting it again would fail the same way. The caller of start() or restart hears of it.
        markFailed(new MutualError('INTERNAL', `The journal could not start (exit code ${code}).`));
        this.closing = true;
        return;
      }
      log?.(`the journal worker stopped (exit code ${code}); starting a new one`);
      const wasUnlocked = this.current === 'unlocked';
      this.restartSoon();
      if (wasUnlocked) {
        void this.ready?.then(() => this.emit({ name: 'status', detail: { state: this.current, cause: 'stopped' } }));
      }
    });
  }

  private restartSoon(): void {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    const delay = Math.min(MAX_RESTART_DELAY_MS, this.crashes.length > 1 ? 250 * 2 ** (this.crashes.length - 2) : 0);
    let resume: () => void = () => {};
    // Calls made meanwhile wait on this, then go to the new worker.
    this.ready = new Promise<void>((resolve) => (resume = resolve));
    setTimeout(() => {
      if (this.closing) return resume();
      this.spawn();
      void this.ready!.then(resume, resume);
    }, delay).unref();
  }
}
