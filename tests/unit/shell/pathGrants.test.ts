/**
 * The rule that the app's page cannot name a path: places reach the journal only as handles main's
 * own dialogs issued, for that window and that use; raw paths are refused before the journal
 * sees them.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { fileDialogHandlers, type DialogKind } from '../../../electron/main/dialogs';
import { registerIpc } from '../../../electron/main/ipc';
import { dialogKindsFor, PathGrants, pathFields, RAW_PATH_REFUSED } from '../../../electron/main/pathGrants';
import { channelNames } from '../../../electron/shared/channels';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { fail, ok, type Result } from '../../../electron/shared/result';
import { FILES_CHOOSE_FILE_CHANNEL, FILES_CHOOSE_FOLDER_CHANNEL, FILES_CHOOSE_SAVE_PATH_CHANNEL, pathUses } from '../../../electron/shared/shell';

const WINDOW = 7;
const OTHER_WINDOW = 8;

describe('PathGrants', () => {
  it('swaps a handle for its path, for the window and use it was issued for', () => {
    const grants = new PathGrants();
    const out = grants.issue(WINDOW, 'export', '/home/me/Documents/export.json');
    expect(out).not.toContain('/home/me');
    expect(grants.resolve('export.run', { format: 'json', out, from: '2026-01-01' }, WINDOW)).toEqual(
      ok({ format: 'json', out: '/home/me/Documents/export.json', from: '2026-01-01' }),
    );
    // Usable again (an import previews, then runs, from the same place).
    const source = grants.issue(WINDOW, 'import', '/home/me/dayone.zip');
    expect(grants.resolve('import.preview', { format: 'dayone', source }, WINDOW)).toEqual(ok({ format: 'dayone', source: '/home/me/dayone.zip' }));
    expect(grants.resolve('import.run', { format: 'dayone', source, people: {} }, WINDOW)).toEqual(ok({ format: 'dayone', source: '/home/me/dayone.zip', people: {} }));
  });

  it.each([
    ['export.run', { format: 'json', out: '/home/me/.bashrc' }],
    ['export.run', { format: 'markdown', out: 'C:\\Users\\me\\Desktop' }],
    ['backup.run', { out: '/tmp/backup.mutualbackup' }],
    ['backup.restore', { mode: 'replace', file: '/tmp/evil.mutualbackup', confirm: 'Replace my journal' }],
    ['import.preview', { format: 'markdown', source: '/home/me/.ssh' }],
    ['import.run', { format: 'json', source: '/etc/passwd' }],
    ['settings.set', { backupFolder: '/home/me/.config/autostart' }],
    ['people.export', { personId: 'p1', out: '/home/me/.profile' }],
    ['export.run', { format: 'json', out: 42 }],
    ['export.run', { format: 'json', out: null }],
    ['export.run', { format: 'json', out: { handle: 'x' } }],
    ['export.run', { format: 'json', out: 'mutual-place:0123456789abcdef0123456789abcdef' }],
  ])('refuses a place the window did not choose: %s %j', (channel, input) => {
    expect(new PathGrants().resolve(channel, input, WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
  });

  it("refuses another window's handle, a handle chosen for another use, and a forgotten window's handles", () => {
    const grants = new PathGrants();
    const restoreFile = grants.issue(WINDOW, 'restore-file', '/home/me/b.mutualbackup');
    expect(grants.resolve('backup.restore', { mode: 'replace', file: restoreFile, confirm: 'Replace my journal' }, OTHER_WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
    // A file picked to restore from cannot become where an export is written, nor a restore's target folder.
    expect(grants.resolve('export.run', { format: 'json', out: restoreFile }, WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
    expect(grants.resolve('backup.restore', { mode: 'new-folder', file: restoreFile, target: restoreFile }, WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
    const target = grants.issue(WINDOW, 'restore-target', '/home/me/restored');
    expect(grants.resolve('backup.restore', { mode: 'new-folder', file: restoreFile, target }, WINDOW)).toEqual(
      ok({ mode: 'new-folder', file: '/home/me/b.mutualbackup', target: '/home/me/restored' }),
    );
    grants.forget(WINDOW);
    expect(grants.resolve('backup.restore', { mode: 'replace', file: restoreFile, confirm: 'Replace my journal' }, WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
  });

  it('leaves absent places absent and channels without places untouched', () => {
    const grants = new PathGrants();
    expect(grants.resolve('backup.run', {}, WINDOW)).toEqual(ok({}));
    expect(grants.resolve('settings.set', { autoLockMinutes: 5 }, WINDOW)).toEqual(ok({ autoLockMinutes: 5 }));
    expect(grants.resolve('settings.set', { autoLockMinutes: 5, backupFolder: undefined }, WINDOW)).toEqual(ok({ autoLockMinutes: 5, backupFolder: undefined }));
    const entry = { entryId: 'e', doc: { type: 'doc' }, note: '/home/me/.bashrc' };
    expect(grants.resolve('entries.save', entry, WINDOW)).toEqual(ok(entry));
  });

  it('covers every channel that takes a place on the computer', () => {
    expect(Object.keys(pathFields).sort()).toEqual(['backup.restore', 'backup.run', 'export.run', 'import.preview', 'import.run', 'people.export', 'settings.set', 'sync.join', 'sync.setup']);
    expect(new Set(Object.values(pathFields).flatMap((fields) => Object.values(fields!)))).toEqual(new Set(pathUses));
  });

  it('keeps a bounded number of handles per window, forgetting the oldest', () => {
    const grants = new PathGrants();
    const first = grants.issue(WINDOW, 'export', '/a/first.json');
    for (let i = 0; i < 64; i++) grants.issue(WINDOW, 'export', `/a/${i}.json`);
    expect(grants.resolve('export.run', { format: 'json', out: first }, WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
  });

  it('matches each use with the dialogs that may answer for it', () => {
    const kinds: DialogKind[] = ['folder', 'file', 'save'];
    for (const use of pathUses) for (const kind of kinds) expect(PathGrants.allows(kind, use)).toBe(dialogKindsFor[use].includes(kind));
    expect(PathGrants.allows('file', 'restore-file')).toBe(true);
    expect(PathGrants.allows('save', 'restore-file')).toBe(false);
    expect(PathGrants.allows('file', 'backup-folder')).toBe(false);
    expect(PathGrants.allows('file', 'anything')).toBe(false);
  });
});

describe('file dialogs issue the handles', () => {
  const openers = (picked = '/home/me/Documents/export.json') => ({
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [picked] })),
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: picked })),
  });

  it('answer the path to show and a handle for the asking window and use', async () => {
    const grants = new PathGrants();
    const h = fileDialogHandlers(openers(), grants);
    const answer = (await h[FILES_CHOOSE_SAVE_PATH_CHANNEL]!({ title: 'Save the export as', filter: 'json', use: 'export' }, { senderId: WINDOW })) as Result<{ path: string; handle: string }>;
    expect(answer.ok && answer.value.path).toBe('/home/me/Documents/export.json');
    const handle = answer.ok ? answer.value.handle : '';
    expect(grants.resolve('export.run', { format: 'json', out: handle }, WINDOW)).toEqual(ok({ format: 'json', out: '/home/me/Documents/export.json' }));
    expect(grants.resolve('export.run', { format: 'json', out: handle }, OTHER_WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
  });

  it('give no handle without a use, or when closed; refuse a use the dialog cannot answer for', async () => {
    const grants = new PathGrants();
    const h = fileDialogHandlers(openers('/home/me/b.mutualbackup'), grants);
    expect(await h[FILES_CHOOSE_FILE_CHANNEL]!({ title: 'Choose' }, { senderId: WINDOW })).toEqual(ok({ path: '/home/me/b.mutualbackup', handle: null }));
    const closed = fileDialogHandlers({ showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: vi.fn() }, grants);
    expect(await closed[FILES_CHOOSE_FILE_CHANNEL]!({ title: 'Choose', use: 'restore-file' }, { senderId: WINDOW })).toEqual(ok({ path: null, handle: null }));
    const o = openers();
    const refusing = fileDialogHandlers(o, grants);
    expect(await refusing[FILES_CHOOSE_FILE_CHANNEL]!({ title: 'Choose', use: 'backup-folder' }, { senderId: WINDOW })).toMatchObject({ ok: false });
    expect(await refusing[FILES_CHOOSE_FOLDER_CHANNEL]!({ title: 'Choose', use: 'format-disk' }, { senderId: WINDOW })).toMatchObject({ ok: false });
    expect(o.showOpenDialog).not.toHaveBeenCalled();
  });
});

describe('the IPC edge applies the rule before the journal sees a call', () => {
  type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Result<unknown>>;

  function setup() {
    const registered = new Map<string, Handler>();
    const journal = vi.fn(async (channel: string, input: unknown) => ok({ channel, input }));
    const table = Object.fromEntries(channelNames.map((c) => [c, (input: unknown) => journal(c, input)])) as unknown as HandlerTable;
    const grants = new PathGrants();
    const o = {
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/me/Backups'] })),
      showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/me/export.json' })),
    };
    registerIpc(
      { handle: (c: string, fn: Handler) => registered.set(c, fn), removeHandler: () => undefined } as never,
      table,
      { isAppWindow: (contents) => contents.id === WINDOW || contents.id === OTHER_WINDOW, resolveInput: (channel, input, senderId) => grants.resolve(channel, input, senderId), log: () => undefined },
      fileDialogHandlers(o, grants),
    );
    const from = (id: number) => ({ sender: { id } as WebContents, senderFrame: { url: 'app://mutual/index.html', parent: null } }) as unknown as IpcMainInvokeEvent;
    const call = (channel: string, input: unknown, id = WINDOW) => registered.get(channel)!(from(id), input);
    return { call, journal };
  }

  it('refuses a raw path without calling the journal', async () => {
    const { call, journal } = setup();
    expect(await call('settings.set', { backupFolder: '/home/me/.config/autostart' })).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
    expect(await call('export.run', { format: 'json', out: '/home/me/.bashrc' })).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
    expect(journal).not.toHaveBeenCalled();
  });

  it('relays the chosen path when the page sends the handle its dialog gave it, and only from that window', async () => {
    const { call, journal } = setup();
    const chosen = (await call(FILES_CHOOSE_FOLDER_CHANNEL, { title: 'Choose the folder for backups', use: 'backup-folder' })) as Result<{ path: string; handle: string }>;
    expect(chosen.ok && chosen.value.path).toBe('/home/me/Backups');
    const handle = chosen.ok ? chosen.value.handle : '';
    expect(await call('settings.set', { backupFolder: handle, backupKeep: 7 })).toEqual(ok({ channel: 'settings.set', input: { backupFolder: '/home/me/Backups', backupKeep: 7 } }));
    expect(await call('settings.set', { backupFolder: handle }, OTHER_WINDOW)).toEqual(fail('BAD_INPUT', RAW_PATH_REFUSED));
    expect(journal).toHaveBeenCalledTimes(1);
    // Calls that name no place are relayed as before.
    expect(await call('vault.status', {})).toEqual(ok({ channel: 'vault.status', input: {} }));
  });
});
