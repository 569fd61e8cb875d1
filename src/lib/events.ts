/**
 * The journal's own notices (electron/shared/events.ts), pushed instead of polled: the journal
 * locked or unlocked (and why), a job moved on. In Electron they arrive through the preload's
 * `window.mutualEvents` ('journal'); in a plain browser from the web host's event stream, read with
 * fetch so the per-run token travels in its header as on every other request.
 *
 * The stream is opened while anyone listens and reopened (after 1, 2, 4 … 10 s) if it breaks.
 * Events sent while it was broken are lost, so after every reconnection the `resync` callbacks
 * run: listeners ask once for the state they follow (vault.status, jobs.status).
 */
import { isJournalEvent, type JournalEvent } from '../../electron/shared/events';
import { EVENTS_PATH, TOKEN_HEADER } from '../../electron/shared/transport';
import { takeTokenFromLocation } from './api';
import { shellEvents } from './shell';

type Listener = (event: JournalEvent) => void;

const listeners = new Set<Listener>();
const resyncers = new Set<() => void>();
let stream: AbortController | null = null;
let offShell: (() => void) | null = null;

const MAX_RETRY_MS = 10_000;

/** Listens to the journal's events; `resync` runs after the stream had to be reopened. */
export function onJournalEvent(listener: Listener, resync?: () => void): () => void {
  listeners.add(listener);
  if (resync) resyncers.add(resync);
  connect();
  return () => {
    listeners.delete(listener);
    if (resync) resyncers.delete(resync);
    if (listeners.size === 0) disconnect();
  };
}

function dispatch(event: JournalEvent): void {
  for (const listener of [...listeners]) listener(event);
}

function connect(): void {
  if (stream || offShell) return;
  const shell = shellEvents();
  if (shell) {
    offShell = shell.on('journal', dispatch);
    return;
  }
  stream = new AbortController();
  void follow(stream.signal);
}

function disconnect(): void {
  offShell?.();
  offShell = null;
  stream?.abort();
  stream = null;
}

async function follow(signal: AbortSignal): Promise<void> {
  let retryMs = 1_000;
  let connectedBefore = false;
  while (!signal.aborted) {
    try {
      const response = await fetch(EVENTS_PATH, { headers: { [TOKEN_HEADER]: takeTokenFromLocation() ?? '' }, credentials: 'omit', cache: 'no-store', signal });
      if (response.ok && response.body) {
        if (connectedBefore) for (const resync of [...resyncers]) resync();
        connectedBefore = true;
        retryMs = 1_000;
        await read(response.body, signal);
      }
    } catch {
      // The host went away or the page stopped listening; try again below unless stopped.
    }
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
  }
}

/** Reads `data:` lines of the event stream until it ends. */
async function read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of block.split('\n')) {
          if (!line.startsWith('data: ')) continue;
          try {
            const event: unknown = JSON.parse(line.slice(6));
            if (isJournalEvent(event)) dispatch(event);
          } catch {
            // Not an event this page understands; the next one may be.
          }
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}
