/** Quitting keeps the last words: the page saves first, within a deadline, then the journal closes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_DEADLINE_MS, flushBeforeClose, FlushRequests, quitSequence, type QuitSteps } from '../../../electron/main/quit';
import { fail, ok } from '../../../electron/shared/result';

afterEach(() => vi.useRealTimers());

describe('FlushRequests', () => {
  it('resolves when the page answers with the id it was sent', async () => {
    const flushes = new FlushRequests();
    const sent: number[] = [];
    const outcome = flushes.request((id) => (sent.push(id), true), 1_000);
    expect(flushes.pending()).toBe(1);
    expect(flushes.answer({ id: sent[0]! + 1 })).toEqual(ok({ known: false }));
    expect(flushes.answer({ id: sent[0] })).toEqual(ok({ known: true }));
    await expect(outcome).resolves.toBe('flushed');
    expect(flushes.pending()).toBe(0);
    // A late or repeated answer changes nothing.
    expect(flushes.answer({ id: sent[0] })).toEqual(ok({ known: false }));
  });

  it('gives up at the deadline when the page does not answer', async () => {
    vi.useFakeTimers();
    const flushes = new FlushRequests();
    const outcome = flushes.request(() => true, FLUSH_DEADLINE_MS);
    let settled = false;
    void outcome.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(FLUSH_DEADLINE_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toBe('timeout');
    expect(flushes.pending()).toBe(0);
  });

  it('does not wait when there is no window to ask', async () => {
    const flushes = new FlushRequests();
    await expect(flushes.request(() => false, 60_000)).resolves.toBe('no-window');
    await expect(
      flushes.request(() => {
        throw new Error('webContents destroyed');
      }, 60_000),
    ).resolves.toBe('no-window');
    expect(flushes.pending()).toBe(0);
  });

  it('refuses malformed answers', () => {
    const flushes = new FlushRequests();
    for (const input of [null, {}, { id: 0 }, { id: -1 }, { id: 1.5 }, { id: '1' }, { id: 1, extra: true }]) expect(flushes.answer(input)).toEqual(fail('BAD_INPUT'));
  });
});

function steps(overrides: Partial<QuitSteps> = {}) {
  const order: string[] = [];
  const all: QuitSteps = {
    stopTimers: () => void order.push('stop timers'),
    flushWindow: async (deadline) => (order.push(`flush ${deadline}`), 'flushed'),
    settled: async () => void order.push('settled'),
    closeJournal: async () => void order.push('close journal'),
    log: (message) => void order.push(`log: ${message}`),
    ...overrides,
  };
  return { order, all };
}

describe('quitSequence', () => {
  it('stops the timers, has the page save, lets the saves be answered, and only then closes the journal', async () => {
    const { order, all } = steps();
    await expect(quitSequence(all)).resolves.toBe('flushed');
    expect(order).toEqual(['stop timers', `flush ${FLUSH_DEADLINE_MS}`, 'settled', 'close journal']);
  });

  it('closes the journal even when the page never answers, after at most the deadline', async () => {
    vi.useFakeTimers();
    const flushes = new FlushRequests();
    const closed = vi.fn(async () => undefined);
    const { all } = steps({ flushWindow: (deadline) => flushes.request(() => true, deadline), closeJournal: closed });
    const done = quitSequence(all);
    await vi.advanceTimersByTimeAsync(FLUSH_DEADLINE_MS - 1);
    expect(closed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toBe('timeout');
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('the page’s saves land before the journal closes', async () => {
    const saved: string[] = [];
    const flushes = new FlushRequests();
    let pendingSave: Promise<void> | null = null;
    const { all } = steps({
      // The page answers after sending its save; the save itself is still on its way.
      flushWindow: (deadline) =>
        flushes.request((id) => {
          pendingSave = new Promise<void>((resolve) => setTimeout(() => (saved.push('last words'), resolve()), 5));
          setTimeout(() => flushes.answer({ id }), 1);
          return true;
        }, deadline),
      settled: async () => {
        await pendingSave;
      },
      closeJournal: async () => void saved.push('closed'),
    });
    await quitSequence(all);
    expect(saved).toEqual(['last words', 'closed']);
  });

  it('goes on past a failing step and still closes the journal', async () => {
    const { order, all } = steps({
      stopTimers: () => {
        throw new Error('timer');
      },
      flushWindow: async () => {
        throw new Error('send failed');
      },
      settled: async () => {
        throw new Error('settle');
      },
    });
    await quitSequence(all);
    expect(order).toEqual(['log: stopping the timers failed', 'log: asking the window to save failed', 'log: waiting for the last saves failed', 'close journal']);
  });
});

describe('closing the window', () => {
  it('holds the first close while the page saves, then closes once', async () => {
    let finish!: () => void;
    const flush = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const close = vi.fn();
    const onClose = flushBeforeClose({ quitting: () => false, flush, close });
    const first = { preventDefault: vi.fn() };
    onClose(first);
    expect(first.preventDefault).toHaveBeenCalled();
    // Clicking close again while saving neither closes nor asks twice.
    const second = { preventDefault: vi.fn() };
    onClose(second);
    expect(second.preventDefault).toHaveBeenCalled();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(close).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
    // The close that follows goes through.
    const last = { preventDefault: vi.fn() };
    onClose(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('closes even if saving failed', async () => {
    const close = vi.fn();
    const onClose = flushBeforeClose({ quitting: () => false, flush: async () => Promise.reject(new Error('x')), close });
    onClose({ preventDefault: () => undefined });
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
  });

  it('does not hold the window when the app is already quitting (quitSequence flushed)', () => {
    const flush = vi.fn(async () => undefined);
    const onClose = flushBeforeClose({ quitting: () => true, flush, close: vi.fn() });
    const event = { preventDefault: vi.fn() };
    onClose(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(flush).not.toHaveBeenCalled();
  });
});
