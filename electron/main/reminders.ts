/**
 * Desktop notifications for details' remind-on dates ("Sam's exam is on Thursday"): only while
 * the journal is unlocked, only when the person turned the setting on, and each reminder once a
 * day. Pure decisions live here without importing electron so they can be tested in Node.
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

/** Plain words, no ledger: who, and what they shared. */
export function reminderText(r: DueReminder): { title: string; body: string } {
  return { title: `A detail ${r.name} shared`, body: `${r.text} — a moment to check in?` };
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
    for (const r of fresh) {
      this.shown.add(`${today}:${r.detailId}`);
      const { title, body } = reminderText(r);
      this.deps.notify(title, body);
    }
    return fresh.length;
  }
}
