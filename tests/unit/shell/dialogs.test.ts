/**
 * The file dialogs the shell offers Settings → Your data: what the page may ask for, what the
 * system dialog is opened with, and that only one chosen absolute path (or null) comes back —
 * behind the same sender check as every other call. The dialog functions are handed in, as
 * index.ts hands in Electron's; no Electron runs here.
 */
import type { IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DIALOG_BAD_REQUEST, DIALOG_OPEN_MESSAGE, fileDialogHandlers, filterLists, openOptions, saveOptions } from '../../../electron/main/dialogs';
import { registerIpc, UNTRUSTED_MESSAGE } from '../../../electron/main/ipc';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import {
  FILES_CHOOSE_FILE_CHANNEL,
  FILES_CHOOSE_FOLDER_CHANNEL,
  FILES_CHOOSE_SAVE_PATH_CHANNEL,
  toChooseRequest,
} from '../../../electron/shared/shell';
import { channelNames } from '../../../electron/shared/channels';
import { fail, ok } from '../../../electron/shared/result';

function openers(answers: { open?: { canceled: boolean; filePaths: string[] }; save?: { canceled: boolean; filePath: string } } = {}) {
  const seen: { open: OpenDialogOptions[]; save: SaveDialogOptions[] } = { open: [], save: [] };
  return {
    seen,
    showOpenDialog: vi.fn(async (options: OpenDialogOptions) => {
      seen.open.push(options);
      return answers.open ?? { canceled: false, filePaths: ['/home/me/Backups/mutual.mutualbackup'] };
    }),
    showSaveDialog: vi.fn(async (options: SaveDialogOptions) => {
      seen.save.push(options);
      return answers.save ?? { canceled: false, filePath: '/home/me/Documents/export.json' };
    }),
  };
}

describe('dialog options', () => {
  it('a folder dialog picks one folder and may make a new one', () => {
    const options = openOptions('folder', { title: 'Choose the folder for backups', defaultPath: '/home/me' });
    expect(options).toEqual({
      title: 'Choose the folder for backups',
      defaultPath: '/home/me',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'],
    });
    expect(options.properties).not.toContain('multiSelections');
  });

  it('a file dialog picks one file and offers the named kind first, then all files', () => {
    const options = openOptions('file', { title: 'Choose a backup to restore', filter: 'backup' });
    expect(options.properties).toEqual(['openFile', 'dontAddToRecent']);
    expect(options.filters).toEqual([{ name: 'Mutual backups', extensions: ['mutualbackup'] }, { name: 'All files', extensions: ['*'] }]);
    expect(openOptions('file', { title: 't' }).filters).toEqual(filterLists.any);
    expect(filterLists.dayone[0]!.extensions).toEqual(['zip', 'json']);
  });

  it('a save dialog names a new file or folder, with no filter for a folder', () => {
    expect(saveOptions({ title: 'Save the export as', filter: 'json' })).toEqual({
      title: 'Save the export as',
      properties: ['createDirectory', 'dontAddToRecent'],
      filters: filterLists.json,
    });
    expect(saveOptions({ title: 'New folder', filter: 'any' }).filters).toBeUndefined();
  });
});

describe('file dialog handlers', () => {
  it('answer the chosen path, or null when the dialog was closed', async () => {
    const o = openers();
    const h = fileDialogHandlers(o);
    expect(await h[FILES_CHOOSE_FILE_CHANNEL]!({ title: 'Choose a backup', filter: 'backup' })).toEqual(ok({ path: '/home/me/Backups/mutual.mutualbackup', handle: null }));
    expect(await h[FILES_CHOOSE_SAVE_PATH_CHANNEL]!({ title: 'Save as', filter: 'json' })).toEqual(ok({ path: '/home/me/Documents/export.json', handle: null }));
    expect(o.seen.open[0]!.properties).toContain('openFile');
    expect(o.seen.save[0]!.filters).toEqual(filterLists.json);

    const closed = fileDialogHandlers(openers({ open: { canceled: true, filePaths: [] }, save: { canceled: true, filePath: '' } }));
    expect(await closed[FILES_CHOOSE_FOLDER_CHANNEL]!({ title: 'Choose' })).toEqual(ok({ path: null, handle: null }));
    expect(await closed[FILES_CHOOSE_SAVE_PATH_CHANNEL]!({ title: 'Choose' })).toEqual(ok({ path: null, handle: null }));
  });

  it('answer only the first path, and never a relative or empty one', async () => {
    const many = fileDialogHandlers(openers({ open: { canceled: false, filePaths: ['/a/one', '/a/two'] } }));
    expect(await many[FILES_CHOOSE_FOLDER_CHANNEL]!({ title: 'Choose' })).toEqual(ok({ path: '/a/one', handle: null }));
    const relative = fileDialogHandlers(openers({ open: { canceled: false, filePaths: ['relative/path'] }, save: { canceled: false, filePath: '' } }));
    expect(await relative[FILES_CHOOSE_FILE_CHANNEL]!({ title: 'Choose' })).toEqual(ok({ path: null, handle: null }));
    expect(await relative[FILES_CHOOSE_SAVE_PATH_CHANNEL]!({ title: 'Choose' })).toEqual(ok({ path: null, handle: null }));
  });

  it.each([
    ['no title', {}],
    ['an empty title', { title: '  ' }],
    ['a very long title', { title: 'x'.repeat(201) }],
    ['a relative starting path', { title: 'Choose', defaultPath: 'Documents' }],
    ['a NUL in the starting path', { title: 'Choose', defaultPath: '/home/me\u0000/x' }],
    ['an unknown filter', { title: 'Choose', filter: 'exe' }],
    ['dialog properties from the page', { title: 'Choose', properties: ['multiSelections'] }],
    ['extensions from the page', { title: 'Choose', filters: [{ name: 'x', extensions: ['*'] }] }],
    ['not an object', 'open /etc/passwd'],
  ])('refuse %s without opening a dialog', async (_what, input) => {
    const o = openers();
    const h = fileDialogHandlers(o);
    for (const channel of [FILES_CHOOSE_FOLDER_CHANNEL, FILES_CHOOSE_FILE_CHANNEL, FILES_CHOOSE_SAVE_PATH_CHANNEL]) {
      expect(await h[channel]!(input)).toEqual(fail('BAD_INPUT', DIALOG_BAD_REQUEST));
    }
    expect(o.showOpenDialog).not.toHaveBeenCalled();
    expect(o.showSaveDialog).not.toHaveBeenCalled();
  });

  it('open one dialog at a time', async () => {
    let close!: (value: { canceled: boolean; filePaths: string[] }) => void;
    const showOpenDialog = vi.fn(() => new Promise<{ canceled: boolean; filePaths: string[] }>((resolve) => (close = resolve)));
    const h = fileDialogHandlers({ showOpenDialog, showSaveDialog: vi.fn() });
    const first = h[FILES_CHOOSE_FOLDER_CHANNEL]!({ title: 'Choose' });
    expect(await h[FILES_CHOOSE_FILE_CHANNEL]!({ title: 'Choose' })).toEqual(fail('BAD_INPUT', DIALOG_OPEN_MESSAGE));
    close({ canceled: false, filePaths: ['/chosen'] });
    expect(await first).toEqual(ok({ path: '/chosen', handle: null }));
    expect(showOpenDialog).toHaveBeenCalledTimes(1);
    // Once closed, the next one opens.
    const again = h[FILES_CHOOSE_FOLDER_CHANNEL]!({ title: 'Choose' });
    close({ canceled: true, filePaths: [] });
    expect(await again).toEqual(ok({ path: null, handle: null }));
  });

  it('are served behind the sender check: another page or a frame cannot open a dialog', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>>();
    const o = openers();
    registerIpc(
      { handle: (c: string, fn: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) => handlers.set(c, fn), removeHandler: () => undefined } as never,
      Object.fromEntries(channelNames.map((c) => [c, async () => ok(null)])) as unknown as HandlerTable,
      { isAppWindow: (contents) => contents.id === 1, log: () => undefined },
      fileDialogHandlers(o),
    );
    const contents = { id: 1 } as WebContents;
    const from = (url: string, parent: object | null = null) => ({ sender: contents, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;
    const choose = handlers.get(FILES_CHOOSE_FILE_CHANNEL)!;
    expect(await choose(from('https://evil.example/'), { title: 'Choose' })).toEqual(fail('BAD_INPUT', UNTRUSTED_MESSAGE));
    expect(await choose(from('app://mutual/index.html', {}), { title: 'Choose' })).toEqual(fail('BAD_INPUT', UNTRUSTED_MESSAGE));
    expect(o.showOpenDialog).not.toHaveBeenCalled();
    expect(await choose(from('app://mutual/index.html'), { title: 'Choose' })).toEqual(ok({ path: '/home/me/Backups/mutual.mutualbackup', handle: null }));
  });
});

describe('toChooseRequest (the preload side)', () => {
  it('copies only a title, a starting path and a filter, as strings', () => {
    expect(toChooseRequest({ title: 'Choose', defaultPath: '/home', filter: 'json', properties: ['multiSelections'], extra: 1 })).toEqual({
      title: 'Choose',
      defaultPath: '/home',
      filter: 'json',
    });
    expect(toChooseRequest({ title: 3, defaultPath: { toString: () => '/' } })).toEqual({ title: '' });
    expect(toChooseRequest(null)).toEqual({ title: '' });
  });
});
