// @vitest-environment jsdom
/**
 * Settings → Sync: set up through a typed folder, the status as the journal tells it (the folder,
 * when it last synced, what waits, the other computers, problems and notices in the journal's own
 * words), "Sync now", and stopping only after a confirmation. And the data layer after a sync round:
 * the status is read again after every round, what the journal shows only when the round changed
 * something here.
 */
import { QueryObserver } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../electron/shared/contract';
import { setApiForTests } from '../../../src/lib/api';
import { createJournalQueryClient, journalQuery, JournalDataProvider, useJournalCacheLifetime } from '../../../src/lib/data';
import { SyncSettings } from '../../../src/features/settings/SyncSettings';
import { emit, listeners as events, fakeApi as fakeApiOf, type Handler } from './fakeJournal';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

vi.mock('../../../src/lib/events', () => import('./fakeJournal').then((m) => m.fakeEvents));

let calls: { channel: string; input: unknown }[];
const fakeApi = (handlers: Record<string, Handler>) => fakeApiOf(handlers, calls);

const FOLDER = '/home/sam/Sync/Mutual';
const on = (patch: Partial<Extract<SyncStatus, { enabled: true }>> = {}): SyncStatus => ({
  enabled: true,
  folder: FOLDER,
  deviceId: 'thisdevicexxxxxxxxxxxxxxxx',
  journalId: 'j1',
  lastSyncAt: new Date(Date.now() - 2 * 60_000 - 5_000).toISOString(),
  toSend: 0,
  sent: 3,
  devices: [],
  problems: [],
  notices: [],
  ...patch,
});

let root: Root | undefined;
let host: HTMLElement;

beforeAll(() => {
  // jsdom has no modal dialogs.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
beforeEach(() => {
  calls = [];
  events.clear();
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
  setApiForTests(null);
});

function UnlockedApp() {
  useJournalCacheLifetime();
  return <SyncSettings />;
}

async function render(client = createJournalQueryClient()) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () =>
    root!.render(
      <JournalDataProvider client={client}>
        <UnlockedApp />
      </JournalDataProvider>,
    ),
  );
  await settle();
  return client;
}

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const text = () => host.textContent ?? '';
const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement | undefined;

async function click(element: HTMLElement | undefined) {
  expect(element).toBeTruthy();
  await act(async () => element!.click());
  await settle();
}

async function typeInto(input: HTMLInputElement, value: string) {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('Settings → Sync, off', () => {
  it('explains sync through a folder and sets it up through the typed folder', async () => {
    let status: SyncStatus = { enabled: false };
    fakeApi({
      'sync.status': () => status,
      'sync.setup': (input) => {
        status = on({ folder: (input as { folder: string }).folder, lastSyncAt: new Date().toISOString() });
        return status;
      },
    });
    await render();
    expect(text()).toMatch(/Syncthing, Dropbox, iCloud Drive, OneDrive, Nextcloud or a USB stick/);
    expect(text()).toMatch(/encrypted/);
    expect(text()).toMatch(/sizes and when they change/);

    // Nothing typed, then a relative path: said beside the field, nothing asked of the journal.
    await click(button('Sync through this folder'));
    const field = host.querySelector<HTMLInputElement>('#sync-folder')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector('[role="alert"]')?.textContent).toMatch(/full path of the folder to sync through/);
    await typeInto(field, 'Sync/Mutual');
    await click(button('Sync through this folder'));
    expect(host.querySelector('[role="alert"]')?.textContent).toMatch(/full path/);
    expect(calls.filter((c) => c.channel === 'sync.setup')).toEqual([]);

    await typeInto(field, FOLDER);
    await click(button('Sync through this folder'));
    expect(calls.filter((c) => c.channel === 'sync.setup').map((c) => c.input)).toEqual([{ folder: FOLDER }]);
    expect(text()).toContain(`This journal syncs through ${FOLDER}.`);
    expect(text()).toContain('Synced just now.');
    expect(host.querySelector('[role="status"]')?.textContent).toMatch(/Sync is on/);
    // The keyboard lands on the group's heading, not on the body with the button that went.
    expect(document.activeElement?.id).toBe('sync-title');
  });

  it('says the journal’s refusal of a folder beside the field', async () => {
    fakeApi({
      'sync.status': () => ({ enabled: false }),
      'sync.setup': () => {
        throw { code: 'BAD_INPUT', message: 'This folder is not empty. Choose an empty folder for the sync files.' };
      },
    });
    await render();
    const field = host.querySelector<HTMLInputElement>('#sync-folder')!;
    await typeInto(field, FOLDER);
    await click(button('Sync through this folder'));
    const problem = document.getElementById('sync-folder-problem');
    expect(problem?.textContent).toBe('This folder is not empty. Choose an empty folder for the sync files.');
    expect(field.getAttribute('aria-describedby')).toContain('sync-folder-problem');
  });
});

describe('Settings → Sync, on', () => {
  it('shows the folder, when it synced, what waits, the other computers, problems and notices as the journal words them', async () => {
    fakeApi({
      'sync.status': () =>
        on({
          toSend: 2,
          devices: [
            { deviceId: 'otherdeviceaaaaaaaaaaaaaaa', applied: 12 },
            { deviceId: 'laptopbbbbbbbbbbbbbbbbbbbb', applied: 1 },
          ],
          problems: [{ deviceId: 'laptopbbbbbbbbbbbbbbbbbbbb', number: 2, message: 'A change file from this computer is sealed with another journal’s key, so it was not read.' }],
          notices: [{ at: '2026-03-14T10:00:00.000Z', kind: 'revived', message: 'An entry of 12 March was deleted on one computer and edited on another, so it was kept, with the edit.' }],
        }),
    });
    await render();
    expect(text()).toContain(`This journal syncs through ${FOLDER}.`);
    expect(text()).toContain('Synced 2 minutes ago.');
    expect(text()).toContain('2 changes are waiting to be sent.');
    expect(text()).toContain('this computer is thisde; it has sent 3 files.');
    const devices = [...host.querySelectorAll('.sync-devices li')].map((li) => li.textContent);
    expect(devices).toEqual(['Computer otherd — 12 files applied here', 'Computer laptop — 1 file applied here']);
    expect(host.querySelector('.sync-problems li')?.textContent).toBe(
      'From computer laptop: A change file from this computer is sealed with another journal’s key, so it was not read.',
    );
    expect(host.querySelector('.sync-notices li')?.textContent).toContain(
      'An entry of 12 March was deleted on one computer and edited on another, so it was kept, with the edit.',
    );
    // Status, not failures: nothing here is an alert.
    expect(host.querySelector('[role="alert"]')).toBeNull();
  });

  it('says when no other computer has written yet', async () => {
    fakeApi({ 'sync.status': () => on() });
    await render();
    expect(text()).toMatch(/No other computer has written to the folder yet/);
    expect(host.querySelector('.sync-devices')).toBeNull();
  });

  it('"Sync now" runs a round and shows what it left', async () => {
    let status = on({ toSend: 4 });
    fakeApi({
      'sync.status': () => status,
      'sync.now': () => (status = on({ toSend: 0, lastSyncAt: new Date().toISOString() })),
    });
    await render();
    expect(text()).toContain('4 changes are waiting to be sent.');
    await click(button('Sync now'));
    expect(calls.some((c) => c.channel === 'sync.now')).toBe(true);
    expect(text()).toContain('Synced just now.');
    expect(host.querySelector('[role="status"]')?.textContent).toBe('Synced. Everything written here is in the sync folder.');
  });

  it('"Sync now" says the journal’s message when the folder is gone', async () => {
    fakeApi({
      'sync.status': () => on(),
      'sync.now': () => {
        throw { code: 'NOT_FOUND', message: `The sync folder ${FOLDER} is not there. Connect the drive or start the sync app that keeps it.` };
      },
    });
    await render();
    await click(button('Sync now'));
    expect(host.querySelector('[role="alert"]')?.textContent).toBe(`The sync folder ${FOLDER} is not there. Connect the drive or start the sync app that keeps it.`);
  });

  it('stops only after a confirmation that the folder and the other computers are untouched', async () => {
    let status: SyncStatus = on();
    fakeApi({
      'sync.status': () => status,
      'sync.stop': () => (status = { enabled: false }),
    });
    await render();
    await click(button('Stop syncing on this computer'));
    const dialog = document.querySelector('dialog')!;
    expect(dialog.textContent).toMatch(/The folder and your other computers are untouched/);
    expect(dialog.textContent).toContain(FOLDER);
    // The safe answer has the keyboard first, and keeps sync on.
    expect(document.activeElement?.textContent).toBe('Keep syncing');
    await click(button('Keep syncing'));
    expect(document.querySelector('dialog')).toBeNull();
    expect(calls.some((c) => c.channel === 'sync.stop')).toBe(false);

    await click(button('Stop syncing on this computer'));
    await click(button('Stop syncing'));
    expect(calls.some((c) => c.channel === 'sync.stop')).toBe(true);
    expect(document.querySelector('dialog')).toBeNull();
    expect(button('Sync through this folder')).toBeTruthy();
    expect(host.querySelector('[role="status"]')?.textContent).toMatch(/Sync is off on this computer. The sync folder and your other computers were left as they are./);
  });
});

describe('after a sync round', () => {
  it('reads the status again after every round, what the journal shows only when the round changed something here, and says what is still arriving', async () => {
    let rounds = 0;
    let listed = 0;
    fakeApi({
      'sync.status': () => on({ sent: ++rounds }),
      'entries.list': () => ({ entries: [], total: ++listed }),
      'settings.get': () => ({}),
    });
    const client = await render();
    // Something on screen that shows entries.
    const shown = new QueryObserver(client, journalQuery('entries.list', {}));
    const off = shown.subscribe(() => undefined);
    await settle();
    const listedBefore = listed;
    expect(text()).toContain('it has sent 1 file.');

    await emit({ name: 'sync', detail: { changed: 0, applied: 0, wrote: 1, waiting: 0, problems: 0 } });
    await settle();
    expect(text()).toContain('it has sent 2 files.');
    expect(listed).toBe(listedBefore);

    await emit({ name: 'sync', detail: { changed: 1, applied: 1, wrote: 0, waiting: 0, problems: 0 } });
    await settle();
    expect(text()).toContain('it has sent 3 files.');
    expect(listed).toBe(listedBefore + 1);
    expect(text()).not.toMatch(/still arriving/);

    // A round that found files still being copied says so, until a round finds them complete.
    await emit({ name: 'sync', detail: { changed: 0, applied: 0, wrote: 0, waiting: 3, problems: 0 } });
    await settle();
    expect(text()).toContain('3 files from your other computers are still arriving; Mutual reads them once complete.');
    await emit({ name: 'sync', detail: { changed: 1, applied: 3, wrote: 0, waiting: 0, problems: 0 } });
    await settle();
    expect(text()).not.toMatch(/still arriving/);
    off();
  });
});
