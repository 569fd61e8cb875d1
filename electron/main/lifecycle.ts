/**
 * Start-up and recovery decisions of the main process, as pure functions with their inputs
 * passed in (index.ts wires them to Electron): the build files the app cannot run without, the
 * page's first question held while a remembered key is tried, and what to do when the page's
 * process dies.
 */
import { existsSync } from 'node:fs';
import type { ChannelName } from '../shared/channels';
import type { HandlerTable } from '../shared/handlerTable';

/**
 * The app's own files that must exist before a window opens. Without the preload the page would
 * have no window.mutual — and must not quietly try another way to the journal (src/lib/api.ts
 * refuses to in app://) — so it is said plainly instead.
 */
export function missingBuildFiles(files: Readonly<Record<string, string>>, exists: (file: string) => boolean = existsSync): string[] {
  return Object.entries(files)
    .filter(([, file]) => !exists(file))
    .map(([name, file]) => `${name} (${file})`);
}

export function incompleteBuildMessage(missing: readonly string[], isPackaged: boolean): string {
  const what = `Mutual cannot open its window because part of the app is missing: ${missing.join(', ')}. Your journal was not touched.`;
  return isPackaged ? `${what} Reinstall Mutual.` : `${what} Build the app again with npm start (or npm run build).`;
}

/**
 * Holds the given channels' answers until `ready` settles or `deadlineMs` passes. At start the
 * window opens at once while a remembered key is tried (the OS keyring may first ask the person
 * to unlock it, which must not hold the window); the page's first "is the journal open?" waits a
 * moment for that, so it does not flash the unlock screen when the key is about to open it.
 */
export function holdUntil(table: HandlerTable, channels: readonly ChannelName[], ready: Promise<unknown>, deadlineMs: number): HandlerTable {
  let released = false;
  const gate = Promise.race([
    ready.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref?.()),
  ]).then(() => {
    released = true;
  });
  const held = { ...table } as Record<ChannelName, (input: unknown) => Promise<unknown>>;
  for (const channel of channels) {
    const inner = table[channel] as (input: unknown) => Promise<unknown>;
    held[channel] = async (input) => {
      if (!released) await gate;
      return inner(input);
    };
  }
  return held as HandlerTable;
}

export type RendererGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export type RendererGoneAction = { action: 'ignore' } | { action: 'reload' } | { action: 'explain'; message: string };

/** Reloads allowed in this span before Mutual stops retrying and explains instead. */
export const RELOAD_WINDOW_MS = 60_000;
export const MAX_RELOADS = 2;

/**
 * The page's process is gone, which would leave a blank window. Reload it — the journal runs in
 * its own worker and is untouched; the page asks again whether it is open — unless that keeps
 * happening or cannot help (the page's files failed their integrity check, or the process could
 * not even start), in which case say so.
 */
export function afterRendererGone(reason: string, options: { quitting: boolean; recentReloads: readonly number[]; now: number }): RendererGoneAction {
  if (options.quitting || reason === 'clean-exit') return { action: 'ignore' };
  if (reason === 'integrity-failure' || reason === 'launch-failed') {
    return {
      action: 'explain',
      message: `Mutual's window could not be shown (${reason}). Your journal is safe and was not changed. Quit Mutual and start it again; if this happens again, reinstall Mutual.`,
    };
  }
  const recent = options.recentReloads.filter((t) => options.now - t < RELOAD_WINDOW_MS);
  if (recent.length >= MAX_RELOADS) {
    return {
      action: 'explain',
      message: `Mutual's window stopped several times in a row (${reason}). Your journal is safe: everything Mutual confirmed as saved is kept. Quit Mutual and start it again; if it keeps happening, restart the computer.`,
    };
  }
  return { action: 'reload' };
}
