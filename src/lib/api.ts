/**
 * The renderer's only door to the journal. In Electron the preload provides `window.mutual`; in a
 * plain browser (the web host, used for development and the end-to-end tests) the same object is
 * built over `POST /api/<channel>` to the loopback host, authorised by the per-run token the host
 * put in the address it printed (`#token=…`). The token is read once, kept for this tab only and
 * removed from the address bar.
 */
import { channelNames, type ChannelName } from '../../electron/shared/channels';
import type { InputOf, MutualApi, OutputOf } from '../../electron/shared/contract';
import type { ErrorCode, ErrorInfo, Result } from '../../electron/shared/result';
import { TOKEN_HEADER } from '../../electron/shared/transport';

const TOKEN_KEY = 'mutual.webhost.token';
export { TOKEN_HEADER };

type Listener = (channel: ChannelName, error: ErrorInfo) => void;
const errorListeners = new Set<Listener>();
type TransportListener = (problem: 'unauthorized' | 'unreachable') => void;
const transportListeners = new Set<TransportListener>();

/** Called for every failed call (the app uses it to notice that the journal locked itself). */
export function onApiError(listener: Listener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

/** Called when the web host refuses this page (stale token) or cannot be reached. */
export function onTransportProblem(listener: TransportListener): () => void {
  transportListeners.add(listener);
  return () => transportListeners.delete(listener);
}

function failure(code: ErrorCode, message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message } };
}

/** Reads `#token=…` once, keeps it for this tab (it survives a reload) and cleans the address. */
export function takeTokenFromLocation(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(loc.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, match[1]!);
    window.history.replaceState(null, '', loc.pathname + loc.search);
    return match[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}

let unloading = false;
/**
 * While the page is going away, requests are sent with `keepalive` so the last save still
 * reaches the host. Browsers cap keepalive bodies at 64 KiB, so larger ones go out normally.
 */
export function setUnloading(value: boolean): void {
  unloading = value;
}

export function createHttpApi(token: string | null, fetchImpl: typeof fetch = fetch.bind(globalThis)): MutualApi {
  const call = async (channel: ChannelName, input: unknown): Promise<Result<unknown>> => {
    const body = JSON.stringify(input ?? {});
    let response: Response;
    try {
      response = await fetchImpl(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token ?? '' },
        body,
        credentials: 'omit',
        cache: 'no-store',
        keepalive: unloading && body.length < 60_000,
      });
    } catch {
      transportListeners.forEach((l) => l('unreachable'));
      return failure('INTERNAL', 'Mutual could not reach the journal. Check that the web host is still running, then try again.');
    }
    if (response.status === 401) {
      transportListeners.forEach((l) => l('unauthorized'));
      return failure('BAD_INPUT', 'This page may not open the journal. Open the address the web host printed.');
    }
    try {
      const result = (await response.json()) as Result<unknown>;
      if (result && typeof result === 'object' && 'ok' in result) return result;
    } catch {
      // fall through
    }
    return failure('INTERNAL', 'The journal answered with something Mutual could not read. Try again.');
  };
  const api = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
  for (const channel of channelNames) api[channel] = (input) => call(channel, input);
  return api as unknown as MutualApi;
}

function withErrorReporting(inner: MutualApi): MutualApi {
  const api = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
  for (const channel of channelNames) {
    const fn = inner[channel] as (input: unknown) => Promise<Result<unknown>>;
    api[channel] = async (input) => {
      let result: Result<unknown>;
      try {
        result = await fn(input);
      } catch {
        result = failure('INTERNAL', 'Something went wrong inside Mutual. Your journal was not changed by this failure; try again.');
      }
      if (!result.ok) errorListeners.forEach((l) => l(channel, result.error));
      return result;
    };
  }
  return api as unknown as MutualApi;
}

interface MutualWindow {
  mutual?: MutualApi;
}

export const BRIDGE_MISSING_MESSAGE =
  "Mutual's window cannot reach your journal because part of the app did not load. Your journal was not changed. Quit Mutual and start it again; if this keeps happening, reinstall Mutual.";

/**
 * In the desktop app (app://) the only way to the journal is the preload's window.mutual. If it
 * is missing, every call fails with that explanation — never a fallback to the web host's HTTP
 * transport, which the app must not use.
 */
export function createMissingBridgeApi(): MutualApi {
  const api = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
  for (const channel of channelNames) api[channel] = async () => failure('INTERNAL', BRIDGE_MISSING_MESSAGE);
  return api as unknown as MutualApi;
}

let instance: MutualApi | null = null;

export function getApi(): MutualApi {
  if (!instance) {
    const preload = (window as unknown as MutualWindow).mutual;
    const inApp = window.location.protocol === 'app:';
    instance = withErrorReporting(preload ?? (inApp ? createMissingBridgeApi() : createHttpApi(takeTokenFromLocation())));
  }
  return instance;
}

type SuccessListener = (channel: ChannelName, input: unknown, value: unknown) => void;
const successListeners = new Set<SuccessListener>();

/**
 * Called after every call the journal answered with success, before the caller sees the answer.
 * The data layer (src/lib/data.tsx) uses it to mark stale what a write changed, whoever wrote —
 * so a screen that calls `call` directly (the composer's autosave) cannot forget to.
 */
export function onApiSuccess(listener: SuccessListener): () => void {
  successListeners.add(listener);
  return () => successListeners.delete(listener);
}

/** Calls one channel. Never throws: failures come back as `{ ok: false, error }`. */
export async function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  const fn = getApi()[channel] as unknown as (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
  const result = await fn(input);
  if (result.ok) {
    for (const listener of [...successListeners]) {
      try {
        listener(channel, input, result.value);
      } catch {
        // A listener's mistake must not turn a saved write into a failure for the caller.
      }
    }
  }
  return result;
}

/** For tests: replace the api (e.g. with a fake). */
export function setApiForTests(api: MutualApi | null): void {
  instance = api ? withErrorReporting(api) : null;
}
