/**
 * "Notify me on remind-on dates" (the notifyReminders setting, off unless chosen). The desktop app
 * shows the notification; it can only read the dates while the journal is unlocked.
 */
import { useState } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { shellEvents } from '../../lib/shell';

export function ReminderSettings(props: { settings: Settings | null; onSaved: (settings: Settings) => void }) {
  const [error, setError] = useState<string | null>(null);
  // The box follows the click at once; it goes back if the journal could not save the choice.
  const [pending, setPending] = useState<boolean | null>(null);
  const on = pending ?? props.settings?.notifyReminders ?? false;

  const toggle = async (notifyReminders: boolean) => {
    setPending(notifyReminders);
    const r = await call('settings.set', { notifyReminders });
    setPending(null);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    props.onSaved(r.value);
  };

  return (
    <section className="settings-group" aria-labelledby="reminders-title">
      <h2 id="reminders-title">Reminders</h2>
      <div className="field checkbox">
        <input
          id="notify-reminders"
          type="checkbox"
          checked={on}
          disabled={!props.settings || pending !== null}
          aria-describedby="notify-reminders-why"
          onChange={(e) => void toggle(e.target.checked)}
        />
        <label htmlFor="notify-reminders">Notify me on remind-on dates</label>
      </div>
      <p id="notify-reminders-why" className="quiet">
        Off unless you turn it on. On the remind-on date of a detail someone shared, Mutual shows a quiet desktop notification — only while
        your journal is unlocked, because a locked journal cannot be read, not even by Mutual.
        {!shellEvents() && ' Notifications come from the desktop app; this browser page does not show them.'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
