/** Autosave timing: debounced, one save at a time, "Saved" only when the latest words are saved, retries after failure. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, saveStateText, type SaveState } from '../../../src/features/composer/autosave';
import type { Result } from '../../../electron/shared/result';

type Save = (s: string) => Promise<Result<unknown>>;

function setup(save: Save) {
  let text = '';
  const states: SaveState[] = [];
  const saver = new Autosaver<string>({ snapshot: () => text, save, onState: (s) => states.push(s), delayMs: 400 });
  return {
    saver,
    states,
    type: (t: string) => {
      text = t;
      saver.change();
    },
    last: () => saveStateText(states.at(-1) ?? { kind: 'idle' }),
  };
}

const okSave = (log: string[]): Save => async (s) => {
  log.push(s);
  return { ok: true, value: null };
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Autosaver', () => {
  it('saves once, at most 400 ms after the last keystroke, then says Saved', async () => {
    const log: string[] = [];
    const t = setup(okSave(log));
    t.type('a');
    await vi.advanceTimersByTimeAsync(300);
    t.type('ab');
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toEqual([]);
    expect(t.last()).toBe('Saving…');
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['ab']);
    expect(t.last()).toBe('Saved');
  });

  it('flush saves at once and resolves true when everything is saved', async () => {
    const log: string[] = [];
    const t = setup(okSave(log));
    t.type('hello');
    await expect(t.saver.flush()).resolves.toBe(true);
    expect(log).toEqual(['hello']);
    expect(t.saver.dirty).toBe(false);
  });

  it('does not say Saved while newer words typed during a save are unsaved', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const t = setup(async (s) => {
      log.push(s);
      await new Promise<void>((r) => (release = r));
      return { ok: true, value: null };
    });
    t.type('one');
    await vi.advanceTimersByTimeAsync(400);
    t.type('one two');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last()).toBe('Saving…');
    await vi.advanceTimersByTimeAsync(400);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['one', 'one two']);
    expect(t.last()).toBe('Saved');
  });

  it('keeps the words after a failed save and retries with growing waits until it works', async () => {
    const log: string[] = [];
    let failuresLeft = 3;
    const t = setup(async (s) => {
      log.push(s);
      if (failuresLeft-- > 0) return { ok: false, error: { code: 'INTERNAL', message: 'no' } };
      return { ok: true, value: null };
    });
    t.type('keep me');
    await vi.advanceTimersByTimeAsync(400);
    expect(t.last()).toMatch(/Saving failed/);
    expect(t.states.at(-1)).toMatchObject({ kind: 'failed', retryInMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.states.at(-1)).toMatchObject({ kind: 'failed', retryInMs: 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.states.at(-1)).toMatchObject({ kind: 'failed', retryInMs: 4000 });
    await vi.advanceTimersByTimeAsync(4000);
    expect(t.last()).toBe('Saved');
    expect(log).toEqual(['keep me', 'keep me', 'keep me', 'keep me']);
  });

  it('flush reports false when the save fails, so the caller can keep the draft', async () => {
    const t = setup(async () => ({ ok: false, error: { code: 'VAULT_LOCKED', message: 'locked' } }));
    t.type('x');
    await expect(t.saver.flush()).resolves.toBe(false);
    expect(t.saver.dirty).toBe(true);
  });

  it('holds a save until beforeSave is ready and snapshots what came of it', async () => {
    const log: string[] = [];
    let text = '@Maya after';
    let ready: () => void = () => undefined;
    let waiting: Promise<void> | null = new Promise<void>((r) => (ready = r));
    const saver = new Autosaver<string>({
      snapshot: () => text,
      save: okSave(log),
      onState: () => undefined,
      beforeSave: () => waiting,
      delayMs: 400,
    });
    saver.change();
    const flushed = saver.flush();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(log).toEqual([]);
    // The person exists now: the mention gets its id, which is itself a change.
    text = 'Maya(p-1) after';
    waiting = null;
    saver.change();
    ready();
    await expect(flushed).resolves.toBe(true);
    expect(log).toEqual(['Maya(p-1) after']);
    expect(saver.dirty).toBe(false);
    // The change made during the wait went out with that save: no second save, no "Saving…" again.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['Maya(p-1) after']);
  });

  it('stops waiting for beforeSave after readyTimeoutMs and saves what there is', async () => {
    const log: string[] = [];
    const saver = new Autosaver<string>({
      snapshot: () => 'words',
      save: okSave(log),
      onState: () => undefined,
      beforeSave: () => new Promise<void>(() => undefined),
      readyTimeoutMs: 1_000,
    });
    saver.change();
    await vi.advanceTimersByTimeAsync(1_200);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(log).toEqual(['words']);
  });

  it('discard forgets unsaved words: nothing is saved on the way out', async () => {
    const log: string[] = [];
    const t = setup(okSave(log));
    t.type('deleted entry');
    t.saver.discard();
    expect(t.saver.dirty).toBe(false);
    await expect(t.saver.flush()).resolves.toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([]);
  });
});
