/**
 * Autosave for one entry, independent of React so its timing can be tested with fake timers.
 *
 * - Changes are saved at most `delayMs` after the last keystroke (debounce), and at once on flush
 *   (blur, lock, leaving the page).
 * - One save is in flight at a time; changes made meanwhile are saved right after.
 * - The snapshot is taken when the save starts, not on every keystroke, so typing in a long entry
 *   costs nothing here.
 * - A failed save keeps the change pending and retries with backoff (1 s, 2 s, 4 s … 30 s); any
 *   new keystroke or flush retries sooner.
 * - "Saved" is reported only when the journal confirmed the latest change.
 * - `beforeSave` can hold a save back until the entry is ready to be sent (a person being created
 *   for a mention): the snapshot is taken after it, so the save carries what came of it.
 */
import type { ErrorInfo, Result } from '../../../electron/shared/result';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'failed'; error: ErrorInfo; retryInMs: number };

export interface AutosaveOptions<S> {
  /** Takes the current state of the entry (called when a save starts). */
  snapshot: () => S;
  save: (snapshot: S) => Promise<Result<unknown>>;
  onState: (state: SaveState) => void;
  /**
   * Something to wait for before taking the snapshot, or null when the entry is ready. Waited for
   * at most `readyTimeoutMs`; the snapshot must then cope with whatever is still unsettled.
   */
  beforeSave?: () => Promise<unknown> | null;
  /** @default 10000 */
  readyTimeoutMs?: number;
  delayMs?: number;
  maxBackoffMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Autosaver<S> {
  private readonly delayMs: number;
  private readonly maxBackoffMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private version = 0;
  private savedVersion = 0;
  private failures = 0;
  private disposed = false;
  private state: SaveState = { kind: 'idle' };

  constructor(private readonly options: AutosaveOptions<S>) {
    this.delayMs = options.delayMs ?? 400;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get dirty(): boolean {
    return this.version !== this.savedVersion;
  }

  get current(): SaveState {
    return this.state;
  }

  /** Something changed: save soon. */
  change(): void {
    if (this.disposed) return;
    this.version += 1;
    if (this.state.kind !== 'saving' && this.state.kind !== 'failed') this.setState({ kind: 'pending' });
    this.schedule(this.delayMs);
  }

  /** Saves now if anything is unsaved. Resolves true when everything is saved. */
  async flush(): Promise<boolean> {
    this.cancelTimer();
    // Loop: a change may land while a save is in flight.
    for (let round = 0; round < 5; round += 1) {
      if (this.inFlight) await this.inFlight;
      if (!this.dirty) return true;
      const before = this.failures;
      await this.run();
      if (this.failures > before) return false;
    }
    return !this.dirty;
  }

  /** Retry at once (the "Try again now" button). */
  retryNow(): void {
    void this.flush();
  }

  /** Undoes dispose (React may unmount and mount the same component again in development). */
  resume(): void {
    this.disposed = false;
  }

  /**
   * Forgets unsaved changes and stops: for an entry that is being deleted, which must not be
   * saved again on the way out.
   */
  discard(): void {
    this.savedVersion = this.version;
    this.dispose();
  }

  /** Stops timers; an in-flight save still completes. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }

  private setState(state: SaveState): void {
    // Typing repeats "pending" on every keystroke; only a real change is reported.
    if (state.kind === this.state.kind && state.kind !== 'failed') return;
    this.state = state;
    if (!this.disposed) this.options.onState(state);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (this.inFlight) return; // the in-flight save reschedules when it ends
      // A change made while a save waited for beforeSave went out with that save.
      if (!this.dirty) return;
      void this.run();
    }, ms);
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.setState({ kind: 'saving' });
    this.inFlight = (async () => {
      await this.ready();
      const version = this.version;
      let result: Result<unknown>;
      try {
        result = await this.options.save(this.options.snapshot());
      } catch {
        result = { ok: false, error: { code: 'INTERNAL', message: 'Mutual could not save just now.' } };
      }
      this.inFlight = null;
      if (result.ok) {
        this.failures = 0;
        this.savedVersion = Math.max(this.savedVersion, version);
        if (this.dirty) {
          this.setState({ kind: 'pending' });
          if (!this.disposed) this.schedule(this.delayMs);
        } else {
          this.setState({ kind: 'saved' });
        }
      } else {
        this.failures += 1;
        const retryInMs = Math.min(this.maxBackoffMs, 1000 * 2 ** (this.failures - 1));
        this.setState({ kind: 'failed', error: result.error, retryInMs });
        if (!this.disposed) this.schedule(retryInMs);
      }
    })();
    return this.inFlight;
  }

  private async ready(): Promise<void> {
    const waiting = this.options.beforeSave?.();
    if (!waiting) return;
    let timer: unknown = null;
    await Promise.race([
      waiting.catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = this.setTimer(resolve, this.options.readyTimeoutMs ?? 10_000);
      }),
    ]);
    this.clearTimer(timer);
  }
}

export function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'failed':
      return 'Saving failed. Your words are still here, and Mutual will keep trying.';
  }
}
