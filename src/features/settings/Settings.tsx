/**
 * Settings: change the passphrase, how long until the journal locks itself, "remember on this
 * device" (only in the desktop app, where the system keychain exists), what the recovery code is
 * for, your data (export, backup, restore, import), automatic backups and reminder notifications.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Settings as SettingsValues } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { shellDevice, type RememberStatus } from '../../lib/shell';
import { ViewHeading } from '../../components/ViewHeading';
import { PassphraseFields, passphraseProblem, type PassphraseValue } from '../firstrun/PassphraseFields';
import { BackupSettings } from './BackupSettings';
import { DataSection } from './DataSection';
import { ReminderSettings } from './ReminderSettings';
import './settings.css';

export function Settings() {
  const [values, setValues] = useState<SettingsValues | null>(null);
  const reload = useCallback(() => {
    void call('settings.get', {}).then((r) => {
      if (r.ok) setValues(r.value);
    });
  }, []);
  useEffect(reload, [reload]);

  return (
    <section className="view settings" aria-labelledby="settings-title">
      <div className="view-header">
        <ViewHeading id="settings-title">Settings</ViewHeading>
      </div>
      <ChangePassphrase />
      <AutoLock />
      {shellDevice() && <RememberOnDevice />}
      <section className="settings-group" aria-labelledby="recovery-info-title">
        <h2 id="recovery-info-title">Your recovery code</h2>
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
      <DataSection settings={values} onChanged={reload} />
      <BackupSettings settings={values} onSaved={setValues} />
      <ReminderSettings settings={values} onSaved={setValues} />
    </section>
  );
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState<PassphraseValue>({ passphrase: '', confirm: '', strength: null });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const onChange = useCallback((patch: Partial<PassphraseValue>) => {
    setValue((v) => ({ ...v, ...patch }));
    setError(null);
    setDone('');
  }, []);

  const submit = async (e: FormEvent) => {
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
    setBusy(true);
    const result = await call('vault.changePassphrase', { current, next: value.passphrase });
    setBusy(false);
    if (!result.ok) {
      setError(
        result.error.code === 'WRONG_PASSPHRASE' ? 'Your current passphrase was not right, so nothing changed. Try again.' : result.error.message,
      );
      return;
    }
    setCurrent('');
    setValue({ passphrase: '', confirm: '', strength: null });
    setDone('Your passphrase was changed. Use the new one next time you unlock.');
  };

  return (
    <form className="settings-group" onSubmit={submit} noValidate aria-labelledby="change-pass-title">
      <h2 id="change-pass-title">Change passphrase</h2>
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
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

function AutoLock() {
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('settings.get', {}).then((r) => {
      if (r.ok) setMinutes(String(r.value.autoLockMinutes));
    });
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 240) {
      setError('Choose a whole number of minutes from 1 to 240.');
      return;
    }
    const result = await call('settings.set', { autoLockMinutes: n });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    window.dispatchEvent(new CustomEvent('mutual:autolock', { detail: result.value.autoLockMinutes }));
    setNote(`Mutual will lock after ${result.value.autoLockMinutes} ${result.value.autoLockMinutes === 1 ? 'minute' : 'minutes'} away.`);
  };

  return (
    <form className="settings-group" onSubmit={submit} noValidate aria-labelledby="autolock-title">
      <h2 id="autolock-title">Locking by itself</h2>
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
            setMinutes(e.target.value);
            setNote('');
          }}
        />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit">Save auto-lock</button>
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
      <h2 id="remember-title">Remember on this device</h2>
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
