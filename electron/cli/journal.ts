/**
 * The one way the commands reach a journal: the handler table the app uses
 * (createHandlers(openSession(dir)), electron/core/handlers.ts), called in this process — the
 * command is short-lived, so there is no worker thread. Every input is validated and every failure
 * worded exactly as it is for the app; a failed call becomes a MutualError with the table's code
 * and message, which run.ts turns into one line and an exit code.
 *
 * The session indexes saved entries in the background; the command never waits for that. Closing
 * (always, in withJournal) locks the journal: what is still queued is indexed at the next unlock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHandlers } from '../core/handlers';
import { DB_FILE, KEY_FILE } from '../core/paths';
import type { Session } from '../core/session/session';
import { openSession } from '../core/session/session';
import type { ChannelName } from '../shared/channels';
import type { InputOf, JobStatus, OutputOf, Person } from '../shared/contract';
import { MAX_PASSPHRASE_LENGTH } from '../shared/contract';
import type { HandlerTable } from '../shared/handlerTable';
import type { ErrorCode } from '../shared/result';
import { MutualError } from '../shared/result';
import type { InterruptWatch, Io } from './io';
import { askPassphrase, ENV } from './secrets';

export class Journal {
  readonly session: Session;
  private readonly handlers: HandlerTable;

  constructor(readonly dir: string) {
    this.session = openSession(dir, { sync: { watch: false } });
    this.handlers = createHandlers(this.session);
  }

  /** One call through the table: its value, or its failure thrown as a MutualError. */
  async call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const result = await this.handlers[channel](input);
    if (!result.ok) throw new MutualError(result.error.code, result.error.message);
    return result.value as OutputOf<C>;
  }

  /**
   * Starts a job (export, backup, import) and follows it to its end through the session's job
   * events — the ones the app's window receives — calling `onStatus` with each one. Ctrl-C
   * (`stop`) cancels it through jobs.cancel: it ends as cancelled at its next step, or as done if
   * it was finishing. Resolves with the last status: done, failed or cancelled.
   */
  followJob(start: () => Promise<{ jobId: string }>, onStatus: (status: JobStatus) => void = () => undefined, stop?: InterruptWatch): Promise<JobStatus> {
    return new Promise((resolve, reject) => {
      let jobId: string | null = null;
      let settled = false;
      const early: JobStatus[] = [];
      const finish = (settle: () => void) => {
        settled = true;
        off();
        settle();
      };
      const seen = (status: JobStatus) => {
        if (settled || status.id !== jobId) return;
        onStatus(status);
        if (status.state !== 'running') finish(() => resolve(status));
      };
      // A job announces its start before the call that starts it returns: kept until the id is known.
      const off = this.session.onEvent((event) => {
        if (event.name !== 'job') return;
        if (jobId === null) early.push(event.detail);
        else seen(event.detail);
      });
      const follow = async () => {
        const id = (jobId = (await start()).jobId);
        stop?.alsoOnStop(() => void this.call('jobs.cancel', { jobId: id }).catch(() => undefined));
        for (const status of early.splice(0)) seen(status);
        if (!settled) seen(await this.call('jobs.status', { jobId: id }));
      };
      follow().catch((error: unknown) => {
        if (!settled) finish(() => reject(error));
      });
    });
  }

  close(): void {
    this.session.close();
  }
}

/** A job's failure as the error it was. */
export function jobFailure(status: JobStatus): MutualError {
  return new MutualError((status.error?.code ?? 'INTERNAL') as ErrorCode, status.error?.message);
}

/** Fails before any prompt when there is no journal to open, so no one types a passphrase for nothing. */
export async function requireJournal(journal: Journal): Promise<void> {
  const { state } = await journal.call('vault.status', {});
  if (state !== 'new') return;
  const dir = journal.dir;
  if (fs.existsSync(path.join(dir, DB_FILE)))
    throw new MutualError('VAULT_DAMAGED', `The key file (${KEY_FILE}) is missing from ${dir}, so the journal cannot be opened. Restore it from a backup of this folder; Mutual changed nothing.`);
  throw new MutualError('VAULT_NOT_FOUND', `No journal was found in ${dir}. Create one with “mutual init”, or point --vault or ${ENV.vault} at the folder where your journal lives.`);
}

/** Unlocks through the table. No journal has a passphrase longer than any passphrase can be. */
export async function unlock(journal: Journal, passphrase: string): Promise<void> {
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) throw new MutualError('WRONG_PASSPHRASE');
  await journal.call('vault.unlock', { passphrase });
}

/** Opens the journal in `dir` for one command, and always closes it (locking it) afterwards. */
export async function withJournal<T>(dir: string, use: (journal: Journal) => T | Promise<T>): Promise<T> {
  const journal = new Journal(dir);
  try {
    return await use(journal);
  } finally {
    journal.close();
  }
}

/** Checks there is a journal, asks for the passphrase, unlocks it, runs `use`, and always locks it again. */
export function withUnlocked<T>(io: Io, dir: string, use: (journal: Journal) => T | Promise<T>): Promise<T> {
  return withJournal(dir, async (journal) => {
    await requireJournal(journal);
    await unlock(journal, await askPassphrase(io));
    return use(journal);
  });
}

/**
 * The person a --person option names, as the journal finds one by name: case does not matter, and
 * someone not archived comes before someone archived, then the one added first. (The table has no
 * look-up by name; this reads people.list.) Null when no one has that name.
 */
export function personNamed(people: Person[], name: string): Person | null {
  const wanted = name.trim();
  const ordered = [...people].sort((a, b) => Number(a.archived) - Number(b.archived) || a.createdAt.localeCompare(b.createdAt));
  // The journal compares ASCII letters without case first (SQLite's NOCASE), then any letters.
  const ascii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return ordered.find((p) => ascii(p.name) === ascii(wanted)) ?? ordered.find((p) => p.name.toLocaleLowerCase() === wanted.toLocaleLowerCase()) ?? null;
}

/** The id of the person a --person option names; an unknown name is an error, not an empty result. */
export async function personIdFor(journal: Journal, name: string | undefined): Promise<string | undefined> {
  if (name === undefined) return undefined;
  const person = personNamed(await journal.call('people.list', { includeArchived: true }), name);
  if (!person) throw new MutualError('NOT_FOUND', `No one called “${name.trim()}” is among your people. Check the spelling; “mutual add --person NAME” adds someone new.`);
  return person.id;
}
