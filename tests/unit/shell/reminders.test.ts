import { describe, expect, it } from 'vitest';
import { ReminderNotifier, reminderText, remindersToShow } from '../../../electron/main/reminders';
import type { DueReminder, Settings } from '../../../electron/shared/contract';
import { ok } from '../../../electron/shared/result';

const reminder = (detailId: string, remindOn: string): DueReminder => ({ detailId, personId: 'p', name: 'Sam', text: 'Exam on Thursday', notedOn: '2026-11-20', remindOn });
const settings = (notifyReminders: boolean) => ok({ notifyReminders } as Settings);

describe('reminder notifications', () => {
  it('shows each due reminder once a day, in plain words', () => {
    expect(remindersToShow([reminder('a', '2026-11-28'), reminder('b', '2026-11-29')], new Set(['2026-11-28:x']), '2026-11-28').map((r) => r.detailId)).toEqual(['a']);
    expect(remindersToShow([reminder('a', '2026-11-28')], new Set(['2026-11-28:a']), '2026-11-28')).toEqual([]);
    const { title, body } = reminderText(reminder('a', '2026-11-28'));
    expect(`${title} ${body}`).toContain('Sam');
    expect(`${title} ${body}`).not.toMatch(/owe|debt|score|balance/i);
  });

  it('notifies only while unlocked and only when the setting is on', async () => {
    const shown: string[] = [];
    let unlocked = true;
    let on = false;
    const notifier = new ReminderNotifier({
      isUnlocked: () => unlocked,
      settings: async () => settings(on),
      due: async () => ok([reminder('a', '2026-11-28')]),
      notify: (title) => shown.push(title),
      today: () => '2026-11-28',
    });
    expect(await notifier.check()).toBe(0);
    on = true;
    unlocked = false;
    expect(await notifier.check()).toBe(0);
    unlocked = true;
    expect(await notifier.check()).toBe(1);
    expect(await notifier.check()).toBe(0);
    expect(shown).toHaveLength(1);
  });
});
