/**
 * Desktop notifications for details' remind-on dates ("Sam's exam is on Thursday"): only while
 * the journal is unlocked, only when the person turned the setting on, and each reminder once a
 * day. Pure decisions live here without importing electron so they can be tested in Node.
 *
 * A notification says nothing of what it is about — no name, no detail. It appears on the lock
 * screen, in the system's notification history and on a shared or projected screen, all places
 * the journal's words must not reach; the person opens Mutual to see them.
 */
import type { DueReminder, Settings } from '../shared/contract';
import type { Result } from '../shared/result';

export interface ReminderDeps {
  isUnlocked(): boolean;
  settings(): Promise<Result<Settings>>;
  due(): Promise<Result<DueReminder[]>>;
  notify(title: string, body: string): void;
  today(): string;
}

const CHECK_EVERY_MS = 30 * 60_000;

/** The reminders not yet shown today; `shown` holds `${date}:${detailId}` keys. */
export function remindersToShow(due: DueReminder[], shown: ReadonlySet<string>, today: string): DueReminder[] {
  return due.filter((r) => r.remindOn <= today && !shown.has(`${today}:${r.detailId}`));
}

export const REMINDER_TITLE = 'Mutual';
export const REMINDER_BODY = 'A chance to check in — open Mutual';

/** The same words for every reminder, whatever it is about (see above). */
export function reminderText(_r: DueReminder): { title: string; body: string } {
  return { title: REMINDER_TITLE, body: REMINDER_BODY };
}

export class ReminderNotifier {
  private timer: NodeJS.Timeout | null = null;
  private readonly shown = new Set<string>();

  constructor(private readonly deps: ReminderDeps) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async check(): Promise<number> {
    if (!this.deps.isUnlocked()) return 0;
    const settings = await this.deps.settings();
    if (!settings.ok || !settings.value.notifyReminders) return 0;
    const due = await this.deps.due();
    if (!due.ok || !this.deps.isUnlocked()) return 0;
    const today = this.deps.today();
    const fresh = remindersToShow(due.value, this.shown, today);
    for (const r of fresh) this.shown.add(`${today}:${r.detailId}`);
    // Every reminder reads the same, so several due at once are one notification, not a pile.
    if (fresh.length > 0) {
      const { title, body } = reminderText(fresh[0]!);
      this.deps.notify(title, body);
    }
    return fresh.length;
  }
}
