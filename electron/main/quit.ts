/**
 * Quitting without losing the last words. The page saves an entry a moment after typing stops;
 * quitting (the menu, Ctrl/Cmd+Q, closing the window, logging out) could otherwise close the
 * journal while those words are still only in the page. So before the journal is closed, the
 * window is asked to save what it holds ("flush"), with a short deadline so that a page that
 * does not answer — crashed, or on the unlock screen — cannot keep the app from quitting.
 *
 * The round trip: main sends FLUSH_REQUEST_CHANNEL with an id; the preload runs the page's flush
 * (MainLayout's flushAll) and answers FLUSH_DONE_CHANNEL with that id (electron/shared/shell.ts).
 * Pure timing and ordering with its effects passed in, so it is tested in plain Node.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../shared/result';

/** How long quitting waits for the page to save. */
export const FLUSH_DEADLINE_MS = 2_000;
/** Then how long for saves already on their way to the journal to be answered. */
export const SETTLE_DEADLINE_MS = 2_000;

export type FlushOutcome = 'flushed' | 'timeout' | 'no-window';

const doneInput = z.object({ id: z.number().int().positive() }).strict();

/** Flush requests sent to the window and not yet answered. */
export class FlushRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, () => void>();

  /**
   * Asks the window to save (`send` returns false when there is no window to ask) and resolves
   * when it answers or after `deadlineMs`, whichever is first.
   */
  request(send: (id: number) => boolean, deadlineMs = FLUSH_DEADLINE_MS): Promise<FlushOutcome> {
    const id = this.nextId++;
    return new Promise<FlushOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve('timeout');
      }, deadlineMs);
      this.waiting.set(id, () => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve('flushed');
      });
      let sent: boolean;
      try {
        sent = send(id);
      } catch {
        sent = false;
      }
      if (!sent) {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve('no-window');
      }
    });
  }

  /** The page's answer (FLUSH_DONE_CHANNEL). An unknown or late id changes nothing. */
  answer(input: unknown): Result<{ known: boolean }> {
    const parsed = doneInput.safeParse(input);
    if (!parsed.success) return fail('BAD_INPUT');
    const wake = this.waiting.get(parsed.data.id);
    wake?.();
    return ok({ known: wake !== undefined });
  }

  pending(): number {
    return this.waiting.size;
  }
}

export interface QuitSteps {
  /** Auto-lock and reminder timers: nothing new may start while quitting. */
  stopTimers(): void;
  flushWindow(deadlineMs: number): Promise<FlushOutcome>;
  /** Waits for journal calls still in flight (the flush's own saves among them). */
  settled(deadlineMs: number): Promise<void>;
  /** Locks the journal (closing the file, zeroing the key) and stops its worker. */
  closeJournal(): Promise<void>;
  log(message: string, error?: unknown): void;
}

/**
 * The order that keeps the last words: stop the timers, have the page save, let those saves be
 * answered, and only then close the journal. Each step's failure is logged and the next one
 * still runs — the journal is always closed.
 */
export async function quitSequence(steps: QuitSteps): Promise<FlushOutcome> {
  let outcome: FlushOutcome = 'no-window';
  try {
    steps.stopTimers();
  } catch (error) {
    steps.log('stopping the timers failed', error);
  }
  try {
    outcome = await steps.flushWindow(FLUSH_DEADLINE_MS);
    if (outcome === 'timeout') steps.log(`the window did not confirm its last save within ${FLUSH_DEADLINE_MS} ms; closing the journal anyway`);
  } catch (error) {
    steps.log('asking the window to save failed', error);
  }
  try {
    await steps.settled(SETTLE_DEADLINE_MS);
  } catch (error) {
    steps.log('waiting for the last saves failed', error);
  }
  try {
    await steps.closeJournal();
  } catch (error) {
    steps.log('closing the journal failed', error);
  }
  return outcome;
}

/**
 * The window's 'close' handler: the first close is held while the page saves (up to the flush
 * deadline), then the window is closed for real. While the app is already quitting, quitSequence
 * has flushed, so the window closes at once.
 */
export function flushBeforeClose(deps: { quitting(): boolean; flush(): Promise<unknown>; close(): void }): (event: { preventDefault(): void }) => void {
  let state: 'open' | 'flushing' | 'done' = 'open';
  return (event) => {
    if (state === 'done' || deps.quitting()) return;
    event.preventDefault();
    if (state === 'flushing') return;
    state = 'flushing';
    void deps
      .flush()
      .catch(() => undefined)
      .finally(() => {
        state = 'done';
        deps.close();
      });
  };
}
