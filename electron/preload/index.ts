/**
 * The sandboxed preload. It exposes exactly four things to the page:
 *  - window.mutual: one function per contract channel, built from the channel list (so a new
 *    channel needs no change here), each returning the Result the main process sends back;
 *  - window.mutualEvents (with the page's flush before quitting), window.mutualDevice and
 *    window.mutualFiles (see electron/shared/shell.ts).
 * No raw ipcRenderer, no Node, no zod: validation happens in the main process, where the page
 * cannot reach it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, type ChannelName } from '../shared/channels';
import type { MutualApi } from '../shared/contract';
import type { Result } from '../shared/result';
import {
  DEVICE_SET_CHANNEL,
  DEVICE_STATUS_CHANNEL,
  EVENT_CHANNEL,
  FILES_CHOOSE_FILE_CHANNEL,
  FILES_CHOOSE_FOLDER_CHANNEL,
  FILES_CHOOSE_SAVE_PATH_CHANNEL,
  FLUSH_DONE_CHANNEL,
  FLUSH_REQUEST_CHANNEL,
  isFlushRequest,
  isShellEvent,
  toChooseRequest,
  type ChooseRequest,
  type ChosenPath,
  type MutualDevice,
  type MutualEvents,
  type MutualFiles,
  type RememberStatus,
  type ShellEventName,
} from '../shared/shell';

// Only reached when the main process itself failed to answer (it never throws on purpose).
const unreachable = {
  ok: false,
  error: {
    code: 'INTERNAL',
    message: 'Something went wrong inside Mutual. Your journal was not changed by this failure; try again.',
  },
} as const;

async function invoke<T>(channel: string, input: unknown): Promise<Result<T>> {
  try {
    return (await ipcRenderer.invoke(channel, input)) as Result<T>;
  } catch {
    return unreachable;
  }
}

function buildApi(): MutualApi {
  const api: Partial<Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of channelNames) {
    api[channel] = (input: unknown) => invoke(channel, input ?? {});
  }
  return Object.freeze(api) as MutualApi;
}

const mutual = buildApi() satisfies MutualApi;

let pageFlush: (() => Promise<unknown>) | null = null;

// Main asks before it closes the journal (quitting, or the window closing): the page saves what
// it holds, then main hears back. With nothing registered (the unlock screen) it hears back at once.
ipcRenderer.on(FLUSH_REQUEST_CHANNEL, (_event: unknown, request: unknown) => {
  if (!isFlushRequest(request)) return;
  const flush = pageFlush;
  void (async () => {
    try {
      if (flush) await flush();
    } catch {
      // the page reports its own failed saves; main only needs to know it may go on
    }
    await invoke(FLUSH_DONE_CHANNEL, { id: request.id });
  })();
});

const mutualEvents: MutualEvents = Object.freeze({
  on<N extends ShellEventName>(name: N, listener: (detail: never) => void): () => void {
    // The page never sees the IpcRendererEvent (it carries `sender`), only the checked detail.
    const forward = (_event: unknown, message: unknown) => {
      if (isShellEvent(message) && message.name === name) (listener as (detail: unknown) => void)(message.detail);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  onFlushRequest(flush: () => Promise<unknown>): () => void {
    if (typeof flush !== 'function') return () => undefined;
    pageFlush = flush;
    return () => {
      if (pageFlush === flush) pageFlush = null;
    };
  },
}) as MutualEvents;

const mutualDevice: MutualDevice = Object.freeze({
  rememberStatus: () => invoke<RememberStatus>(DEVICE_STATUS_CHANNEL, {}),
  setRemember: (input: { remember: boolean }) =>
    invoke<RememberStatus>(DEVICE_SET_CHANNEL, { remember: input?.remember === true }),
});

const mutualFiles: MutualFiles = Object.freeze({
  chooseFolder: (input: ChooseRequest) => invoke<ChosenPath>(FILES_CHOOSE_FOLDER_CHANNEL, toChooseRequest(input)),
  chooseFile: (input: ChooseRequest) => invoke<ChosenPath>(FILES_CHOOSE_FILE_CHANNEL, toChooseRequest(input)),
  chooseSavePath: (input: ChooseRequest) => invoke<ChosenPath>(FILES_CHOOSE_SAVE_PATH_CHANNEL, toChooseRequest(input)),
});

contextBridge.exposeInMainWorld('mutual', mutual);
contextBridge.exposeInMainWorld('mutualEvents', mutualEvents);
contextBridge.exposeInMainWorld('mutualDevice', mutualDevice);
contextBridge.exposeInMainWorld('mutualFiles', mutualFiles);
