/**
 * `mutual sync` in-process: journals on "computers" A, B and C (each a journal folder of its own)
 * sharing one temporary sync folder, driven only through the command — setup, join (with the
 * passphrase or the recovery code), rounds, a file still being copied, status, stop — and what
 * it refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../electron/cli/run';
import { Vault } from '../../../electron/core/vault/vault';
import type { SyncStatus } from '../../../electron/shared/contract';
import { expectOneLineError, FAST_ARGON2, fakeIo } from './support';

const PASS = 'one journal on every computer';

let tmp: string;
let folders = 0;

function fresh(name: string): string {
  return path.join(tmp, `${name}-${folders++}`);
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `mutual ARGS` in this process, the passphrase from MUTUAL_PASSPHRASE unless `env` replaces it. */
async function mutual(args: string[], env: Record<string, string> = { MUTUAL_PASSPHRASE: PASS }): Promise<Ran> {
  const io = fakeIo({ home: tmp, env });
  const code = await run(args, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

async function ok(args: string[], env?: Record<string, string>): Promise<Ran> {
  const out = await mutual(args, env);
  expect(out.code, out.stderr).toBe(0);
  return out;
}

/** A new journal (fast to open) with its recovery code. */
async function newJournal(): Promise<{ dir: string; recoveryCode: string }> {
  const dir = fresh('journal');
  const { vault, recoveryCode } = await Vault.create(dir, PASS, { argon2: FAST_ARGON2 });
  vault.lock();
  return { dir, recoveryCode };
}

async function add(vault: string, note: string, date = '2026-03-14'): Promise<string> {
  return (await ok(['add', '--vault', vault, '--date', date, '--note', note])).stdout.trim();
}

async function listed(vault: string): Promise<{ id: string; note: string }[]> {
  return JSON.parse((await ok(['list', '--vault', vault, '--json'])).stdout) as { id: string; note: string }[];
}

async function statusOf(vault: string): Promise<SyncStatus> {
  return JSON.parse((await ok(['sync', 'status', '--vault', vault, '--json'])).stdout) as SyncStatus;
}

async function syncing(vault: string): Promise<Extract<SyncStatus, { enabled: true }>> {
  const status = await statusOf(vault);
  if (!status.enabled) throw new Error(`${vault} does not sync`);
  return status;
}

function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

interface Pair {
  a: string;
  b: string;
  folder: string;
  recoveryCode: string;
}

/** A journal with two entries on A, sync set up there, and B joined from the folder: all through `mutual`. */
async function pair(): Promise<Pair & { setup: Ran; joined: Ran }> {
  const { dir: a, recoveryCode } = await newJournal();
  await add(a, 'Made soup for Sam', '2026-03-01');
  await add(a, 'She lent me a book 她给了我一本书', '2026-03-02');
  const name = path.basename(fresh('sync'));
  // Relative to the working folder (the fake terminal's is tmp).
  const setup = await ok(['sync', 'setup', '--folder', name, '--vault', a]);
  const folder = path.join(tmp, name);
  const b = fresh('journal-b');
  const joined = await ok(['sync', 'join', '--folder', folder, '--vault', b]);
  return { a, b, folder, recoveryCode, setup, joined };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-sync-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mutual sync', () => {
  it('setup on A, join on B: B has the same entries, and says how many', async () => {
    const { a, b, folder, setup, joined } = await pair();
    const status = await syncing(a);
    expect(status.folder).toBe(folder);
    expect(setup.stdout).toContain(`syncs through ${folder}`);
    expect(setup.stdout).toContain(`This computer is ${status.deviceId}`);
    expect(setup.stdout).toContain(`On your other computer, once your sync app has copied the folder there: mutual sync join --folder ${folder} --vault <new folder>`);
    expect(fs.existsSync(path.join(folder, 'journal.key'))).toBe(true);
    expect(filesIn(path.join(folder, 'devices'))).toEqual([status.deviceId]);

    expect(joined.stdout).toMatch(/it now has 2 entries/);
    const onB = await syncing(b);
    expect(onB.deviceId).not.toBe(status.deviceId);
    expect(joined.stdout).toContain(onB.deviceId);
    expect(await listed(b)).toEqual(await listed(a));
    expect((await ok(['search', '--vault', b, '一本书'])).stdout).toContain('2026-03-02');
  });

  it('an entry added on B reaches A after “mutual sync” on B, then on A', async () => {
    const { a, b } = await pair();
    const id = await add(b, 'Walked with Ana after work');
    const sentB = await ok(['sync', '--vault', b]);
    expect(sentB.stdout).toMatch(/^Synced through .*: wrote 1 change file\.\n$/);
    expect(sentB.stderr).toBe('');
    const onA = await ok(['sync', '--vault', a]);
    expect(onA.stdout).toMatch(/applied 1 change file from your other computers \(1 entry, person or setting changed here\)/);
    expect((await listed(a)).map((e) => e.id)).toContain(id);
    expect(await listed(a)).toEqual(await listed(b));
    // Nothing left to do on either.
    expect((await ok(['sync', '--vault', a])).stdout).toMatch(/nothing new to write or apply/);
    expect((await ok(['sync', '--vault', b])).stdout).toMatch(/nothing new to write or apply/);
  });

  it('a third computer joins with MUTUAL_RECOVERY_CODE; a wrong passphrase or code is exit 3 and leaves nothing', async () => {
    const { a, folder, recoveryCode } = await pair();
    const wrong = fresh('journal-wrong');
    const badPass = await mutual(['sync', 'join', '--folder', folder, '--vault', wrong], { MUTUAL_PASSPHRASE: 'not the passphrase at all' });
    expect(badPass.code).toBe(3);
    expectOneLineError(badPass);
    expect(badPass.stderr).toMatch(/passphrase does not open/);
    const badCode = await mutual(['sync', 'join', '--folder', folder, '--vault', wrong], { MUTUAL_RECOVERY_CODE: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' });
    expect(badCode.code).toBe(3);
    expectOneLineError(badCode);
    expect(filesIn(wrong)).toEqual([]);

    const c = fresh('journal-c');
    const joined = await ok(['sync', 'join', '--folder', folder, '--vault', c], { MUTUAL_RECOVERY_CODE: recoveryCode.toLowerCase() });
    expect(joined.stdout).toMatch(/it now has 2 entries/);
    // It opens with the journal's passphrase, like the others.
    expect(await listed(c)).toEqual(await listed(a));
  });

  it('exits 0 while a change file is still being copied, applies what it can, then the rest once it has arrived', async () => {
    const { a, b, folder } = await pair();
    const first = await add(a, 'Coffee with Ana');
    await ok(['sync', '--vault', a]);
    const second = await add(a, 'A letter from Élodie');
    await ok(['sync', '--vault', a]);
    const own = path.join(folder, 'devices', (await syncing(a)).deviceId);
    const newest = path.join(own, filesIn(own).at(-1)!);
    const whole = fs.readFileSync(newest);
    // What a sync app leaves while copying: the start of the file.
    fs.writeFileSync(newest, whole.subarray(0, Math.floor(whole.length / 2)));

    const partly = await ok(['sync', '--vault', b]);
    expect(partly.stdout).toMatch(/applied 1 change file from your other computers/);
    expect(partly.stdout).toMatch(/1 change file is still arriving: your sync app has not finished copying it/);
    expect(partly.stderr).toBe('');
    let ids = (await listed(b)).map((e) => e.id);
    expect(ids).toContain(first);
    expect(ids).not.toContain(second);

    fs.writeFileSync(newest, whole);
    const rest = await ok(['sync', '--vault', b]);
    expect(rest.stdout).toMatch(/applied 1 change file from your other computers/);
    expect(rest.stdout).not.toMatch(/still arriving/);
    ids = (await listed(b)).map((e) => e.id);
    expect(ids).toContain(second);
    expect(await listed(b)).toEqual(await listed(a));
  });

  it('a file that cannot be read is a warning on stderr once it has stopped changing, and the round still succeeds', async () => {
    const { a, b, folder } = await pair();
    await add(a, 'Coffee with Ana');
    await ok(['sync', '--vault', a]);
    const own = path.join(folder, 'devices', (await syncing(a)).deviceId);
    const newest = path.join(own, filesIn(own).at(-1)!);
    const bytes = fs.readFileSync(newest);
    bytes[bytes.length - 1]! ^= 0xff;
    fs.writeFileSync(newest, bytes);
    // Changed a moment ago, it may still be being written: read again later, not reported.
    const settling = await ok(['sync', '--vault', b]);
    expect(settling.stderr).toBe('');
    expect(settling.stdout).toMatch(/1 change file is still arriving/);
    // Once it has stayed as it is for a while, it is a problem.
    const past = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(newest, past, past);
    const out = await ok(['sync', '--vault', b]);
    expect(out.stderr).toMatch(/^mutual: warning: change file \d+ from computer [a-z2-7]{26} cannot be read: \S/);
    expect(out.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(out.stdout).not.toMatch(/still arriving/);
    const status = await syncing(b);
    expect(status.problems).toHaveLength(1);
    expect((await ok(['sync', 'status', '--vault', b])).stdout).toMatch(/Problems \(files Mutual cannot read as they are\):/);
  });

  it('status --json gives the SyncStatus; status says where sync stands', async () => {
    const { a, b, folder } = await pair();
    await add(b, 'Walked with Ana after work');
    await ok(['sync', '--vault', b]);
    await ok(['sync', '--vault', a]);
    const status = await syncing(a);
    const idOfB = (await syncing(b)).deviceId;
    expect(status).toEqual({
      enabled: true,
      folder,
      deviceId: expect.stringMatching(/^[a-z2-7]{26}$/),
      journalId: expect.any(String),
      lastSyncAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      toSend: 0,
      sent: expect.any(Number),
      devices: [{ deviceId: idOfB, applied: 1 }],
      problems: [],
      notices: expect.any(Array),
    });
    expect(status.sent).toBeGreaterThanOrEqual(1);
    const human = (await ok(['sync', 'status', '--vault', a])).stdout;
    expect(human).toContain(`Syncing through ${folder}`);
    expect(human).toContain(`This computer: ${status.deviceId}`);
    expect(human).toMatch(/Last sync: \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(human).toContain('Changes waiting to be sent: 0');
    expect(human).toContain(`${idOfB}  1 change file applied here`);
  });

  it('status when sync is off says so, and --json prints {"enabled": false}', async () => {
    const { dir } = await newJournal();
    const human = await ok(['sync', 'status', '--vault', dir]);
    expect(human.stdout).toMatch(/does not sync through a folder yet.*mutual sync setup --folder F/);
    expect(await statusOf(dir)).toEqual({ enabled: false });
  });

  it('“mutual sync” when sync is off says how to turn it on', async () => {
    const { dir } = await newJournal();
    const out = await mutual(['sync', '--vault', dir]);
    expect(out.code).toBe(1);
    expectOneLineError(out);
    expect(out.stderr).toMatch(/does not sync through a folder yet.*mutual sync setup --folder F/);
    expect(out.stdout).toBe('');
  });

  it('setup refuses a folder that is not empty and writes nothing', async () => {
    const { dir } = await newJournal();
    const folder = fresh('busy');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'holiday.txt'), 'not a journal');
    const out = await mutual(['sync', 'setup', '--folder', folder, '--vault', dir]);
    expect(out.code).not.toBe(0);
    expectOneLineError(out);
    expect(out.stderr).toMatch(/not empty/);
    expect(filesIn(folder)).toEqual(['holiday.txt']);
    expect(await statusOf(dir)).toEqual({ enabled: false });
  });

  it('setup on a journal that already syncs names its folder and changes nothing', async () => {
    const { a, folder } = await pair();
    const other = fresh('other');
    const out = await mutual(['sync', 'setup', '--folder', other, '--vault', a]);
    expect(out.code).toBe(1);
    expectOneLineError(out);
    expect(out.stderr).toContain(`already syncs through ${folder}`);
    expect(fs.existsSync(other)).toBe(false);
  });

  it('join refuses a journal folder that already holds a journal, and a folder that is no sync folder', async () => {
    const { a, folder } = await pair();
    const before = await listed(a);
    const taken = await mutual(['sync', 'join', '--folder', folder, '--vault', a]);
    expect(taken.code).not.toBe(0);
    expectOneLineError(taken);
    expect(taken.stderr).toMatch(/A journal already exists in .*did not join/);
    expect(await listed(a)).toEqual(before);

    const empty = fresh('empty');
    fs.mkdirSync(empty);
    const nothing = await mutual(['sync', 'join', '--folder', empty, '--vault', fresh('journal')]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/holds no Mutual journal yet/);
    const missing = await mutual(['sync', 'join', '--folder', fresh('missing'), '--vault', fresh('journal')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no folder/);
  });

  it('a missing sync folder fails the round with its message', async () => {
    const { b, folder } = await pair();
    fs.renameSync(folder, `${folder}-away`);
    const out = await mutual(['sync', '--vault', b]);
    expect(out.code).toBe(1);
    expectOneLineError(out);
    expect(out.stderr).toContain(`The sync folder ${folder} is not there`);
  });

  it('stop turns sync off here only; the folder and the other computer carry on', async () => {
    const { a, b, folder } = await pair();
    const before = fs.readdirSync(path.join(folder, 'devices')).sort();
    const out = await ok(['sync', 'stop', '--vault', b]);
    expect(out.stdout).toContain(`This computer no longer syncs through ${folder}.`);
    expect(await statusOf(b)).toEqual({ enabled: false });
    expect(fs.readdirSync(path.join(folder, 'devices')).sort()).toEqual(before);
    expect((await syncing(a)).folder).toBe(folder);
    expect((await ok(['sync', 'stop', '--vault', b])).stdout).toMatch(/was not syncing/);
    expect((await mutual(['sync', '--vault', b])).code).toBe(1);
  });

  it('--help shows the subcommands; an unknown subcommand is a usage error', async () => {
    for (const args of [['sync', '--help'], ['help', 'sync'], ['sync', 'status', '--help']]) {
      const out = await ok(args);
      expect(out.stdout).toMatch(/^Usage: mutual sync {4}\[setup --folder F \| join --folder F \| status \[--json\] \| stop\] \[--vault DIR\]/);
      for (const sub of ['mutual sync setup --folder F', 'mutual sync join --folder F', 'mutual sync status [--json]', 'mutual sync stop']) expect(out.stdout).toContain(sub);
    }
    expect((await ok(['--help'])).stdout).toContain('mutual sync');
    const vault = fresh('untouched');
    for (const args of [['sync', 'frobnicate'], ['sync', 'setup', '--vault', vault], ['sync', 'status', '--folder', 'x', '--vault', vault], ['sync', 'stop', 'now', '--vault', vault]]) {
      const out = await mutual(args);
      expect(out.code, args.join(' ')).toBe(2);
      expectOneLineError(out);
    }
    expect(fs.existsSync(vault)).toBe(false);
  });
});
