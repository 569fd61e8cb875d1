/**
 * First run, the other way in: "Join a journal in a sync folder". The journal already lives on
 * another computer that syncs it through a folder (Settings → Sync there); this computer gets it
 * from that folder. The person gives the folder, then the journal's passphrase or (a choice) its
 * recovery code; the journal builds this computer's copy as a job ('sync-join'), whose progress
 * counts the entries brought in so far. When it is done the journal is open here, unlocked.
 *
 * A refusal (no journal in that folder, a wrong passphrase…) is the journal's own message. A join
 * that failed after the journal was made here (a file it could not read) leaves a journal that is
 * only behind: the person is offered to open it, and the next sync carries on.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../electron/shared/result';
import { call } from '../../lib/api';
import { SYNC_APPS, SYNC_FOLDER_USE } from '../../lib/syncFolder';
import { shellFiles } from '../../lib/shell';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ENTRIES, JobProgress } from '../settings/JobProgress';
import { askForPlace, looksAbsolute, PathField, placeToSend } from '../settings/PathField';
import { fieldProblem, otherProblem } from '../settings/problems';
import { useJob } from '../settings/useJob';
import '../settings/settings.css';
import './join.css';

type Secret = 'passphrase' | 'recovery';

/** Which field a refusal of the join is about, so it is said beside that field. */
export function joinProblemField(error: ErrorInfo | { code: string; message: string } | null | undefined): 'folder' | 'secret' | null {
  if (!error) return null;
  if (error.code === 'WRONG_PASSPHRASE' || error.code === 'WRONG_RECOVERY_CODE') return 'secret';
  if (fieldProblem(error, 'passphrase') || fieldProblem(error, 'recoveryCode')) return 'secret';
  if (error.code === 'BAD_INPUT' || error.code === 'NOT_FOUND') return 'folder';
  return null;
}

const vaultProblems = new Set(['VAULT_DAMAGED', 'VAULT_FROM_NEWER_VERSION']);

export function JoinSync(props: { onBack: () => void; onDone: () => void; onProblem: (error: ErrorInfo) => void }) {
  const [folder, setFolder] = useState('');
  const [handle, setHandle] = useState<string | null>(null);
  const [secret, setSecret] = useState<Secret>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<{ message: string; field: 'folder' | 'secret' | null } | null>(null);
  // The join failed part-way, after the journal was made here: it can be opened and synced on.
  const [madeHere, setMadeHere] = useState(false);
  const job = useJob('sync-join');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const inApp = shellFiles() !== null;
  const busy = job.busy;

  useEffect(() => headingRef.current?.focus(), []);

  const refuse = (error: { code: string; message: string }) => {
    if (vaultProblems.has(error.code)) return props.onProblem(error as ErrorInfo);
    const field = joinProblemField(error);
    setProblem({ message: otherProblem(error), field });
    if (field === 'secret') {
      secretRef.current?.select();
      secretRef.current?.focus();
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const place = placeToSend(folder, handle);
    if (!place) return setProblem({ message: askForPlace('the sync folder'), field: 'folder' });
    if (!inApp && !looksAbsolute(place)) return setProblem({ message: 'Type the full path of the sync folder, like /home/you/Sync/Mutual.', field: 'folder' });
    const typed = secret === 'passphrase' ? passphrase : code.trim();
    if (!typed) {
      setProblem({
        message: secret === 'passphrase' ? 'Type the passphrase of the journal you are joining.' : 'Type the recovery code of the journal you are joining.',
        field: 'secret',
      });
      secretRef.current?.focus();
      return;
    }
    setProblem(null);
    setMadeHere(false);
    let refusal = null as ErrorInfo | null;
    const status = await job.start(async () => {
      const r = await call('sync.join', secret === 'passphrase' ? { folder: place, passphrase: typed } : { folder: place, recoveryCode: typed });
      if (!r.ok) refusal = r.error;
      return r;
    });
    if (refusal) return refuse(refusal);
    if (!status) return;
    if (status.state === 'done') {
      setPassphrase('');
      setCode('');
      props.onDone();
      return;
    }
    if (status.error) refuse(status.error);
    else setProblem({ message: 'Joining stopped before it was done.', field: null });
    // A journal now here (made before the failure) can be opened; the next sync carries on.
    const state = await call('vault.status', {});
    if (state.ok && state.value.state !== 'new') setMadeHere(true);
  };

  const choose = (next: Secret) => {
    setSecret(next);
    setProblem(null);
  };

  const running = job.status?.state === 'running';
  const secretProblem = problem?.field === 'secret' ? problem.message : null;
  const secretId = secret === 'passphrase' ? 'join-passphrase' : 'join-recovery-code';

  return (
    <main className="centered">
      <form className="card join-sync" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="join-title">
        <h1 id="join-title" tabIndex={-1} ref={headingRef}>
          Join a journal in a sync folder
        </h1>
        <p>
          If you already write in Mutual on another computer and sync it through a folder that your sync app — {SYNC_APPS} — keeps in
          step, this computer can open the same journal from that folder.
        </p>
        <p className="quiet">First set up sync on the other computer, in Settings → Sync, and let your sync app bring the folder here.</p>
        <PathField
          id="join-folder"
          label="Sync folder"
          kind="folder"
          use={SYNC_FOLDER_USE}
          dialogTitle="Choose the folder your sync app keeps in step"
          hint="The full path of the sync folder on this computer, like /home/you/Sync/Mutual."
          value={folder}
          onChange={(value, chosen) => {
            setFolder(value);
            setHandle(chosen);
            setProblem(null);
          }}
          problem={problem?.field === 'folder' ? problem.message : null}
          disabled={busy}
        />
        <fieldset className="choice-group" disabled={busy}>
          <legend>Open it with</legend>
          <label className="choice">
            <input type="radio" name="join-secret" value="passphrase" checked={secret === 'passphrase'} onChange={() => choose('passphrase')} />
            Its passphrase
          </label>
          <label className="choice">
            <input type="radio" name="join-secret" value="recovery" checked={secret === 'recovery'} onChange={() => choose('recovery')} />
            Its recovery code
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={secretId}>{secret === 'passphrase' ? 'Passphrase' : 'Recovery code'}</label>
          <input
            key={secretId}
            id={secretId}
            ref={secretRef}
            type={secret === 'passphrase' ? 'password' : 'text'}
            autoComplete={secret === 'passphrase' ? 'current-password' : 'off'}
            autoCapitalize={secret === 'passphrase' ? undefined : 'characters'}
            spellCheck={false}
            value={secret === 'passphrase' ? passphrase : code}
            disabled={busy}
            aria-invalid={secretProblem ? true : undefined}
            aria-describedby={secretProblem ? `${secretId}-hint ${secretId}-problem` : `${secretId}-hint`}
            onChange={(e) => {
              if (secret === 'passphrase') setPassphrase(e.target.value);
              else setCode(e.target.value);
              setProblem(null);
            }}
          />
          <p id={`${secretId}-hint`} className="quiet field-hint">
            {secret === 'passphrase'
              ? 'The passphrase you unlock the journal with on your other computer. It opens the journal here too.'
              : 'The recovery code Mutual showed once when the journal was created. Afterwards the journal opens here with the same passphrase as on your other computer.'}
          </p>
          <ErrorMessage id={`${secretId}-problem`} error={secretProblem} />
        </div>
        <ErrorMessage error={problem && problem.field === null ? problem.message : null} />
        {job.status && (running || job.status.state === 'done') && (
          <JobProgress label="Bringing your journal to this computer" done={job.status.done} total={null} noun={ENTRIES} running={running} />
        )}
        {madeHere && (
          <>
            <p>Part of the journal is already on this computer. Open it, and sync brings in the rest as soon as it can.</p>
            <div className="actions">
              <button type="button" className="primary" onClick={props.onDone}>
                Open the journal
              </button>
            </div>
          </>
        )}
        <div className="actions">
          {!madeHere && (
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Joining…' : 'Join journal'}
            </button>
          )}
          {!busy && !madeHere && (
            <button type="button" className="link" onClick={props.onBack}>
              Create a new journal instead
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
