/**
 * Settings, in five groups with a short table of contents at the top: Journal & lock (how long until
 * the journal locks itself, "remember on this device" — only in the desktop app, where the system
 * keychain exists —, the passphrase, what the recovery code is for), Backups (automatic ones, one
 * now, restoring), Sync (through a folder: SyncSettings.tsx), Your data (export, import, whether
 * photos keep their details) and Reminders.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useJournalMutation, useJournalQuery } from '../../lib/data';
import { shellDevice, type RememberStatus } from '../../lib/shell';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ViewHeading } from '../../components/ViewHeading';
import { PassphraseFields, passphraseProblem, type PassphraseValue } from '../firstrun/PassphraseFields';
import { BackupNowPanel } from './BackupNowPanel';
import { BackupSettings } from './BackupSettings';
import { DataSection } from './DataSection';
import { PhotoSettings } from './PhotoSettings';
import { ReminderSettings } from './ReminderSettings';
import { RestorePanel } from './RestorePanel';
import { SyncSettings } from './SyncSettings';
import './settings.css';

const groups = [
  { id: 'settings-journal', label: 'Journal & lock' },
  { id: 'settings-backups', label: 'Backups' },
  { id: 'settings-sync', label: 'Sync' },
  { id: 'settings-data', label: 'Your data' },
  { id: 'settings-reminders', label: 'Reminders' },
] as const;

/** Goes to a group: scrolled into view, its heading focused so reading and Tab go on from there. */
function goTo(id: string): void {
  const heading = document.getElementById(`${id}-title`);
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

export function Settings() {
  const settings = useJournalQuery('settings.get', {});
  const values = settings.data ?? null;

  return (
    <section className="view settings" aria-labelledby="settings-title">
      <div className="view-header">
        <ViewHeading id="settings-title">Settings</ViewHeading>
      </div>
      <nav className="settings-toc" aria-label="Settings sections">
        <ul>
          {groups.map((g) => (
            <li key={g.id}>
              <a
                href={`#${g.id}`}
                onClick={(e) => {
                  // Moves within the page without touching the address (the web host keeps its token there).
                  e.preventDefault();
                  goTo(g.id);
                }}
              >
                {g.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} retrying={settings.isFetching} />

      <section id="settings-journal" className="settings-section" aria-labelledby="settings-journal-title">
        <h2 id="settings-journal-title" tabIndex={-1}>
          Journal &amp; lock
        </h2>
        <AutoLock minutes={values?.autoLockMinutes ?? null} />
        {shellDevice() && <RememberOnDevice />}
        <ChangePassphrase />
        <section className="settings-group" aria-labelledby="recovery-info-title">
          <h3 id="recovery-info-title">Your recovery code</h3>
          <p>
            When you created your journal, Mutual showed you a recovery code once. It is the only way back in if you forget
            your passphrase: on the unlock screen choose “Use recovery code”, type it, and pick a new passphrase. Changing your
            passphrase does not change the code.
          </p>
          <p>
            Mutual never keeps a copy anywhere else. If both the passphrase and the recovery code are lost, no one can open
            the journal — not even Mutual.
          </p>
        </section>
      </section>

      <section id="settings-backups" className="settings-section" aria-labelledby="settings-backups-title">
        <h2 id="settings-backups-title" tabIndex={-1}>
          Backups
        </h2>
        <BackupSettings settings={values} />
        <BackupNowPanel settings={values} />
        <RestorePanel settings={values} />
      </section>

      <section id="settings-sync" className="settings-section" aria-labelledby="settings-sync-title">
        <h2 id="settings-sync-title" tabIndex={-1}>
          Sync
        </h2>
        <SyncSettings />
      </section>

      <section id="settings-data" className="settings-section" aria-labelledby="settings-data-title">
        <h2 id="settings-data-title" tabIndex={-1}>
          Your data
        </h2>
        <DataSection />
        <PhotoSettings settings={values} />
      </section>

      <section id="settings-reminders" className="settings-section" aria-labelledby="settings-reminders-title">
        <h2 id="settings-reminders-title" tabIndex={-1}>
          Reminders
        </h2>
        <ReminderSettings settings={values} />
      </section>
    </section>
  );
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState<PassphraseValue>({ passphrase: '', confirm: '', strength: null });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const change = useJournalMutation('vault.changePassphrase');
  const busy = change.isPending;
  const onChange = useCallback((patch: Partial<PassphraseValue>) => {
    setValue((v) => ({ ...v, ...patch }));
    setError(null);
    setDone('');
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!current) {
      setError('Type your current passphrase first.');
      return;
    }
    const problem = passphraseProblem(value);
    if (problem) {
      setError(problem);
      return;
    }
    change.mutate(
      { current, next: value.passphrase },
      {
        onError: (err) => setError(err.code === 'WRONG_PASSPHRASE' ? 'Your current passphrase was not right, so nothing changed. Try again.' : err.message),
        onSuccess: () => {
          setCurrent('');
          setValue({ passphrase: '', confirm: '', strength: null });
          setDone('Your passphrase was changed. Use the new one next time you unlock.');
        },
      },
    );
  };

  return (
    <form className="settings-group" onSubmit={submit} noValidate aria-labelledby="change-pass-title">
      <h3 id="change-pass-title">Change passphrase</h3>
      <div className="field">
        <label htmlFor="current-passphrase">Current passphrase</label>
        <input
          id="current-passphrase"
          type="password"
          autoComplete="current-password"
          value={current}
          disabled={busy}
          onChange={(e) => {
            setCurrent(e.target.value);
            setError(null);
          }}
        />
      </div>
      <PassphraseFields value={value} onChange={onChange} label="New passphrase" confirmLabel="Confirm new passphrase" disabled={busy} />
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change passphrase'}
        </button>
      </div>
      <p role="status" className="quiet">
        {done}
      </p>
    </form>
  );
}

function AutoLock(props: { minutes: number | null }) {
  // What the person typed, until saved; the saved value otherwise (so another setting saved
  // elsewhere on the page never takes away what is being typed here).
  const [typed, setTyped] = useState<string | null>(null);
  const minutes = typed ?? (props.minutes === null ? '' : String(props.minutes));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useJournalMutation('settings.set');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 240) {
      setError('Choose a whole number of minutes from 1 to 240.');
      return;
    }
    setError(null);
    save.mutate(
      { autoLockMinutes: n },
      {
        onError: (err) => setError(err.message),
        onSuccess: (saved) => {
          setTyped(null);
          setNote(`Mutual will lock after ${saved.autoLockMinutes} ${saved.autoLockMinutes === 1 ? 'minute' : 'minutes'} away.`);
        },
      },
    );
  };

  return (
    <form className="settings-group" onSubmit={submit} noValidate aria-labelledby="autolock-title">
      <h3 id="autolock-title">Locking by itself</h3>
      <p>When you step away, Mutual locks your journal so no one else can read it.</p>
      <div className="field narrow">
        <label htmlFor="autolock-minutes">Lock after minutes away</label>
        <input
          id="autolock-minutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={240}
          value={minutes}
          onChange={(e) => {
            setTyped(e.target.value);
            setNote('');
          }}
        />
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save auto-lock
        </button>
      </div>
      <p role="status" className="quiet">
        {note}
      </p>
    </form>
  );
}

function RememberOnDevice() {
  const device = shellDevice()!;
  const [status, setStatus] = useState<RememberStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void device.rememberStatus().then((r) => (r.ok ? setStatus(r.value) : setError(r.error.message)));
  }, [device]);

  const toggle = async (remember: boolean) => {
    const r = await device.setRemember({ remember });
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error.message);
  };

  return (
    <section className="settings-group" aria-labelledby="remember-title">
      <h3 id="remember-title">Remember on this device</h3>
      <p>
        Off by default. When on, this computer’s own keychain keeps the key to your journal, so it opens without your
        passphrase while you are signed in to this computer. Anyone who can use your account can then read it.
      </p>
      <div className="field checkbox">
        <input
          id="remember-device"
          type="checkbox"
          checked={status?.remembered ?? false}
          disabled={!status?.available}
          aria-describedby={status && !status.available ? 'remember-reason' : undefined}
          onChange={(e) => void toggle(e.target.checked)}
        />
        <label htmlFor="remember-device">Remember on this device</label>
      </div>
      {status && !status.available && (
        <p id="remember-reason" className="quiet">
          {status.reason ?? 'This computer has no safe keychain, so Mutual will not remember the key here.'}
        </p>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
