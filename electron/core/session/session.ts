/**
 * One journal folder and, while unlocked, its open vault: the lifecycle every caller shares (the
 * journal worker behind the app and the web host, the `mutual` command, tests).
 *
 * It owns what lives as long as the journal is open: the running jobs, the import's write gate,
 * the scheduled backup and the background indexing of saves (indexDrainer.ts). It tells listeners
 * when the journal's state changes and when a job moves on (electron/shared/events.ts). The
 * handler table (../handlers.ts) maps channels onto it and the services.
 */
import { MutualError } from '../../shared/result';
import type { JournalEvent, LockCause } from '../../shared/events';
import { Jobs } from '../jobs';
import { backupIfDue } from '../services/backups';
import { forgetPreparedImport } from '../services/import/prepared';
import { sweepPhotos } from '../services/photos';
import { Vault } from '../vault/vault';
import { IndexDrainer, type IndexDrainerOptions } from './indexDrainer';
import { SyncRunner, type SyncRunnerOptions } from './syncRunner';

const SCHEDULE_CHECK_MS = 15 * 60_000;
const FIRST_SCHEDULE_CHECK_MS = 2 * 60_000;

export interface SessionOptions {
  /** Timing of background indexing (tests and benchmarks). */
  indexing?: Pick<IndexDrainerOptions, 'quietMs' | 'maxLagMs' | 'retryMs' | 'onIndexed'>;
  /**
   * Sync while open: on unless `watch` is false — the `mutual` command syncs only when asked
   * (`mutual sync`), rather than start a round in the background of every command and close the
   * journal under it. Timing for tests.
   */
  sync?: Pick<SyncRunnerOptions, 'quietMs' | 'pollMs'> & { watch?: boolean };
  /** Where unexpected background failures go (never to the page). */
  log?(message: string, error?: unknown): void;
}

export class Session {
  private vault: Vault | null = null;
  private readonly listeners = new Set<(event: JournalEvent) => void>();
  readonly jobs: Jobs;
  private importing: Promise<void> | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private firstCheck: NodeJS.Timeout | null = null;
  readonly indexing: IndexDrainer;
  /** Sync through a folder while the journal is open (syncRunner.ts). */
  readonly sync: SyncRunner;

  constructor(
    readonly vaultDir: string,
    private readonly options: SessionOptions = {},
  ) {
    this.jobs = new Jobs((status) => this.emit({ name: 'job', detail: status }));
    this.indexing = new IndexDrainer({
      ...options.indexing,
      db: () => (this.vault?.isUnlocked ? this.vault.db : null),
      blocked: () => this.importing !== null,
      onError: (error) => options.log?.('indexing saved entries failed; trying again later', error),
    });
    this.sync = new SyncRunner({
      quietMs: options.sync?.quietMs,
      pollMs: options.sync?.pollMs,
      vault: () => (this.vault?.isUnlocked && options.sync?.watch !== false ? this.vault : null),
      roundVault: () => (this.vault?.isUnlocked ? this.vault : null),
      blocked: () => this.importing !== null,
      onRound: (report) => this.emit({ name: 'sync', detail: { changed: report.changed, applied: report.applied, wrote: report.wrote, waiting: report.waiting, problems: report.problems.length } }),
      onError: (error) => options.log?.('syncing through the folder failed; trying again later', error),
    });
  }

  onEvent(listener: (event: JournalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: JournalEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log?.('a journal event listener failed', error);
      }
    }
  }

  /**
   * An import holds one transaction open across many event-loop turns; every other write waits
   * for it, so nothing a person saves meanwhile can be rolled back with a cancelled import.
   */
  async writesAllowed(): Promise<void> {
    while (this.importing) await this.importing;
  }

  /** A write was made: the background indexer waits for a pause, then indexes it. */
  wrote(): void {
    this.indexing.nudge();
    this.sync.nudge();
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

  state(): 'new' | 'locked' | 'unlocked' {
    return this.isUnlocked() ? 'unlocked' : this.exists() ? 'locked' : 'new';
  }

  /** The open vault, or VAULT_LOCKED. */
  get current(): Vault {
    if (!this.vault?.isUnlocked) throw new MutualError('VAULT_LOCKED');
    return this.vault;
  }

  adopt(vault: Vault): void {
    this.indexing.stop();
    this.vault?.lock();
    this.vault = vault;
    try {
      // Uploads a closed page never finished and photos never used (a crash part-way) go now.
      sweepPhotos(vault.db);
    } catch (error) {
      this.options.log?.('removing unused photos failed; trying again at the next unlock', error);
    }
    this.startSchedule();
    this.indexing.start();
    this.sync.start();
    this.emit({ name: 'status', detail: { state: 'unlocked' } });
  }

  /** Locks (closes the database, zeroes the key) and tells listeners such as the window. */
  lock(cause: LockCause = 'request'): void {
    const wasOpen = this.isUnlocked();
    // Closing the database rolls back an import's open transaction; the job then ends as cancelled.
    this.jobs.cancelAll();
    this.stopSchedule();
    this.indexing.stop();
    this.sync.stop();
    this.vault?.lock();
    this.vault = null;
    forgetPreparedImport();
    if (wasOpen) this.emit({ name: 'status', detail: { state: this.state(), cause } });
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

export function openSession(vaultDir: string, options?: SessionOptions): Session {
  return new Session(vaultDir, options);
}
