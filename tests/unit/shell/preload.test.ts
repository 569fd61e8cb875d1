/**
 * The preload's shape. Electron's contextBridge and ipcRenderer are replaced here only to see what
 * the preload hands over; the real wiring is covered by the Electron end-to-end spec.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fileDialogHandlers, filterLists } from '../../../electron/main/dialogs';
import { channelNames } from '../../../electron/shared/channels';
import {
  DEVICE_SET_CHANNEL,
  DEVICE_STATUS_CHANNEL,
  EVENT_CHANNEL,
  FILES_CHOOSE_FILE_CHANNEL,
  FILES_CHOOSE_FOLDER_CHANNEL,
  FILES_CHOOSE_SAVE_PATH_CHANNEL,
  FLUSH_DONE_CHANNEL,
  FLUSH_REQUEST_CHANNEL,
  fileFilters,
} from '../../../electron/shared/shell';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => invoke(channel, input),
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
  },
}));

beforeAll(async () => {
  await import('../../../electron/preload/index');
});

type Fn = (input?: unknown) => Promise<unknown>;

describe('preload', () => {
  it('exposes window.mutual with exactly the contract channels as keys, and only functions', () => {
    const mutual = exposed.get('mutual') as Record<string, unknown>;
    expect(Object.keys(mutual).sort()).toEqual([...channelNames].sort());
    for (const value of Object.values(mutual)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(mutual)).toBe(true);
  });

  it('exposes nothing else but the events, device and files objects — no ipcRenderer', () => {
    expect([...exposed.keys()].sort()).toEqual(['mutual', 'mutualDevice', 'mutualEvents', 'mutualFiles']);
    const flat = [...exposed.values()].flatMap((v) => Object.keys(v as object));
    expect(flat).not.toContain('ipcRenderer');
    expect(flat).not.toContain('invoke');
    expect(flat).not.toContain('send');
    expect(Object.keys(exposed.get('mutualEvents') as object).sort()).toEqual(['on', 'onFlushRequest']);
    expect(Object.keys(exposed.get('mutualDevice') as object).sort()).toEqual(['rememberStatus', 'setRemember']);
    expect(Object.keys(exposed.get('mutualFiles') as object).sort()).toEqual(['chooseFile', 'chooseFolder', 'chooseSavePath']);
    expect(Object.isFrozen(exposed.get('mutualFiles'))).toBe(true);
  });

  it('sends each call on its own channel and returns the answer', async () => {
    const mutual = exposed.get('mutual') as Record<string, Fn>;
    for (const channel of channelNames) {
      await expect(mutual[channel]!({ a: 1 })).resolves.toEqual({ ok: true, value: { channel, input: { a: 1 } } });
    }
    await expect(mutual['vault.status']!()).resolves.toEqual({ ok: true, value: { channel: 'vault.status', input: {} } });
  });

  it('turns a failed invoke into an INTERNAL Result instead of a rejection', async () => {
    invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'vault.status': no handler"));
    const mutual = exposed.get('mutual') as Record<string, Fn>;
    await expect(mutual['vault.status']!({})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers only well-formed events of the asked kind, without the IPC event object', () => {
    const events = exposed.get('mutualEvents') as { on(name: string, cb: (detail: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = events.on('menu', (detail) => seen.push(detail));
    const emit = (message: unknown) => listeners.get(EVENT_CHANNEL)!.forEach((fn) => fn({ sender: 'secret' }, message));
    emit({ name: 'menu', detail: 'new-entry' });
    emit({ name: 'menu', detail: 'format-disk' });
    emit({ name: 'journal', detail: { name: 'status', detail: { state: 'locked', cause: 'idle' } } });
    emit('menu');
    expect(seen).toEqual(['new-entry']);
    off();
    emit({ name: 'menu', detail: 'search' });
    expect(seen).toEqual(['new-entry']);
  });

  it('passes the journal’s own events (locked and why, job progress) and drops malformed ones', () => {
    const events = exposed.get('mutualEvents') as { on(name: string, cb: (detail: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = events.on('journal', (detail) => seen.push(detail));
    const emit = (message: unknown) => listeners.get(EVENT_CHANNEL)!.forEach((fn) => fn({ sender: 'secret' }, message));
    const locked = { name: 'status', detail: { state: 'locked', cause: 'idle' } };
    const job = { name: 'job', detail: { id: 'j', kind: 'export', state: 'running', done: 1, total: 2, result: null, error: null } };
    emit({ name: 'journal', detail: locked });
    emit({ name: 'journal', detail: job });
    emit({ name: 'journal', detail: { name: 'status', detail: { state: 'open sesame' } } });
    emit({ name: 'journal', detail: { name: 'shell', detail: {} } });
    emit({ name: 'menu', detail: 'lock' });
    expect(seen).toEqual([locked, job]);
    off();
  });

  it('runs the page’s flush when main asks, then answers with the same id — at once when nothing is registered', async () => {
    const events = exposed.get('mutualEvents') as { onFlushRequest(flush: () => Promise<unknown>): () => void };
    const ask = (message: unknown) => listeners.get(FLUSH_REQUEST_CHANNEL)!.forEach((fn) => fn({ sender: 'secret' }, message));
    const answered = () => invoke.mock.calls.filter(([channel]) => channel === FLUSH_DONE_CHANNEL).map(([, input]) => input);
    invoke.mockClear();

    ask({ id: 1 });
    await vi.waitFor(() => expect(answered()).toEqual([{ id: 1 }]));

    let finish!: () => void;
    const flush = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const off = events.onFlushRequest(flush);
    ask({ id: 2 });
    await vi.waitFor(() => expect(flush).toHaveBeenCalledTimes(1));
    expect(answered()).toEqual([{ id: 1 }]);
    finish();
    await vi.waitFor(() => expect(answered()).toEqual([{ id: 1 }, { id: 2 }]));

    // A flush that fails still lets main go on; malformed requests are ignored.
    events.onFlushRequest(async () => {
      throw new Error('disk full');
    });
    ask({ id: 3 });
    ask({ id: 'x' });
    ask(null);
    await vi.waitFor(() => expect(answered()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]));
    off(); // an older registration's removal leaves the newer one in place
    ask({ id: 4 });
    await vi.waitFor(() => expect(answered()).toHaveLength(4));
  });

  it('sends remember on/off as a strict boolean', async () => {
    const device = exposed.get('mutualDevice') as { setRemember(input: unknown): Promise<unknown> };
    invoke.mockClear();
    await device.setRemember({ remember: 'yes' });
    await device.setRemember({ remember: true });
    expect(invoke.mock.calls).toEqual([
      [DEVICE_SET_CHANNEL, { remember: false }],
      [DEVICE_SET_CHANNEL, { remember: true }],
    ]);
  });

  it('sends each file dialog request on its own channel, with only the fields a request may carry', async () => {
    const files = exposed.get('mutualFiles') as Record<'chooseFolder' | 'chooseFile' | 'chooseSavePath', (input: unknown) => Promise<unknown>>;
    invoke.mockClear();
    await files.chooseFolder({ title: 'Choose the folder for backups', defaultPath: '/home/me', properties: ['multiSelections'] });
    await files.chooseFile({ title: 'Choose a backup', filter: 'backup', filters: [{ name: 'x', extensions: ['*'] }] });
    await files.chooseSavePath({ title: 'Save as', filter: 'json', use: 'export', handle: 'mutual-place:forged' });
    expect(invoke.mock.calls).toEqual([
      [FILES_CHOOSE_FOLDER_CHANNEL, { title: 'Choose the folder for backups', defaultPath: '/home/me' }],
      [FILES_CHOOSE_FILE_CHANNEL, { title: 'Choose a backup', filter: 'backup' }],
      [FILES_CHOOSE_SAVE_PATH_CHANNEL, { title: 'Save as', filter: 'json', use: 'export' }],
    ]);
  });
});

describe('the shell bridge (electron/shared/shell.ts)', () => {
  it('is the one set of names both sides use: the preload sends on its channels, the main process answers them', async () => {
    const device = exposed.get('mutualDevice') as { rememberStatus(): Promise<unknown> };
    const files = exposed.get('mutualFiles') as Record<'chooseFolder' | 'chooseFile' | 'chooseSavePath', (input: unknown) => Promise<unknown>>;
    invoke.mockClear();
    await device.rememberStatus();
    await files.chooseFolder({ title: 't' });
    await files.chooseFile({ title: 't' });
    await files.chooseSavePath({ title: 't' });
    const sent = invoke.mock.calls.map(([channel]) => channel);
    expect(sent).toEqual([DEVICE_STATUS_CHANNEL, FILES_CHOOSE_FOLDER_CHANNEL, FILES_CHOOSE_FILE_CHANNEL, FILES_CHOOSE_SAVE_PATH_CHANNEL]);
    expect([...listeners.keys()]).toContain(EVENT_CHANNEL);

    const answered = Object.keys(fileDialogHandlers({ showOpenDialog: vi.fn(), showSaveDialog: vi.fn() }));
    expect(answered.sort()).toEqual([FILES_CHOOSE_FILE_CHANNEL, FILES_CHOOSE_FOLDER_CHANNEL, FILES_CHOOSE_SAVE_PATH_CHANNEL].sort());
    expect(Object.keys(filterLists).sort()).toEqual([...fileFilters].sort());
    // The bridge's own channels can never shadow a journal channel.
    for (const channel of [EVENT_CHANNEL, DEVICE_STATUS_CHANNEL, DEVICE_SET_CHANNEL, ...answered]) {
      expect(channelNames as readonly string[]).not.toContain(channel);
    }
  });
});
