/**
 * The IPC edge. Every contract channel is registered on ipcMain.handle; each call is
 *   1. checked to come from the app's own main frame in the app's own window,
 *   2. given its places on the computer from the window's dialog handles (pathGrants.ts; a raw
 *      path is refused),
 *   3. handed to the core's handler table (which validates the input with zod),
 *   4. answered with a Result — never a throw, never a stack: those are logged here in main.
 * Electron is only imported as types, so this file (and the sender rule) loads in plain Node.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames } from '../shared/channels';
import type { HandlerTable } from '../shared/handlerTable';
import { errorCodes, fail, type ErrorCode, type Result } from '../shared/result';
import { isAppUrl } from './security';


export const UNTRUSTED_MESSAGE = "This request did not come from Mutual's own window, so it was refused.";

/**
 * Only the app's own page may talk to the journal: its main frame (no iframe — the CSP allows
 * none, but this does not rely on it), loaded from app://mutual/.
 */
export function isTrustedSender(frameUrl: unknown, isMainFrame: unknown): boolean {
  return isMainFrame === true && isAppUrl(frameUrl);
}

/** Reads the facts isTrustedSender needs from an Electron invoke event. */
export function senderFacts(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): { url: string | null; isMainFrame: boolean } {
  const frame = event.senderFrame;
  if (!frame) return { url: null, isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null };
}

const knownCodes: ReadonlySet<string> = new Set(errorCodes);

/**
 * Copies a handler's answer into a plain Result, so nothing but `{ code, message }` can cross for
 * a failure (an Error object or a stack would otherwise be serialised along).
 */
export function toWireResult(value: unknown): Result<unknown> {
  if (value && typeof value === 'object' && 'ok' in value) {
    const r = value as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false && r.error && typeof r.error.code === 'string' && knownCodes.has(r.error.code)) {
      const code = r.error.code as ErrorCode;
      return typeof r.error.message === 'string' ? fail(code, r.error.message) : fail(code);
    }
  }
  return fail('INTERNAL');
}

export type Logger = (message: string, error?: unknown) => void;

const defaultLogger: Logger = (message, error) => {
  console.error(`[mutual] ${message}`, error instanceof Error ? (error.stack ?? error.message) : (error ?? ''));
};

export interface IpcOptions {
  /** Whether these webContents belong to the app's own window. */
  isAppWindow(contents: WebContents): boolean;
  /** Sees every answer after it is made (the shell uses it to follow settings and unlocks). */
  onResult?(channel: string, result: Result<unknown>): void;
  /**
   * Turns what the page sent into what the journal is given, or refuses it (the window's dialog
   * handles become paths: PathGrants.resolve). Without it the input goes through as sent.
   */
  resolveInput?(channel: string, input: unknown, senderId: number): Result<unknown>;
  log?: Logger;
}

export interface IpcRegistration {
  /** Calls that have been received and not yet answered. */
  inFlight(): number;
  /** Resolves once no call is in flight (or after `timeoutMs`). */
  settled(timeoutMs: number): Promise<void>;
  dispose(): void;
}

/** Extra handlers also learn which window called (the file dialogs issue handles for it). */
type AnyHandler = (input: unknown, context: { senderId: number }) => Promise<unknown> | unknown;
type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/**
 * Registers the contract's channels (and any extra shell channels, e.g. "remember on this
 * device") behind the same sender check and Result wrapping.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: HandlerTable,
  options: IpcOptions,
  extra: Readonly<Record<string, AnyHandler>> = {},
): IpcRegistration {
  const log = options.log ?? defaultLogger;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const registered: string[] = [];

  const wrap = (channel: string, handler: AnyHandler) => async (event: IpcMainInvokeEvent, input: unknown) => {
    const facts = senderFacts(event);
    if (!options.isAppWindow(event.sender) || !isTrustedSender(facts.url, facts.isMainFrame)) {
      log(`refused ${channel} from an untrusted sender (${facts.url ?? 'no frame'})`);
      return fail('BAD_INPUT', UNTRUSTED_MESSAGE);
    }
    inFlight += 1;
    let result: Result<unknown>;
    try {
      const resolved = options.resolveInput ? options.resolveInput(channel, input, event.sender.id) : { ok: true as const, value: input };
      result = toWireResult(resolved.ok ? await handler(resolved.value, { senderId: event.sender.id }) : resolved);
    } catch (error) {
      log(`${channel} failed`, error);
      result = fail('INTERNAL');
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        const done = waiters;
        waiters = [];
        done.forEach((resolve) => resolve());
      }
    }
    try {
      options.onResult?.(channel, result);
    } catch (error) {
      log(`observer for ${channel} failed`, error);
    }
    return result;
  };

  for (const channel of channelNames) {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    ipcMain.handle(channel, wrap(channel, (input) => handler(input)));
    registered.push(channel);
  }
  for (const [channel, handler] of Object.entries(extra)) {
    ipcMain.handle(channel, wrap(channel, handler));
    registered.push(channel);
  }

  return {
    inFlight: () => inFlight,
    settled: (timeoutMs) =>
      inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    dispose: () => registered.forEach((channel) => ipcMain.removeHandler(channel)),
  };
}
