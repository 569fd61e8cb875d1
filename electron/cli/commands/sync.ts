/**
 * `mutual sync`: sync through a folder that the person's own sync app copies between computers
 * (ARCHITECTURE.md, "Sync through a folder"). One module, five subcommands — setup, join, status,
 * stop, and none (one round) — each through the handler table's sync channels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { folderKeyFilePath } from '../../core/sync/folderNames';
import { normalizeRecoveryCode } from '../../core/vault/recoveryCode';
import type { InputOf, SyncStatus } from '../../shared/contract';
import { MAX_PASSPHRASE_LENGTH } from '../../shared/contract';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { oneLine, UsageError } from '../errors';
import { clean } from '../format';
import type { Io } from '../io';
import type { Journal } from '../journal';
import { jobFailure, withJournal, withUnlocked } from '../journal';
import { formatCount, progressBar } from '../progress';
import { askPassphrase, askSecret, ENV } from '../secrets';
import { resolveVaultDir } from '../vaultDir';

type Syncing = Extract<SyncStatus, { enabled: true }>;
type Subcommand = 'setup' | 'join' | 'status' | 'stop';

const SUBCOMMANDS: readonly Subcommand[] = ['setup', 'join', 'status', 'stop'];
/** Options of the sync commands that take a value: what follows them is not a subcommand. */
const VALUE_OPTIONS = new Set(['--vault', '--folder']);

const NOT_SYNCING = 'This journal does not sync through a folder yet. Turn it on with “mutual sync setup --folder F”, F being an empty folder your sync app keeps in step.';

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * The subcommand and the arguments left for it. The subcommand is the first argument that is
 * neither an option nor an option's value, so `mutual sync --vault D status` works too.
 */
function splitSubcommand(args: string[]): { subcommand: Subcommand | null; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (!(SUBCOMMANDS as readonly string[]).includes(arg)) throw new UsageError(`“mutual sync” has no subcommand “${arg}”: use setup, join, status or stop, or nothing for one round. Run “mutual sync --help” for how to use it.`);
    return { subcommand: arg as Subcommand, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
  }
  return { subcommand: null, rest: args };
}

/** --folder, resolved from the working folder. */
function folderOption(io: Io, value: string | undefined, subcommand: 'setup' | 'join'): string {
  const example = subcommand === 'setup' ? 'an empty folder your sync app keeps in step, as in --folder ~/Sync/Mutual' : 'the sync folder your sync app copied to this computer, as in --folder ~/Sync/Mutual';
  if (value === undefined) throw new UsageError(`“mutual sync ${subcommand}” needs --folder and ${example}.`);
  if (!value.trim()) throw new UsageError(`--folder needs ${example}.`);
  return path.resolve(io.cwd, value);
}

/** A path as a shell reads it back: quoted when it holds anything but plain characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./~-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** An ISO time as the local date and time, to the minute. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

async function syncStatus(journal: Journal): Promise<SyncStatus> {
  return journal.call('sync.status', {});
}

async function requireSyncing(journal: Journal): Promise<Syncing> {
  const status = await syncStatus(journal);
  if (!status.enabled) throw new MutualError('BAD_INPUT', NOT_SYNCING);
  return status;
}

// ————————————————————————————————————————— setup

async function setup(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('sync setup', args, { folder: { type: 'string' } }, { min: 0, max: 0 });
  const folder = folderOption(io, values.folder, 'setup');
  const dir = resolveVaultDir(io, values.vault);
  const bar = progressBar(io, 'Writing');
  const status = await withUnlocked(io, dir, async (journal) => {
    const before = await syncStatus(journal);
    if (before.enabled) throw new MutualError('BAD_INPUT', `This journal already syncs through ${before.folder}. To use another folder, run “mutual sync stop” first, then set up again.`);
    bar.status('Writing your journal to the sync folder…');
    return journal.call('sync.setup', { folder }).finally(() => bar.clear());
  });
  if (!status.enabled) throw new MutualError('INTERNAL');
  io.stdout.write(
    [
      `Sync is on: this journal now syncs through ${clean(status.folder)} (${plural(status.sent, 'change file', 'change files')} written there).`,
      `This computer is ${status.deviceId} in that folder.`,
      `On your other computer, once your sync app has copied the folder there: mutual sync join --folder ${shellWord(clean(status.folder))} --vault <new folder>`,
      '',
    ].join('\n'),
  );
  return 0;
}

// ————————————————————————————————————————— join

/** Fails before any prompt when the folder cannot be joined, so no one types a passphrase for nothing. */
function checkJoinFolder(folder: string): void {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new MutualError('NOT_FOUND', `There is no folder ${folder}. Give --folder the sync folder your sync app keeps in step with your other computer.`);
  if (!fs.existsSync(folderKeyFilePath(folder)))
    throw new MutualError(
      'NOT_FOUND',
      `${folder} holds no Mutual journal yet. Set up sync on the computer that has the journal first (mutual sync setup --folder F), let your sync app copy the folder here, then join.`,
    );
}

type JoinSecret = { passphrase: string } | { recoveryCode: string };

/** The recovery code when MUTUAL_RECOVERY_CODE is set; otherwise the passphrase (MUTUAL_PASSPHRASE or a prompt). */
async function joinSecret(io: Io): Promise<JoinSecret> {
  if (io.env[ENV.recoveryCode]) {
    const typed = await askSecret(io, ENV.recoveryCode, 'The journal’s recovery code', 'Recovery code: ');
    const recoveryCode = normalizeRecoveryCode(typed);
    if (!recoveryCode) throw new MutualError('WRONG_RECOVERY_CODE');
    return { recoveryCode };
  }
  const passphrase = await askPassphrase(io, 'The journal’s passphrase: ');
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) throw new MutualError('WRONG_PASSPHRASE');
  return { passphrase };
}

async function join(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('sync join', args, { folder: { type: 'string' } }, { min: 0, max: 0 });
  const folder = folderOption(io, values.folder, 'join');
  const dir = resolveVaultDir(io, values.vault);
  const bar = progressBar(io, 'Applying');
  const joined = await withJournal(dir, async (journal) => {
    const { state } = await journal.call('vault.status', {});
    if (state !== 'new') throw new MutualError('VAULT_EXISTS', `A journal already exists in ${dir}, so Mutual did not join another one there. Give --vault a new, empty folder for the synced journal.`);
    checkJoinFolder(folder);
    const secret = await joinSecret(io);
    const input: InputOf<'sync.join'> = { folder, ...secret };
    bar.status('Opening the journal in the sync folder…');
    const status = await journal
      .followJob(
        () => journal.call('sync.join', input),
        (job) => job.state === 'running' && job.done > 0 && bar.update(job.done, job.total),
      )
      .finally(() => bar.clear());
    if (status.state !== 'done') throw jobFailure(status);
    const { entries } = status.result as { entries: number };
    return { entries, sync: await syncStatus(journal) };
  });
  const device = joined.sync.enabled ? ` This computer is ${joined.sync.deviceId} in the sync folder.` : '';
  io.stdout.write(
    `Joined the journal synced through ${clean(folder)}: it now has ${plural(joined.entries, 'entry', 'entries')}, in ${clean(dir)}.${device} It opens with the same passphrase and recovery code as on your other computer; run “mutual sync” to bring it up to date later.\n`,
  );
  return 0;
}

// ————————————————————————————————————————— one round

interface RoundDone {
  wrote: number;
  applied: number;
  changed: number;
  /** Files still being copied, as the last round found them. */
  waiting: number;
}

function roundLines(status: Syncing, done: RoundDone): string[] {
  const { waiting } = done;
  const parts: string[] = [];
  if (done.wrote) parts.push(`wrote ${plural(done.wrote, 'change file', 'change files')}`);
  if (done.applied) parts.push(`applied ${plural(done.applied, 'change file', 'change files')} from your other computers (${plural(done.changed, 'entry, person or setting', 'entries, people or settings')} changed here)`);
  const lines = [`Synced through ${clean(status.folder)}: ${parts.length ? parts.join('; ') : 'nothing new to write or apply'}.`];
  if (waiting)
    lines.push(
      `${plural(waiting, 'change file is', 'change files are')} still arriving: your sync app has not finished copying ${waiting === 1 ? 'it' : 'them'}. Run “mutual sync” again once it has.`,
    );
  return lines;
}

async function round(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('sync', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  const bar = progressBar(io, 'Syncing');
  const { status, done } = await withUnlocked(io, dir, async (journal) => {
    await requireSyncing(journal);
    // What the round did is announced as the session's sync event (the one the app hears).
    const done: RoundDone = { wrote: 0, applied: 0, changed: 0, waiting: 0 };
    const off = journal.session.onEvent((event) => {
      if (event.name !== 'sync') return;
      done.wrote += event.detail.wrote;
      done.applied += event.detail.applied;
      done.changed += event.detail.changed;
      done.waiting = event.detail.waiting;
    });
    bar.status('Syncing through the folder…');
    try {
      const status = await journal.call('sync.now', {});
      if (!status.enabled) throw new MutualError('BAD_INPUT', NOT_SYNCING);
      return { status, done };
    } finally {
      off();
      bar.clear();
    }
  });
  for (const p of status.problems) io.stderr.write(`mutual: warning: ${problemLine(p)}\n`);
  io.stdout.write(`${roundLines(status, done).join('\n')}\n`);
  return 0;
}

function problemLine(p: Syncing['problems'][number]): string {
  const where = p.deviceId ? `change file ${formatCount(p.number)} from computer ${p.deviceId}` : 'the sync folder';
  return oneLine(`${where} cannot be read: ${p.message}`);
}

// ————————————————————————————————————————— status

function statusLines(status: Syncing): string[] {
  const lines = [
    `Syncing through ${clean(status.folder)}`,
    `This computer: ${status.deviceId}`,
    `Last sync: ${status.lastSyncAt ? localTime(status.lastSyncAt) : 'not yet'}`,
    `Changes waiting to be sent: ${formatCount(status.toSend)}`,
    `Change files written by this computer: ${formatCount(status.sent)}`,
  ];
  if (status.devices.length === 0) lines.push('Other computers: none yet');
  else {
    lines.push('Other computers:');
    for (const d of status.devices) lines.push(`  ${d.deviceId}  ${plural(d.applied, 'change file', 'change files')} applied here`);
  }
  if (status.problems.length) {
    lines.push('Problems (files Mutual cannot read as they are):');
    for (const p of status.problems) lines.push(`  ${problemLine(p)}`);
  }
  if (status.notices.length) {
    lines.push('Notices:');
    for (const n of status.notices) lines.push(`  ${localTime(n.at)}  ${oneLine(n.message)}`);
  }
  return lines;
}

async function status(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('sync status', args, { json: { type: 'boolean' } }, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  const current = await withUnlocked(io, dir, syncStatus);
  if (values.json) io.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
  else if (!current.enabled) io.stdout.write(`${NOT_SYNCING}\n`);
  else io.stdout.write(`${statusLines(current).join('\n')}\n`);
  return 0;
}

// ————————————————————————————————————————— stop

async function stop(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('sync stop', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  const folder = await withUnlocked(io, dir, async (journal) => {
    const before = await syncStatus(journal);
    if (!before.enabled) return null;
    await journal.call('sync.stop', {});
    return before.folder;
  });
  if (folder === null) io.stdout.write('This journal was not syncing through a folder; nothing changed.\n');
  else
    io.stdout.write(
      `This computer no longer syncs through ${clean(folder)}. The folder and your other computers are left as they are; to sync again, run “mutual sync setup --folder ${shellWord(clean(folder))}”.\n`,
    );
  return 0;
}

export async function sync(args: string[], io: Io): Promise<number> {
  const { subcommand, rest } = splitSubcommand(args);
  if (subcommand === 'setup') return setup(rest, io);
  if (subcommand === 'join') return join(rest, io);
  if (subcommand === 'status') return status(rest, io);
  if (subcommand === 'stop') return stop(rest, io);
  return round(rest, io);
}
