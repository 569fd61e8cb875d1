/**
 * Locking the journal after the person has stepped away: after `autoLockMinutes` of no input
 * anywhere on the computer (powerMonitor's system idle time), and at once on suspend or screen
 * lock (index.ts). Pure timing logic with its inputs passed in, so it is testable in plain Node.
 *
 * Screen lock: macOS and Windows tell Electron (powerMonitor 'lock-screen'); most Linux desktops
 * do not. There each check also asks whether the screen is locked now (powerMonitor's
 * getSystemIdleState, which Chromium answers from the desktop's screensaver service on desktops
 * such as GNOME, KDE and Cinnamon), so a locked screen locks the journal within one check. README,
 * "Locking".
 */
import type { ChannelName } from '../shared/channels';
import type { Result } from '../shared/result';
import type { LockReason } from '../shared/shell';

export const DEFAULT_AUTO_LOCK_MINUTES = 10;
export const CHECK_INTERVAL_MS = 15_000;

export type IdleState = 'active' | 'idle' | 'locked' | 'unknown';

export interface AutoLockDeps {
  idleSeconds(): number;
  /** powerMonitor.getSystemIdleState(threshold); 'locked' means the screen is locked now. */
  idleState?(thresholdSeconds: number): IdleState;
  isUnlocked(): boolean;
  lock(reason: LockReason): void;
}

export class AutoLock {
  private minutes = DEFAULT_AUTO_LOCK_MINUTES;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: AutoLockDeps) {}

  get autoLockMinutes(): number {
    return this.minutes;
  }

  setMinutes(value: unknown): void {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 240) this.minutes = value;
  }

  /** One check; returns whether it locked. */
  tick(): boolean {
    if (!this.deps.isUnlocked()) return false;
    if (this.deps.idleState?.(this.minutes * 60) === 'locked') {
      this.deps.lock('lock-screen');
      return true;
    }
    if (this.deps.idleSeconds() < this.minutes * 60) return false;
    this.deps.lock('idle');
    return true;
  }

  start(intervalMs = CHECK_INTERVAL_MS): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** The auto-lock minutes a settings answer carries, if any. */
export function autoLockMinutesFrom(channel: string, result: Result<unknown>): number | null {
  if (!result.ok || (channel !== 'settings.get' && channel !== 'settings.set')) return null;
  const minutes = (result.value as { autoLockMinutes?: unknown } | null)?.autoLockMinutes;
  return typeof minutes === 'number' ? minutes : null;
}

/** Answers after which the journal has just been opened (the settings can now be read). */
export const unlockingChannels: readonly ChannelName[] = ['vault.unlock', 'vault.create', 'vault.recover'];
