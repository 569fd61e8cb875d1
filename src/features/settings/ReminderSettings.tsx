/**
 * "Notify me on remind-on dates" (the notifyReminders setting, off unless chosen). The desktop app
 * shows the notification; it can only read the dates while the journal is unlocked.
 */
import type { Settings } from '../../../electron/shared/contract';
import { shellEvents } from '../../lib/shell';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useSettingToggle } from './useSettingToggle';

export function ReminderSettings(props: { settings: Settings | null }) {
  // The box follows the click at once; it goes back if the journal could not save the choice.
  const notify = useSettingToggle(props.settings, 'notifyReminders');

  return (
    <section className="settings-group" aria-labelledby="reminders-title">
      <h3 id="reminders-title">Notifications</h3>
      <div className="field checkbox">
        <input
          id="notify-reminders"
          type="checkbox"
          checked={notify.on}
          disabled={!props.settings}
          aria-describedby="notify-reminders-why"
          onChange={(e) => notify.choose(e.target.checked)}
        />
        <label htmlFor="notify-reminders">Notify me on remind-on dates</label>
      </div>
      <p id="notify-reminders-why" className="quiet">
        Off unless you turn it on. On the remind-on date of a detail someone shared, Mutual shows a quiet desktop notification — only while
        your journal is unlocked, because a locked journal cannot be read, not even by Mutual.
        {!shellEvents() && ' Notifications come from the desktop app; this browser page does not show them.'}
      </p>
      <ErrorMessage error={notify.error} />
    </section>
  );
}
