/**
 * The handler table: every channel of the contract mapped to a service call. The Electron main
 * process registers it on ipcMain, the web host serves it over loopback, and both get the same
 * guarantees from here: input validated with zod (BAD_INPUT otherwise), failures returned as the
 * Result shape with a message a person can act on, never a throw, never a stack or SQL.
 */
import type { ChannelName } from '../shared/channels';
import { channelNames } from '../shared/channels';
import type { OutputOf, ParsedInputOf } from '../shared/contract';
import { contract } from '../shared/contract';
import type { Result } from '../shared/result';
import { fail, MutualError, ok } from '../shared/result';
import { translateFsError } from './fsutil';
import { Jobs } from './jobs';
import { backupIfDue, backupNow } from './services/backups';
import { exportJson, exportMarkdown } from './services/export';
import { previewImport, runImport } from './services/import';
import { readBackupHeader, replaceWithBackup, restoreBackup } from './vault/backup';
import * as entries from './services/entries';
import * as people from './services/people';
import * as personPage from './services/personPage';
import * as review from './services/review';
import { search } from './services/search';
import { getSettings, updateSettings } from './services/settings';
import { translateDbError } from './vault/database';
import { Vault } from './vault/vault';

export { defaultVaultDir } from './paths';

const SCHEDULE_CHECK_MS = 15 * 60_000;
const FIRST_SCHEDULE_CHECK_MS = 2 * 60_000;

/** One journal folder and, while unlocked, its open vault and its running jobs. */
export class Session {
  private vault: Vault | null = null;
  private readonly lockListeners = new Set<() => void>();
  readonly jobs = new Jobs();
  private importing: Promise<void> | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private firstCheck: NodeJS.Timeout | null = null;

  constructor(readonly vaultDir: string) {}

  /**
   * An import holds one transaction open across many event-loop turns; every other write waits
   * for it, so nothing a person saves meanwhile can be rolled back with a cancelled import.
   */
  async writesAllowed(): Promise<void> {
    while (this.importing) await this.importing;
  }

  runImport<T>(work: () => Promise<T>): Promise<T> {
    const run = (async () => {
      await this.writesAllowed();
      return work();
    })();
    const settled: Promise<void> = run.then(
      () => this.importDone(settled),
      () => this.importDone(settled),
    );
    this.importing = settled;
    return run;
  }

  private importDone(which: Promise<void>): void {
    if (this.importing === which) this.importing = null;
  }

  /** The scheduled backup: checked two minutes after unlock, then every quarter hour while unlocked. */
  private startSchedule(): void {
    this.stopSchedule();
    const check = () => {
      if (!this.isUnlocked() || this.importing) return;
      try {
        backupIfDue(this.current.db, this.vaultDir);
      } catch {
        // A failed scheduled backup must never disturb writing; "Backup now" reports errors.
      }
    };
    // Not at unlock itself: a backup copies the whole file while the journal waits (seconds for a
    // very large journal), and the first minutes after unlocking are when the person is writing.
    this.firstCheck = setTimeout(check, FIRST_SCHEDULE_CHECK_MS);
    this.firstCheck.unref();
    this.scheduleTimer = setInterval(check, SCHEDULE_CHECK_MS);
    this.scheduleTimer.unref();
  }

  private stopSchedule(): void {
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    this.scheduleTimer = null;
    if (this.firstCheck) clearTimeout(this.firstCheck);
    this.firstCheck = null;
  }

  isUnlocked(): boolean {
    return this.vault?.isUnlocked ?? false;
  }

  exists(): boolean {
    return Vault.exists(this.vaultDir);
  }

  /** The open vault, or VAULT_LOCKED. */
  get current(): Vault {
    if (!this.vault?.isUnlocked) throw new MutualError('VAULT_LOCKED');
    return this.vault;
  }

  adopt(vault: Vault): void {
    this.vault?.lock();
    this.vault = vault;
    this.startSchedule();
  }

  /** Locks (closes the database, zeroes the key) and tells listeners such as the window. */
  lock(): void {
    const wasOpen = this.isUnlocked();
    // Closing the database rolls back an import's open transaction; the job then ends as cancelled.
    this.jobs.cancelAll();
    this.stopSchedule();
    this.vault?.lock();
    this.vault = null;
    if (wasOpen) for (const listener of this.lockListeners) listener();
  }

  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  close(): void {
    this.lock();
  }

  copyDataKey(): Buffer {
    return this.current.copyDataKey();
  }

  unlockWithDataKey(key: Buffer): void {
    this.adopt(Vault.unlockWithDataKey(this.vaultDir, key));
  }
}

export function openSession(vaultDir: string): Session {
  return new Session(vaultDir);
}

type Implementation = { [C in ChannelName]: (input: ParsedInputOf<C>, session: Session) => OutputOf<C> | Promise<OutputOf<C>> };

const implementation: Implementation = {
  'vault.status': (_input, s) => ({ state: s.isUnlocked() ? 'unlocked' : s.exists() ? 'locked' : 'new' }),
  'vault.create': async ({ passphrase }, s) => {
    if (s.exists()) throw new MutualError('VAULT_EXISTS');
    const { vault, recoveryCode } = await Vault.create(s.vaultDir, passphrase);
    s.adopt(vault);
    return { recoveryCode };
  },
  'vault.unlock': async ({ passphrase }, s) => {
    if (!s.isUnlocked()) s.adopt(await Vault.unlock(s.vaultDir, passphrase));
    return { state: 'unlocked' };
  },
  'vault.lock': (_input, s) => {
    s.lock();
    return { state: s.exists() ? 'locked' : 'new' };
  },
  'vault.changePassphrase': async ({ current, next }, s) => {
    await s.current.changePassphrase(current, next);
    return { state: 'unlocked' };
  },
  'vault.recover': async ({ recoveryCode, newPassphrase }, s) => {
    s.lock();
    s.adopt(await Vault.recover(s.vaultDir, recoveryCode, newPassphrase));
    return { state: 'unlocked' };
  },
  'entries.create': async (input, s) => {
    await s.writesAllowed();
    return entries.createEntry(s.current.db, input);
  },
  'entries.save': async (input, s) => {
    await s.writesAllowed();
    return entries.saveEntry(s.current.db, input);
  },
  'entries.get': ({ id }, s) => entries.getEntry(s.current.db, id),
  'entries.list': (input, s) => entries.listEntries(s.current.db, input),
  'entries.delete': async ({ id }, s) => {
    await s.writesAllowed();
    entries.deleteEntry(s.current.db, id);
    return { deleted: true as const };
  },
  'people.list': (input, s) => people.listPeople(s.current.db, input),
  'people.get': ({ id }, s) => people.getPersonPage(s.current.db, id),
  'people.upsert': async (input, s) => {
    await s.writesAllowed();
    return people.upsertPerson(s.current.db, input);
  },
  'people.addDetail': async (input, s) => {
    await s.writesAllowed();
    return people.addDetail(s.current.db, input);
  },
  'people.updateDetail': async (input, s) => {
    await s.writesAllowed();
    return people.updateDetail(s.current.db, input);
  },
  'people.deleteDetail': async ({ id }, s) => {
    await s.writesAllowed();
    people.deleteDetail(s.current.db, id);
    return { deleted: true as const };
  },
  'people.merge': async ({ keepId, mergeId }, s) => {
    await s.writesAllowed();
    return people.mergePeople(s.current.db, keepId, mergeId);
  },
  'people.timeline': ({ personId, ...page }, s) => personPage.timelineFor(s.current.db, personId, page),
  'people.openUnsaid': ({ personId, ...page }, s) => personPage.openUnsaidFor(s.current.db, personId, page),
  'people.rhythm': ({ personId, today }, s) => personPage.rhythmFor(s.current.db, personId, today),
  'people.export': ({ personId, out }, s) => ({ ...personPage.exportPersonMarkdown(s.current.db, personId, out), file: out }),
  'entries.setUnsaidState': async (input, s) => {
    await s.writesAllowed();
    return entries.setUnsaidState(s.current.db, input);
  },
  'review.calendar': ({ year }, s) => review.calendar(s.current.db, year),
  'review.onThisDay': (input, s) => personPage.onThisDay(s.current.db, input),
  'review.week': ({ today }, s) => review.weekLookBack(s.current.db, today),
  'review.day': ({ date }, s) => review.entriesOfDay(s.current.db, date),
  'review.reminders': ({ today, days }, s) => review.dueReminders(s.current.db, today, days),
  'search.query': (input, s) => search(s.current.db, input),
  'settings.get': (_input, s) => getSettings(s.current.db, s.vaultDir),
  'settings.set': async (input, s) => {
    await s.writesAllowed();
    return updateSettings(s.current.db, s.vaultDir, input);
  },
  'export.run': ({ format, out, ...filters }, s) => {
    const db = s.current.db;
    return s.jobs.start('export', (job) => (format === 'json' ? exportJson : exportMarkdown)(db, out, filters, { onProgress: job.progress, isCancelled: job.isCancelled }));
  },
  'backup.run': ({ out }, s) => {
    const db = s.current.db;
    return s.jobs.start('backup', async (job) => {
      await s.writesAllowed();
      // Cancelling while the backup waited for an import: nothing has been written yet.
      if (job.isCancelled()) throw new MutualError('BAD_INPUT', 'The backup was cancelled; nothing was written.');
      job.progress(0, 1);
      const result = backupNow(db, s.vaultDir, out);
      job.progress(1, 1);
      return result;
    });
  },
  'backup.restore': (input, s) => {
    if (input.mode === 'new-folder') {
      restoreBackup(input.file, input.target);
      return { restoredTo: input.target, keptAt: null };
    }
    // Replacing closes the journal first; the person then unlocks the restored one. A file that is
    // not a backup is refused before that, so a mistake leaves the journal open and unchanged.
    readBackupHeader(input.file);
    s.lock();
    const { keptAt } = replaceWithBackup(input.file, s.vaultDir);
    return { restoredTo: s.vaultDir, keptAt };
  },
  'import.preview': ({ format, source }, s) => {
    const db = s.current.db;
    return s.jobs.start('import-preview', (job) => previewImport(db, format, source, { onProgress: job.progress, isCancelled: job.isCancelled }));
  },
  'import.run': ({ format, source, people: decisions }, s) => {
    const db = s.current.db;
    return s.jobs.start('import', (job) => s.runImport(() => runImport(db, format, source, decisions ?? {}, { onProgress: job.progress, isCancelled: job.isCancelled })));
  },
  'jobs.status': ({ jobId }, s) => s.jobs.status(jobId),
  'jobs.cancel': ({ jobId }, s) => s.jobs.cancel(jobId),
};

/** What a failure looks like from outside: a code and a message, nothing else. */
export function toErrorResult(error: unknown): { ok: false; error: { code: MutualError['code']; message: string } } {
  const translated = translateFsError(translateDbError(error));
  if (translated instanceof MutualError) return fail(translated.code, translated.message);
  return fail('INTERNAL');
}

export type Handlers = { [C in ChannelName]: (input: unknown) => Promise<Result<OutputOf<C>>> };

/** Optional hook for logging unexpected failures in the host process (never sent to the renderer). */
export type UnexpectedErrorLogger = (channel: ChannelName, error: unknown) => void;

export function createHandlers(session: Session, logUnexpected?: UnexpectedErrorLogger): Handlers {
  const table = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
  for (const name of channelNames) {
    table[name] = async (input: unknown) => {
      const parsed = contract[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
        return fail('BAD_INPUT', `Mutual could not use that input${where}: ${issue?.message ?? 'it has the wrong shape'}.`);
      }
      try {
        const run = implementation[name] as (input: unknown, session: Session) => unknown;
        return ok(await run(parsed.data, session));
      } catch (error) {
        const result = toErrorResult(error);
        if (result.error.code === 'INTERNAL') logUnexpected?.(name, error);
        return result;
      }
    };
  }
  return table as Handlers;
}
