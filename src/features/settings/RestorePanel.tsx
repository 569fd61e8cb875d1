/**
 * Restore a backup: into a new folder (the journal open now stays as it is), or in place of the
 * journal open now — only after a confirmation that names what will be replaced and where the
 * current journal is kept aside. Replacing closes the journal; the person then unlocks the
 * restored one with the passphrase that was in use when the backup was made.
 *
 * A restore is one step in the journal (unpacked into a temporary folder, then renamed into
 * place), not a job: it cannot be stopped part-way, and an interrupted one leaves nothing behind.
 */
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { errorInfoOf, useJournalMutation } from '../../lib/data';
import { useSession } from '../../lib/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JobProgress } from './JobProgress';
import { askForPlace, PathField, placeToSend } from './PathField';
import { fieldProblem, otherProblem } from './problems';

type Mode = 'new-folder' | 'replace';
type Outcome =
  | { state: 'running'; mode: Mode; file: string }
  | { state: 'done'; mode: Mode; file: string; restoredTo: string; keptAt: string | null }
  | { state: 'failed'; mode: Mode; file: string; message: string; field: 'file' | 'target' | null };

const BACKUPS = { one: 'backup', many: 'backups' };

/** Splits a path into its folder and its last part (either separator). */
function splitPath(p: string): { dir: string; base: string } {
  const trimmed = p.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? { dir: '', base: trimmed } : { dir: trimmed.slice(0, cut) || '/', base: trimmed.slice(cut + 1) };
}

export function RestorePanel(props: { settings: Settings | null }) {
  const session = useSession();
  const [file, setFile] = useState('');
  const [fileHandle, setFileHandle] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('new-folder');
  const [target, setTarget] = useState('');
  const [targetHandle, setTargetHandle] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const restoreCall = useJournalMutation('backup.restore');
  const running = outcome?.state === 'running';
  const journal = props.settings?.journalFolder ?? '';
  const { dir: journalParent, base: journalName } = splitPath(journal);

  const restore = async (chosenMode: Mode) => {
    const backup = file.trim();
    const filePlace = placeToSend(file, fileHandle) ?? '';
    const targetPlace = placeToSend(target, targetHandle) ?? '';
    setOutcome({ state: 'running', mode: chosenMode, file: backup });
    // A replace locks the journal; the summary (where the old one was kept) stays until "Unlock".
    const release = chosenMode === 'replace' ? session.holdWhileLocked() : () => undefined;
    try {
      const done = await restoreCall.mutateAsync(
        chosenMode === 'new-folder'
          ? { mode: 'new-folder', file: filePlace, target: targetPlace }
          : { mode: 'replace', file: filePlace, confirm: 'Replace my journal' },
      );
      setOutcome({ state: 'done', mode: chosenMode, file: backup, restoredTo: done.restoredTo, keptAt: done.keptAt });
    } catch (err) {
      const error = errorInfoOf(err);
      const field = fieldProblem(error, 'file') ? 'file' : fieldProblem(error, 'target') ? 'target' : null;
      const message = otherProblem(error);
      setOutcome({ state: 'failed', mode: chosenMode, file: backup, message, field });
      // A replace that failed after the journal was closed leaves it locked: the message goes
      // with the person to the Unlock screen rather than staying on a page that can no longer read.
      release(`The backup could not be restored: ${message} Your journal was not replaced. It was locked for the restore; unlock it to carry on.`);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) return;
    if (!placeToSend(file, fileHandle)) return setProblem(askForPlace('the backup file to restore'));
    if (mode === 'new-folder' && !placeToSend(target, targetHandle)) return setProblem(askForPlace('a new folder to restore into'));
    setProblem(null);
    setOutcome(null);
    if (mode === 'replace') setConfirming(true);
    else void restore('new-folder');
  };

  const failed = outcome?.state === 'failed' ? outcome : null;
  const done = outcome?.state === 'done' ? outcome : null;

  return (
    <section className="data-panel" aria-labelledby="restore-title">
      <h3 id="restore-title">Restore from a backup</h3>
      <p>Bring back a journal from a backup file made by “Back up now”, an automatic backup, or <code>mutual backup</code>.</p>
      <form onSubmit={submit} noValidate>
        <PathField
          id="restore-file"
          label="Backup file"
          kind="file"
          use="restore-file"
          filter="backup"
          dialogTitle="Choose a backup to restore"
          hint="The full path of a .mutualbackup file."
          value={file}
          onChange={(v, handle) => {
            setFile(v);
            setFileHandle(handle);
            setProblem(null);
          }}
          problem={failed?.field === 'file' ? failed.message : null}
          disabled={running}
        />
        <fieldset className="choice-group stacked" disabled={running}>
          <legend>How to restore it</legend>
          <label className="choice">
            <input type="radio" name="restore-mode" value="new-folder" checked={mode === 'new-folder'} onChange={() => setMode('new-folder')} />
            Into a new folder — the journal open now stays as it is
          </label>
          <label className="choice">
            <input type="radio" name="restore-mode" value="replace" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            In place of the journal open now — it is kept aside, not deleted
          </label>
        </fieldset>
        {mode === 'new-folder' && (
          <PathField
            id="restore-target"
            label="New journal folder"
            kind="folder"
            use="restore-target"
            dialogTitle="Choose a new, empty folder for the restored journal"
            hint="A full path to a new or empty folder, like /home/you/Documents/restored-journal."
            value={target}
            onChange={(v, handle) => {
              setTarget(v);
              setTargetHandle(handle);
              setProblem(null);
            }}
            problem={failed?.field === 'target' ? failed.message : null}
            disabled={running}
          />
        )}
        <ErrorMessage error={problem} />
        <div className="actions">
          <button type="submit" className="primary" disabled={running}>
            Restore…
          </button>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog
          title="Replace your journal?"
          confirmLabel="Replace my journal"
          cancelLabel="Keep my journal"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void restore('replace');
          }}
        >
          <p>
            The journal open now, in <code className="path">{journal}</code>, will be replaced by the backup{' '}
            <code className="path">{file.trim()}</code>.
          </p>
          <p>
            It is not deleted: Mutual moves it aside, beside it in <code className="path">{journalParent}</code>, as a folder named{' '}
            <code className="path">{journalName}.replaced-</code> followed by today’s date and time.
          </p>
          <p>Then your journal locks. Unlock it with the passphrase that was in use when the backup was made.</p>
        </ConfirmDialog>
      )}
      {outcome && (
        <JobProgress label="Restoring" done={outcome.state === 'done' ? 1 : 0} total={1} noun={BACKUPS} running={outcome.state === 'running'} />
      )}
      {running && <p className="quiet">A restore takes a moment and cannot be stopped part-way; if it is interrupted, nothing is left behind.</p>}
      <div role="status" className="job-summary">
        {done?.mode === 'new-folder' && (
          <p>
            Restored the backup into <code className="path">{done.restoredTo}</code>. The journal open now is unchanged. The restored journal
            opens with the passphrase or recovery code that was in use when the backup was made; to use it, start Mutual with{' '}
            <code className="path">--vault {done.restoredTo}</code>.
          </p>
        )}
        {done?.mode === 'replace' && (
          <>
            <p>
              Your journal was replaced by the backup. The journal you had before is kept at{' '}
              <code className="path">{done.keptAt}</code>.
            </p>
            <p>Your journal is now locked. Unlock it with the passphrase that was in use when the backup was made.</p>
          </>
        )}
      </div>
      {done?.mode === 'replace' && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void session.lock()}>
            Unlock the restored journal
          </button>
        </div>
      )}
      <ErrorMessage error={failed && !failed.field ? failed.message : null}>
        {failed?.mode === 'replace' ? 'Your journal was not replaced.' : 'Nothing was restored, and your journal is unchanged.'}
      </ErrorMessage>
    </section>
  );
}
