/**
 * Automatic backups: how often (daily unless changed), how many to keep, the folder, and when the
 * last one was made. They are made while the journal is unlocked, and before every schema update.
 *
 * A field shows what the person typed until it is saved, and the saved value otherwise: another
 * setting saved elsewhere on the page never takes away what is being typed here.
 */
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { errorInfoOf, useJournalMutation } from '../../lib/data';
import { askForPlace, PathField, placeToSend } from './PathField';
import { fieldProblem, otherProblem } from './problems';
import { ErrorMessage } from '../../components/ErrorMessage';

type Every = Settings['backupEvery'];

const lastFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

export function describeLastBackup(lastBackupAt: string | null): string {
  if (!lastBackupAt) return 'No backup has been made yet.';
  const at = new Date(lastBackupAt);
  return Number.isNaN(at.getTime()) ? 'No backup has been made yet.' : `The last backup was made on ${lastFormat.format(at)}.`;
}

interface Draft {
  every?: Every;
  keep?: string;
  folder?: string;
  folderHandle?: string | null;
}

export function BackupSettings(props: { settings: Settings | null }) {
  const { settings } = props;
  const [draft, setDraft] = useState<Draft>({});
  const every = draft.every ?? settings?.backupEvery ?? 'daily';
  const keep = draft.keep ?? (settings ? String(settings.backupKeep) : '10');
  const folder = draft.folder ?? settings?.backupFolder ?? '';
  const folderHandle = draft.folderHandle ?? null;
  const [error, setError] = useState<{ message: string; field: 'backupFolder' | 'backupKeep' | null } | null>(null);
  const [note, setNote] = useState('');
  const save = useJournalMutation('settings.set');
  const edit = (patch: Draft) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote('');
    const n = Number(keep);
    if (!Number.isInteger(n) || n < 1 || n > 365) return setError({ message: 'Keep a whole number of backups, from 1 to 365.', field: 'backupKeep' });
    // In the app a folder is sent only once chosen again (as its dialog handle); otherwise it stays as it is.
    const place = placeToSend(folder, folderHandle);
    if (!place && !folder.trim()) return setError({ message: askForPlace('the folder for backups'), field: 'backupFolder' });
    let saved: Settings;
    try {
      saved = await save.mutateAsync({ backupEvery: every, backupKeep: n, ...(place ? { backupFolder: place } : {}) });
    } catch (err) {
      const info = errorInfoOf(err);
      const field = fieldProblem(info, 'backupFolder') ? 'backupFolder' : null;
      return setError({ message: otherProblem(info), field });
    }
    setError(null);
    setDraft({});
    setNote(
      saved.backupEvery === 'off'
        ? 'Saved. Mutual will not back up by itself; use “Back up now” when you want one.'
        : `Saved. Mutual will back up ${saved.backupEvery === 'daily' ? 'every day' : 'every week'} and keep the last ${saved.backupKeep}.`,
    );
  };

  return (
    <form className="settings-group" onSubmit={submit} noValidate aria-labelledby="backup-settings-title">
      <h3 id="backup-settings-title">Automatic backups</h3>
      <p>
        While your journal is unlocked, Mutual makes an encrypted backup on a schedule, and always before it updates the journal’s format.
      </p>
      <p className="quiet" id="last-backup">
        {settings ? describeLastBackup(settings.lastBackupAt) : ''}
      </p>
      <div className="field narrow">
        <label htmlFor="backup-every">How often</label>
        <select id="backup-every" value={every} onChange={(e) => edit({ every: e.target.value as Every })}>
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
          onChange={(e) => edit({ keep: e.target.value })}
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
        onChange={(value, handle) => edit({ folder: value, folderHandle: handle })}
        problem={error?.field === 'backupFolder' ? error.message : null}
      />
      <ErrorMessage error={error && error.field !== 'backupFolder' ? error.message : null} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save backup settings
        </button>
      </div>
      <p role="status" className="quiet">
        {note}
      </p>
    </form>
  );
}
