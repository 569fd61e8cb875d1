import { describe, expect, it } from 'vitest';
import { REMINDER_BODY, REMINDER_TITLE, ReminderNotifier, reminderText, remindersToShow } from '../../../electron/main/reminders';
import type { DueReminder, Settings } from '../../../electron/shared/contract';
import { ok } from '../../../electron/shared/result';

const reminder = (detailId: string, remindOn: string): DueReminder => ({ detailId, personId: 'p', name: 'Sam', text: 'Exam on Thursday', notedOn: '2026-11-20', remindOn });
const settings = (notifyReminders: boolean) => ok({ notifyReminders } as Settings);

describe('reminder notifications', () => {
  it('shows each due reminder once a day', () => {
    expect(remindersToShow([reminder('a', '2026-11-28'), reminder('b', '2026-11-29')], new Set(['2026-11-28:x']), '2026-11-28').map((r) => r.detailId)).toEqual(['a']);
    expect(remindersToShow([reminder('a', '2026-11-28')], new Set(['2026-11-28:a']), '2026-11-28')).toEqual([]);
  });

  it('says nothing of what a reminder is about: no name, no detail (lock screens, notification history, shared screens)', () => {
    const r = { ...reminder('detail-7f3a', '2026-11-28'), personId: 'person-91bc', name: 'Ana Lucía', text: 'Biopsy results on Thursday' };
    const { title, body } = reminderText(r);
    expect({ title, body }).toEqual({ title: 'Mutual', body: 'A chance to check in — open Mutual' });
    const shown = `${title} ${body}`;
    for (const word of ['Ana', 'Lucía', 'Biopsy', 'Thursday', r.personId, r.detailId, r.notedOn]) expect(shown).not.toContain(word);
    expect(reminderText(reminder('b', '2026-11-29'))).toEqual({ title: REMINDER_TITLE, body: REMINDER_BODY });
  });

  it('shows several reminders due together as one notification', async () => {
    const shown: [string, string][] = [];
    const notifier = new ReminderNotifier({
      isUnlocked: () => true,
      settings: async () => settings(true),
      due: async () => ok([reminder('a', '2026-11-28'), reminder('b', '2026-11-27'), reminder('c', '2026-11-28')]),
      notify: (title, body) => shown.push([title, body]),
      today: () => '2026-11-28',
    });
    expect(await notifier.check()).toBe(3);
    expect(shown).toEqual([[REMINDER_TITLE, REMINDER_BODY]]);
    expect(await notifier.check()).toBe(0);
    expect(shown).toHaveLength(1);
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
