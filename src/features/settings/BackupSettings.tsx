/**
 * Automatic backups: how often (daily unless changed), how many to keep, the folder, and when the
 * last one was made. They are made while the journal is unlocked, and before every schema update.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { askForPlace, PathField, placeToSend } from './PathField';
import { fieldProblem, otherProblem } from './problems';

type Every = Settings['backupEvery'];

const lastFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

export function describeLastBackup(lastBackupAt: string | null): string {
  if (!lastBackupAt) return 'No backup has been made yet.';
  const at = new Date(lastBackupAt);
  return Number.isNaN(at.getTime()) ? 'No backup has been made yet.' : `The last backup was made on ${lastFormat.format(at)}.`;
}

export function BackupSettings(props: { settings: Settings | null; onSaved: (settings: Settings) => void }) {
  const { settings } = props;
  const [every, setEvery] = useState<Every>('daily');
  const [keep, setKeep] = useState('10');
  const [folder, setFolder] = useState('');
  const [folderHandle, setFolderHandle] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; field: 'backupFolder' | 'backupKeep' | null } | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    if (!settings) return;
    setEvery(settings.backupEvery);
    setKeep(String(settings.backupKeep));
    setFolder(settings.backupFolder);
    setFolderHandle(null);
  }, [settings]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote('');
    const n = Number(keep);
    if (!Number.isInteger(n) || n < 1 || n > 365) return setError({ message: 'Keep a whole number of backups, from 1 to 365.', field: 'backupKeep' });
    // In the app a folder is sent only once chosen again (as its dialog handle); otherwise it stays as it is.
    const place = placeToSend(folder, folderHandle);
    if (!place && !folder.trim()) return setError({ message: askForPlace('the folder for backups'), field: 'backupFolder' });
    const r = await call('settings.set', { backupEvery: every, backupKeep: n, ...(place ? { backupFolder: place } : {}) });
    if (!r.ok) {
      const field = fieldProblem(r.error, 'backupFolder') ? 'backupFolder' : null;
      return setError({ message: otherProblem(r.error), field });
    }
    setError(null);
    props.onSaved(r.value);
    setNote(
      r.value.backupEvery === 'off'
        ? 'Saved. Mutual will not back up by itself; use “Back up now” when you want one.'
        : `Saved. Mutual will back up ${r.value.backupEvery === 'daily' ? 'every day' : 'every week'} and keep the last ${r.value.backupKeep}.`,
    );
  };

  return (
    <form className="settings-group" onSubmit={submit} noValidate aria-labelledby="backup-settings-title">
      <h2 id="backup-settings-title">Automatic backups</h2>
      <p>
        While your journal is unlocked, Mutual makes an encrypted backup on a schedule, and always before it updates the journal’s format.
      </p>
      <p className="quiet" id="last-backup">
        {settings ? describeLastBackup(settings.lastBackupAt) : ''}
      </p>
      <div className="field narrow">
        <label htmlFor="backup-every">How often</label>
        <select id="backup-every" value={every} onChange={(e) => setEvery(e.target.value as Every)}>
          <option value="daily">Every day</option>
          <option value="weekly">Every week</option>
          <option value="off">Never (only when I ask)</option>
        </select>
      </div>
      <div className="field narrow">
        <label htmlFor="backup-keep">Keep the last</label>
        <input
          id="backup-keep"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={keep}
          aria-describedby="backup-keep-hint"
          aria-invalid={error?.field === 'backupKeep' ? true : undefined}
          onChange={(e) => setKeep(e.target.value)}
        />
        <p id="backup-keep-hint" className="quiet field-hint">
          Backups in the folder; older ones are removed.
        </p>
      </div>
      <PathField
        id="backup-folder"
        label="Backup folder"
        kind="folder"
        use="backup-folder"
        dialogTitle="Choose the folder for backups"
        hint="A full path. Somewhere other than the journal’s own disk keeps a backup safe if that disk fails."
        value={folder}
        onChange={(value, handle) => {
          setFolder(value);
          setFolderHandle(handle);
        }}
        problem={error?.field === 'backupFolder' ? error.message : null}
      />
      {error && error.field !== 'backupFolder' && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit">Save backup settings</button>
      </div>
      <p role="status" className="quiet">
        {note}
      </p>
    </form>
  );
}
