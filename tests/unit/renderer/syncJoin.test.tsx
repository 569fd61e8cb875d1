// @vitest-environment jsdom
/**
 * First run → "Join a journal in a sync folder": the folder, then the passphrase or (a choice) the
 * recovery code, a progress bar counting the entries brought in while the 'sync-join' job runs,
 * the journal's own message when it refuses (beside the field it is about), and the app opening
 * when the job is done.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobStatus } from '../../../electron/shared/contract';
import { setApiForTests } from '../../../src/lib/api';
import { createJournalQueryClient, JournalDataProvider } from '../../../src/lib/data';
import { FirstRun } from '../../../src/features/firstrun/FirstRun';
import { joinProblemField } from '../../../src/features/firstrun/JoinSync';
import { emit, listeners as events, fakeApi as fakeApiOf, type Handler } from './fakeJournal';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

vi.mock('../../../src/lib/events', () => import('./fakeJournal').then((m) => m.fakeEvents));

let calls: { channel: string; input: unknown }[];
const fakeApi = (handlers: Record<string, Handler>) => fakeApiOf(handlers, calls);

const FOLDER = '/home/sam/Sync/Mutual';
const JOB = 'a3c9e0f2-5b1d-4e8a-9c77-1f0e2d3c4b5a';
const job = (patch: Partial<JobStatus>): JobStatus => ({ id: JOB, kind: 'sync-join', state: 'running', done: 0, total: null, result: null, error: null, ...patch });

let root: Root | undefined;
let host: HTMLElement;
let done: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  calls = [];
  events.clear();
  done = vi.fn<() => void>();
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
  setApiForTests(null);
});

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement | undefined;
const alerts = () => [...host.querySelectorAll('[role="alert"]')].map((a) => a.textContent);

async function click(element: HTMLElement | undefined) {
  expect(element).toBeTruthy();
  await act(async () => element!.click());
  await settle();
}

async function typeInto(input: HTMLInputElement | null, value: string) {
  expect(input).toBeTruthy();
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input!.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** First run, switched to joining, with the folder typed. */
async function openJoin() {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () =>
    root!.render(
      <JournalDataProvider client={createJournalQueryClient()}>
        <FirstRun onDone={done} onProblem={() => undefined} />
      </JournalDataProvider>,
    ),
  );
  await click(button('Join a journal in a sync folder'));
  expect(host.querySelector('h1')?.textContent).toBe('Join a journal in a sync folder');
  expect(document.activeElement?.id).toBe('join-title');
  await typeInto(host.querySelector('#join-folder'), FOLDER);
}

describe('where a refusal of the join is said', () => {
  it('beside the passphrase or code for a wrong one, beside the folder for a folder Mutual cannot use', () => {
    expect(joinProblemField({ code: 'WRONG_PASSPHRASE', message: 'x' })).toBe('secret');
    expect(joinProblemField({ code: 'WRONG_RECOVERY_CODE', message: 'x' })).toBe('secret');
    expect(joinProblemField({ code: 'BAD_INPUT', message: 'Mutual could not use that input (passphrase): too short' })).toBe('secret');
    expect(joinProblemField({ code: 'NOT_FOUND', message: 'There is no folder /x.' })).toBe('folder');
    expect(joinProblemField({ code: 'BAD_INPUT', message: 'This folder holds no journal.' })).toBe('folder');
    expect(joinProblemField({ code: 'VAULT_EXISTS', message: 'A journal already exists in this folder.' })).toBeNull();
    expect(joinProblemField(null)).toBeNull();
  });
});

describe('joining from first run', () => {
  it('sends the folder and passphrase, counts the entries brought in, and opens the app when done', async () => {
    fakeApi({ 'sync.join': () => ({ jobId: JOB }), 'jobs.status': () => job({ done: 3 }) });
    await openJoin();
    await typeInto(host.querySelector('#join-passphrase'), 'quiet harbour lantern 42');
    await click(button('Join journal'));
    expect(calls.find((c) => c.channel === 'sync.join')?.input).toEqual({ folder: FOLDER, passphrase: 'quiet harbour lantern 42' });
    const bar = host.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute('aria-valuetext')).toBe('3 entries so far');
    expect(button('Joining…')?.disabled).toBe(true);
    expect(done).not.toHaveBeenCalled();

    await emit({ name: 'job', detail: job({ done: 40 }) });
    expect(host.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext')).toBe('40 entries so far');
    await emit({ name: 'job', detail: job({ state: 'done', done: 41, result: { entries: 41 } }) });
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('uses the recovery code when chosen', async () => {
    fakeApi({ 'sync.join': () => ({ jobId: JOB }), 'jobs.status': () => job({ state: 'done', done: 2 }) });
    await openJoin();
    const recovery = [...host.querySelectorAll<HTMLInputElement>('input[name="join-secret"]')].find((r) => r.value === 'recovery')!;
    await click(recovery);
    expect(host.querySelector('label[for="join-recovery-code"]')?.textContent).toBe('Recovery code');
    expect(host.querySelector('#join-passphrase')).toBeNull();
    await typeInto(host.querySelector('#join-recovery-code'), '  ABCD-EFGH-JKLM  ');
    await click(button('Join journal'));
    expect(calls.find((c) => c.channel === 'sync.join')?.input).toEqual({ folder: FOLDER, recoveryCode: 'ABCD-EFGH-JKLM' });
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('asks for what is missing before asking the journal', async () => {
    fakeApi({});
    await openJoin();
    await typeInto(host.querySelector('#join-folder'), 'Sync/Mutual');
    await click(button('Join journal'));
    expect(alerts()).toEqual(['Type the full path of the sync folder, like /home/you/Sync/Mutual.']);
    await typeInto(host.querySelector('#join-folder'), FOLDER);
    await click(button('Join journal'));
    expect(alerts()).toEqual(['Type the passphrase of the journal you are joining.']);
    expect(calls.filter((c) => c.channel === 'sync.join')).toEqual([]);
  });

  it('says the job’s message for a wrong passphrase beside the passphrase, and nothing opens', async () => {
    const message = 'That passphrase does not open this journal. Check it and try again, or use your recovery code.';
    fakeApi({
      'sync.join': () => ({ jobId: JOB }),
      'jobs.status': () => job({ state: 'failed', error: { code: 'WRONG_PASSPHRASE', message } }),
      'vault.status': () => ({ state: 'new' }),
    });
    await openJoin();
    await typeInto(host.querySelector('#join-passphrase'), 'not it at all, sorry');
    await click(button('Join journal'));
    await settle();
    expect(alerts()).toEqual([message]);
    const field = host.querySelector('#join-passphrase')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain('join-passphrase-problem');
    expect(button('Open the journal')).toBeUndefined();
    expect(button('Join journal')?.disabled).toBe(false);
    expect(done).not.toHaveBeenCalled();
  });

  it('says a refusal to start (a journal already here) as the journal words it', async () => {
    fakeApi({ 'sync.join': () => Promise.reject({ code: 'VAULT_EXISTS', message: 'A journal already exists in this folder, so Mutual did not join another one here.' }) });
    await openJoin();
    await typeInto(host.querySelector('#join-passphrase'), 'quiet harbour lantern 42');
    await click(button('Join journal'));
    expect(alerts()).toEqual(['A journal already exists in this folder, so Mutual did not join another one here.']);
    expect(done).not.toHaveBeenCalled();
  });

  it('offers to open a journal that was made here before the join stopped', async () => {
    fakeApi({
      'sync.join': () => ({ jobId: JOB }),
      'jobs.status': () => job({ state: 'failed', done: 10, error: { code: 'INTERNAL', message: 'Something went wrong inside Mutual.' } }),
      'vault.status': () => ({ state: 'locked' }),
    });
    await openJoin();
    await typeInto(host.querySelector('#join-passphrase'), 'quiet harbour lantern 42');
    await click(button('Join journal'));
    await settle();
    expect(alerts()).toEqual(['Something went wrong inside Mutual.']);
    expect(host.textContent).toMatch(/Part of the journal is already on this computer/);
    expect(button('Join journal')).toBeUndefined();
    await click(button('Open the journal'));
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('goes back to creating a new journal', async () => {
    fakeApi({});
    await openJoin();
    await click(button('Create a new journal instead'));
    expect(host.querySelector('h1')?.textContent).toBe('Welcome to Mutual');
    expect(document.activeElement?.id).toBe('firstrun-title');
  });
});
