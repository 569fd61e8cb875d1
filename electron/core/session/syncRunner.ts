/**
 * Sync while the journal is open (ARCHITECTURE.md, "Sync through a folder"): the sync folder is
 * watched (chokidar) and a round runs within QUIET_MS of a file landing; a save here is written to
 * the folder a moment after the typing pauses; and a round runs every POLL_MS anyway, because
 * watching misses changes on some network and cloud drives. One round at a time; a round asked for
 * while one runs runs once after it.
 */
import type { FSWatcher } from 'chokidar';
import { activeSyncDevice, updateSyncDevice } from '../db/repos/sync';
import type { Vault } from '../vault/vault';
import { syncRound, type RoundReport } from '../sync/engine';
import { followKeyChanges } from '../sync/setup';

export interface SyncRunnerOptions {
  /** The open journal to watch and sync by itself, or null (locked, or not to be watched). */
  vault(): Vault | null;
  /** The open journal a round asked for (`run`) uses. */
  roundVault(): Vault | null;
  /** True while something holds writes (an import's transaction). */
  blocked(): boolean;
  /** After each round: what it did. */
  onRound(report: RoundReport): void;
  onError(error: unknown): void;
  /** How long after the last save or file event a round starts. */
  quietMs?: number;
  pollMs?: number;
}

export const QUIET_MS = 300;

function setLastProblems(db: Vault['db'], problems: RoundReport['problems']): void {
  updateSyncDevice(db, { last_problems: JSON.stringify(problems) });
}
export const POLL_MS = 30_000;

export class SyncRunner {
  private watcher: FSWatcher | null = null;
  private watching: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private running: Promise<RoundReport | null> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly options: SyncRunnerOptions) {}

  private get quietMs(): number {
    return this.options.quietMs ?? QUIET_MS;
  }

  /** Starts watching when the open journal syncs; does nothing otherwise. Call again after setup or stop. */
  start(): void {
    this.stopped = false;
    const vault = this.options.vault();
    const folder = vault ? activeSyncDevice(vault.db)?.folder : undefined;
    if (!folder) {
      this.stopWatching();
      return;
    }
    if (this.watching !== folder) {
      this.stopWatching();
      this.watching = folder;
      void import('chokidar').then(({ watch }) => {
        if (this.stopped || this.watching !== folder) return;
        // Only the devices' files matter; a sync app's own files and temporary names are ignored by the round itself.
        this.watcher = watch(folder, { ignoreInitial: true, depth: 3, awaitWriteFinish: false });
        this.watcher.on('all', () => this.nudge());
        this.watcher.on('error', (error) => this.options.onError(error));
      }, this.options.onError);
    }
    if (!this.poll) {
      this.poll = setInterval(() => this.nudge(), this.options.pollMs ?? POLL_MS);
      this.poll.unref();
    }
    this.nudge();
  }

  private stopWatching(): void {
    void this.watcher?.close();
    this.watcher = null;
    this.watching = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  stop(): void {
    this.stopped = true;
    this.stopWatching();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Something changed (a save here, a file in the folder): a round after a short pause. */
  nudge(): void {
    if (this.stopped || !this.watching) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run().catch((error: unknown) => this.options.onError(error));
    }, this.quietMs);
    this.timer.unref();
  }

  /** A round now (after the one running, if any). Null when the journal is locked or does not sync. */
  async run(): Promise<RoundReport | null> {
    if (this.running) {
      this.again = true;
      await this.running.catch(() => null);
      if (this.running) return this.running;
    }
    const round = this.round();
    this.running = round;
    try {
      return await round;
    } finally {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    }
  }

  private async round(): Promise<RoundReport | null> {
    const vault = this.options.roundVault();
    if (!vault?.isUnlocked || !activeSyncDevice(vault.db)) return null;
    if (this.options.blocked()) {
      this.nudge();
      return null;
    }
    const problem = followKeyChanges(vault);
    const dataKey = vault.copyDataKey();
    try {
      const report = await syncRound(
        { db: vault.db, dataKey },
        {
          // Between files, the worker's calls run (a save waits at most one file's work).
          between: () => new Promise((resolve) => setImmediate(resolve)),
        },
      );
      if (problem) {
        report.problems.push({ deviceId: '', number: 0, message: problem });
        setLastProblems(vault.db, report.problems);
      }
      this.options.onRound(report);
      return report;
    } finally {
      dataKey.fill(0);
    }
  }
}
