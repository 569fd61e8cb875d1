/**
 * Backup now: one encrypted file, into the backup folder (where the automatic ones go, keeping
 * the last N) or to a file the person names.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress } from './JobProgress';
import { askForPlace, PathField, placeToSend } from './PathField';
import { useJob } from './useJob';
import { fieldProblem, otherProblem } from './problems';

const BACKUPS = { one: 'backup', many: 'backups' };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function BackupNowPanel(props: { settings: Settings | null }) {
  const client = useQueryClient();
  const [where, setWhere] = useState<'folder' | 'file'>('folder');
  const [file, setFile] = useState('');
  const [fileHandle, setFileHandle] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useJob('backup');
  const folder = props.settings?.backupFolder ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (job.busy) return;
    const place = placeToSend(file, fileHandle);
    if (where === 'file' && !place) return setProblem(askForPlace('the backup file to write'));
    setProblem(null);
    const out = where === 'file' ? (place ?? undefined) : undefined;
    const finished = await job.start(() => call('backup.run', out ? { out } : {}));
    // "The last backup was made on…" (the job's own event also says so; this does not wait for it).
    if (finished?.state === 'done') void client.invalidateQueries({ queryKey: ['settings.get'] });
  };

  const status = job.status;
  const result = (status?.state === 'done' ? status.result : null) as { file?: string; bytes?: number; removed?: string[] } | null;
  const pathProblem = fieldProblem(job.refused, 'out');

  return (
    <section className="data-panel" aria-labelledby="backup-now-title">
      <h3 id="backup-now-title">Back up now</h3>
      <p>
        A backup is one encrypted file. It opens only with your passphrase or your recovery code — the ones in use when it
        was made.
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset className="choice-group stacked" disabled={job.busy}>
          <legend>Where to save it</legend>
          <label className="choice">
            <input type="radio" name="backup-where" value="folder" checked={where === 'folder'} onChange={() => setWhere('folder')} />
            <span>
              In my backup folder{folder && <> (<code className="path">{folder}</code>)</>}
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="backup-where" value="file" checked={where === 'file'} onChange={() => setWhere('file')} />
            As a file I name
          </label>
        </fieldset>
        {where === 'file' && (
          <PathField
            id="backup-out"
            label="Save the backup as"
            kind="save"
            use="backup"
            filter="backup"
            dialogTitle="Save the backup as"
            hint="A full path to a new file, like /home/you/Backups/mutual.mutualbackup."
            value={file}
            onChange={(v, handle) => {
              setFile(v);
              setFileHandle(handle);
              setProblem(null);
            }}
            problem={pathProblem}
            disabled={job.busy}
          />
        )}
        <ErrorMessage error={problem} />
        <ErrorMessage error={job.refused && !pathProblem ? otherProblem(job.refused) : null}>No backup was made.</ErrorMessage>
        <div className="actions">
          <button type="submit" className="primary" disabled={job.busy}>
            Back up now
          </button>
        </div>
      </form>
      {status && (
        <JobProgress
          label="Backing up"
          done={status.done}
          total={status.total ?? 1}
          noun={BACKUPS}
          running={status.state === 'running'}
          onCancel={() => void job.cancel()}
          cancelling={job.cancelling}
        />
      )}
      <div role="status" className="job-summary">
        {result && (
          <p>
            Saved an encrypted backup{typeof result.bytes === 'number' ? ` (${formatBytes(result.bytes)})` : ''} to{' '}
            <code className="path">{result.file}</code>.
            {result.removed && result.removed.length > 0 && ` To keep the last ${props.settings?.backupKeep ?? ''}, ${result.removed.length === 1 ? '1 older backup was' : `${result.removed.length} older backups were`} removed.`}
          </p>
        )}
        {status?.state === 'cancelled' && <p>The backup was cancelled. Nothing was written.</p>}
      </div>
      <ErrorMessage error={status?.state === 'failed' ? otherProblem(status.error) : null}>No backup was made; your journal is unchanged.</ErrorMessage>
    </section>
  );
}
