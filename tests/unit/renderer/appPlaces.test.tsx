// @vitest-environment jsdom
/**
 * Settings → Your data in the desktop app sends the journal the handle its file dialog gave,
 * never a path (electron/main/pathGrants.ts refuses those); in a browser (the web host) it sends
 * the typed path as before. Without its preload the app says so plainly (appBridge.test.ts: in
 * app:// that is what the page gets, never the web host's HTTP transport).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../electron/shared/channels';
import type { MutualApi, Settings } from '../../../electron/shared/contract';
import type { ChooseRequest, MutualFiles } from '../../../electron/shared/shell';
import { BRIDGE_MISSING_MESSAGE, createMissingBridgeApi, setApiForTests } from '../../../src/lib/api';
import { BackupSettings } from '../../../src/features/settings/BackupSettings';
import { RestorePanel } from '../../../src/features/settings/RestorePanel';
import { askForPlace, placeToSend } from '../../../src/features/settings/PathField';
import { SessionContext, type SessionActions } from '../../../src/lib/session';
import { JournalDataProvider } from '../../../src/lib/data';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const settings: Settings = {
  autoLockMinutes: 10,
  backupEvery: 'daily',
  backupKeep: 10,
  backupFolder: '/home/me/.config/Mutual/backups',
  lastBackupAt: null,
  notifyReminders: false,
  journalFolder: '/home/me/.config/Mutual/journal',
} as Settings;

let calls: { channel: string; input: unknown }[];
let root: Root;
let host: HTMLElement;
let asked: { kind: string; request: ChooseRequest }[];

function fakeApi(): MutualApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of channelNames) {
    api[channel] = async (input) => {
      calls.push({ channel, input });
      if (channel === 'settings.set') return { ok: true, value: settings };
      if (channel === 'backup.restore') return { ok: true, value: { restoredTo: '/home/me/restored', keptAt: null } };
      return { ok: false, error: { code: 'BAD_INPUT', message: 'not in this test' } };
    };
  }
  return api as unknown as MutualApi;
}

function installDialogs(): void {
  const answer = (kind: string, path: string) => async (request: ChooseRequest) => {
    asked.push({ kind, request });
    return { ok: true as const, value: { path, handle: `mutual-place:${kind}-${request.use}` } };
  };
  const files: MutualFiles = {
    chooseFolder: answer('folder', '/home/me/Chosen folder'),
    chooseFile: answer('file', '/home/me/backup.mutualbackup'),
    chooseSavePath: answer('save', '/home/me/export.json'),
  };
  (window as unknown as { mutualFiles?: MutualFiles }).mutualFiles = files;
}

const session = { holdWhileLocked: () => () => undefined } as unknown as SessionActions;

async function render(ui: React.ReactNode): Promise<void> {
  await act(async () =>
    root.render(
      <JournalDataProvider>
        <SessionContext.Provider value={session}>{ui}</SessionContext.Provider>
      </JournalDataProvider>,
    ),
  );
}
const button = (name: RegExp) => [...host.querySelectorAll('button')].find((b) => name.test(b.getAttribute('aria-label') ?? b.textContent ?? ''))!;
const input = (id: string) => host.querySelector<HTMLInputElement>(`#${id}`)!;
async function click(el: HTMLElement): Promise<void> {
  await act(async () => el.click());
}
async function type(el: HTMLInputElement, value: string): Promise<void> {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setter.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeEach(() => {
  calls = [];
  asked = [];
  setApiForTests(fakeApi());
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  delete (window as unknown as { mutualFiles?: unknown }).mutualFiles;
  setApiForTests(null);
});

describe('in the desktop app', () => {
  beforeEach(installDialogs);

  it('the backup folder is chosen, not typed, and sent as the dialog’s handle for that use', async () => {
    await render(<BackupSettings settings={settings} />);
    expect(input('backup-folder').readOnly).toBe(true);
    await click(button(/Choose… \(Backup folder\)/));
    expect(asked).toEqual([{ kind: 'folder', request: expect.objectContaining({ use: 'backup-folder', defaultPath: settings.backupFolder }) }]);
    expect(input('backup-folder').value).toBe('/home/me/Chosen folder');
    await click(button(/Save backup settings/));
    expect(calls).toEqual([{ channel: 'settings.set', input: { backupEvery: 'daily', backupKeep: 10, backupFolder: 'mutual-place:folder-backup-folder' } }]);
  });

  it('an unchanged backup folder is not sent at all', async () => {
    await render(<BackupSettings settings={settings} />);
    await click(button(/Save backup settings/));
    expect(calls).toEqual([{ channel: 'settings.set', input: { backupEvery: 'daily', backupKeep: 10 } }]);
  });

  it('a restore sends the handles of the backup file and the new folder, never their paths', async () => {
    await render(<RestorePanel settings={settings} />);
    await click(button(/Restore…/));
    expect(host.textContent).toContain('Use Choose… to pick the backup file to restore.');
    expect(calls).toEqual([]);
    await click(button(/Choose… \(Backup file\)/));
    await click(button(/Choose… \(New journal folder\)/));
    await click(button(/Restore…/));
    expect(asked.map((a) => a.request.use)).toEqual(['restore-file', 'restore-target']);
    expect(calls).toEqual([
      { channel: 'backup.restore', input: { mode: 'new-folder', file: 'mutual-place:file-restore-file', target: 'mutual-place:folder-restore-target' } },
    ]);
    expect(JSON.stringify(calls)).not.toContain('/home/me');
  });
});

describe('in a browser (the web host)', () => {
  it('the typed path is sent as it is', async () => {
    await render(<RestorePanel settings={settings} />);
    expect(input('restore-file').readOnly).toBe(false);
    expect(host.textContent).not.toContain('Choose…');
    await type(input('restore-file'), ' /home/me/b.mutualbackup ');
    await type(input('restore-target'), '/home/me/restored');
    await click(button(/Restore…/));
    expect(calls).toEqual([{ channel: 'backup.restore', input: { mode: 'new-folder', file: '/home/me/b.mutualbackup', target: '/home/me/restored' } }]);
  });

  it('says what to type', () => {
    expect(askForPlace('what to import', false)).toBe('Type the full path of what to import.');
    expect(askForPlace('what to import', true)).toBe('Use Choose… to pick what to import.');
    expect(placeToSend('  /a  ', null, false)).toBe('/a');
    expect(placeToSend('/a', null, true)).toBeNull();
    expect(placeToSend('/a', 'mutual-place:x', true)).toBe('mutual-place:x');
  });
});

describe('the app without its preload', () => {
  it('answers every call with the plain explanation, and never tries HTTP', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const api = createMissingBridgeApi();
    for (const channel of channelNames) {
      await expect((api[channel] as (i: object) => Promise<unknown>)({})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: BRIDGE_MISSING_MESSAGE } });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});
