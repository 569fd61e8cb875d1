/**
 * What the shell adds beside `window.mutual` (whose keys are exactly the contract's channels):
 *
 *  - `window.mutualEvents.on(name, listener)` — one-way notices from the main process:
 *      'menu'    with 'new-entry' | 'search' | 'lock'  (the menu or Ctrl/Cmd+N, K, L)
 *      'journal' with a JournalEvent (electron/shared/events.ts): the journal locked or unlocked
 *                (with why: idle, suspend, screen lock…), a job moved on. The web host sends the
 *                same events as Server-Sent Events.
 *    Returns a function that removes the listener.
 *    `window.mutualEvents.onFlushRequest(flush)` — the page's way to save what it holds when the
 *    app quits or its window closes: main asks, the preload runs `flush` and answers when it
 *    settles; main waits at most a couple of seconds (electron/main/quit.ts). With no flush
 *    registered (the unlock screen) the preload answers at once.
 *  - `window.mutualDevice` — "Remember on this device" (safeStorage lives only in the main
 *    process, so these are not contract channels; the web host simply has no such object).
 *  - `window.mutualFiles` — the system's own dialogs to choose a folder, a file, or where to save
 *    (Settings → Your data). Each answers `{ path, handle }`, or nulls when the person closed the
 *    dialog; the page only ever learns the one path the person chose. In the app the journal
 *    takes places only as such handles, asked for one `use` (electron/main/pathGrants.ts): the
 *    page shows `path` and sends `handle`. The web host has no such object, so the page shows
 *    plain path fields there and sends what was typed.
 *
 * Only plain constants, types and pure guards — no zod, no Node, no Electron — because three
 * runtimes read it: the sandboxed preload, the main process and the renderer (src/lib/shell.ts).
 */
import { isJournalEvent, type JournalEvent } from './events';
import type { Result } from './result';

export const EVENT_CHANNEL = 'mutual:event';
export const DEVICE_STATUS_CHANNEL = 'mutual:device.rememberStatus';
export const DEVICE_SET_CHANNEL = 'mutual:device.setRemember';
export const FILES_CHOOSE_FOLDER_CHANNEL = 'mutual:files.chooseFolder';
export const FILES_CHOOSE_FILE_CHANNEL = 'mutual:files.chooseFile';
export const FILES_CHOOSE_SAVE_PATH_CHANNEL = 'mutual:files.chooseSavePath';
/** Main → page: save what you hold, then answer FLUSH_DONE_CHANNEL with the same `{ id }`. */
export const FLUSH_REQUEST_CHANNEL = 'mutual:flush';
export const FLUSH_DONE_CHANNEL = 'mutual:flush.done';

export const menuCommands = ['new-entry', 'search', 'lock'] as const;
export type MenuCommand = (typeof menuCommands)[number];

/** Why the shell itself locks the journal (a LockCause of electron/shared/events.ts). */
export const lockReasons = ['idle', 'suspend', 'lock-screen'] as const;
export type LockReason = (typeof lockReasons)[number];

export type ShellEvent = { name: 'menu'; detail: MenuCommand } | { name: 'journal'; detail: JournalEvent };
export type ShellEventName = ShellEvent['name'];
export type ShellEventDetail<N extends ShellEventName> = Extract<ShellEvent, { name: N }>['detail'];

export interface MutualEvents {
  on<N extends ShellEventName>(name: N, listener: (detail: ShellEventDetail<N>) => void): () => void;
  /** Registers the page's save-everything-now; the latest registration wins. Returns its removal. */
  onFlushRequest(flush: () => Promise<unknown>): () => void;
}

/** Whether a flush request from main is well formed. */
export function isFlushRequest(value: unknown): value is { id: number } {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof value === 'object' && value !== null && typeof id === 'number' && Number.isInteger(id) && id > 0;
}

export interface RememberStatus {
  /** Whether this device can keep the key safely (a system keychain is available). */
  available: boolean;
  /** When not available: why, in plain words. */
  reason: string | null;
  /** Whether the key for this journal is remembered now. */
  remembered: boolean;
}

export interface MutualDevice {
  rememberStatus(): Promise<Result<RememberStatus>>;
  /** Turning it on needs the journal unlocked; turning it off forgets the key at once. */
  setRemember(input: { remember: boolean }): Promise<Result<RememberStatus>>;
}

export function isShellEvent(value: unknown): value is ShellEvent {
  if (!value || typeof value !== 'object') return false;
  const { name, detail } = value as { name?: unknown; detail?: unknown };
  if (name === 'menu') return (menuCommands as readonly unknown[]).includes(detail);
  if (name === 'journal') return isJournalEvent(detail);
  return false;
}

/** Which kinds of file a dialog offers first (the main process owns the extension lists). */
export const fileFilters = ['backup', 'json', 'dayone', 'any'] as const;
export type FileFilter = (typeof fileFilters)[number];

/** What a chosen place is for; a handle works only for the use it was chosen for. */
export const pathUses = ['export', 'backup', 'restore-file', 'restore-target', 'import', 'backup-folder', 'person-export', 'sync-folder'] as const;
export type PathUse = (typeof pathUses)[number];

export interface ChooseRequest {
  /** The dialog's title, in plain words ("Choose a backup to restore"). */
  title: string;
  /** Where the dialog starts: an absolute folder or file path. */
  defaultPath?: string;
  filter?: FileFilter;
  /** What the place is for. Without it the answer carries no handle (the path is only shown). */
  use?: PathUse;
}

export interface ChosenPath {
  /** The absolute path the person chose, or null when they closed the dialog. */
  path: string | null;
  /** What to send to the journal in place of `path` (null without a `use`, or when closed). */
  handle: string | null;
}

export interface MutualFiles {
  chooseFolder(input: ChooseRequest): Promise<Result<ChosenPath>>;
  chooseFile(input: ChooseRequest): Promise<Result<ChosenPath>>;
  chooseSavePath(input: ChooseRequest): Promise<Result<ChosenPath>>;
}

/** Copies only the fields a dialog request may carry, as strings, so nothing else crosses. */
export function toChooseRequest(input: unknown): ChooseRequest {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const request: ChooseRequest = { title: typeof raw.title === 'string' ? raw.title : '' };
  if (typeof raw.defaultPath === 'string') request.defaultPath = raw.defaultPath;
  if (typeof raw.filter === 'string') request.filter = raw.filter as FileFilter;
  if (typeof raw.use === 'string') request.use = raw.use as PathUse;
  return request;
}
