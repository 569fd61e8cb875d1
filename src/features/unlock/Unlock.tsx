/**
 * Unlock with the passphrase, or recover with the recovery code and choose a new passphrase.
 * A wrong passphrase is said plainly (role="alert") and changes nothing.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LockCause } from '../../../electron/shared/events';
import type { ErrorInfo } from '../../../electron/shared/result';
import { useJournalMutation } from '../../lib/data';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PassphraseFields, passphraseProblem, type PassphraseValue } from '../firstrun/PassphraseFields';

const vaultProblems = new Set(['VAULT_DAMAGED', 'VAULT_FROM_NEWER_VERSION', 'VAULT_NOT_FOUND']);

export function Unlock(props: {
  onUnlocked: () => void;
  onProblem: (error: ErrorInfo) => void;
  lockedElsewhere?: boolean;
  lockCause?: LockCause;
  /** What the unlocked app had to say as the journal locked (a restore that did not finish). */
  note?: string;
}) {
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  return mode === 'passphrase' ? (
    <PassphraseUnlock {...props} onUseRecovery={() => setMode('recovery')} />
  ) : (
    <Recover {...props} onBack={() => setMode('passphrase')} />
  );
}

function PassphraseUnlock(props: {
  onUnlocked: () => void;
  onProblem: (error: ErrorInfo) => void;
  onUseRecovery: () => void;
  lockedElsewhere?: boolean;
  lockCause?: LockCause;
  note?: string;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const unlock = useJournalMutation('vault.unlock');
  const busy = unlock.isPending;
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!passphrase) {
      setError('Type your passphrase to unlock your journal.');
      inputRef.current?.focus();
      return;
    }
    setError(null);
    unlock.mutate(
      { passphrase },
      {
        onSuccess: () => {
          setPassphrase('');
          props.onUnlocked();
        },
        onError: (err) => {
          if (vaultProblems.has(err.code)) return props.onProblem(err.info);
          setError(
            err.code === 'WRONG_PASSPHRASE' ? 'That passphrase does not open this journal. Check it (and Caps Lock) and try again, or use your recovery code.' : err.message,
          );
          inputRef.current?.select();
          inputRef.current?.focus();
        },
      },
    );
  };

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} noValidate aria-labelledby="unlock-title">
        <h1 id="unlock-title">Unlock your journal</h1>
        {props.note ? (
          <p className="warning unlock-note">{props.note}</p>
        ) : props.lockCause === 'stopped' ? (
          <p>Mutual ran into a problem and restarted your journal. Everything it showed as saved is kept; unlock to carry on.</p>
        ) : props.lockedElsewhere ? (
          <p>Your journal locked itself while you were away. Your words are safe; unlock to carry on.</p>
        ) : (
          <p>Welcome back. Your journal is locked.</p>
        )}
        <div className="field">
          <label htmlFor="unlock-passphrase">Passphrase</label>
          <input
            id="unlock-passphrase"
            ref={inputRef}
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            value={passphrase}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'unlock-error' : undefined}
            onChange={(e) => {
              setPassphrase(e.target.value);
            }}
          />
        </div>
        <ErrorMessage id="unlock-error" error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button type="button" className="link" onClick={props.onUseRecovery}>
            Use recovery code
          </button>
        </div>
      </form>
    </main>
  );
}

function Recover(props: { onUnlocked: () => void; onProblem: (error: ErrorInfo) => void; onBack: () => void }) {
  const [code, setCode] = useState('');
  const [value, setValue] = useState<PassphraseValue>({ passphrase: '', confirm: '', strength: null });
  const [error, setError] = useState<string | null>(null);
  const recover = useJournalMutation('vault.recover');
  const busy = recover.isPending;
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => codeRef.current?.focus(), []);
  const onChange = useCallback((patch: Partial<PassphraseValue>) => {
    setValue((v) => ({ ...v, ...patch }));
    setError(null);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!code.trim()) {
      setError('Type the recovery code you saved when you created your journal.');
      return;
    }
    const problem = passphraseProblem(value);
    if (problem) {
      setError(problem);
      return;
    }
    recover.mutate(
      { recoveryCode: code.trim(), newPassphrase: value.passphrase },
      {
        onSuccess: (status) => {
          setCode('');
          setValue({ passphrase: '', confirm: '', strength: null });
          if (status.state === 'unlocked') props.onUnlocked();
          else props.onBack();
        },
        onError: (err) => (vaultProblems.has(err.code) ? props.onProblem(err.info) : setError(err.message)),
      },
    );
  };

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} noValidate aria-labelledby="recover-title">
        <h1 id="recover-title">Recover your journal</h1>
        <p>
          Type the recovery code you saved when you created your journal, then choose a new passphrase. Your recovery code
          keeps working afterwards.
        </p>
        <div className="field">
          <label htmlFor="recover-code">Recovery code</label>
          <input
            id="recover-code"
            ref={codeRef}
            type="text"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setError(null);
            }}
          />
        </div>
        <PassphraseFields value={value} onChange={onChange} label="New passphrase" confirmLabel="Confirm new passphrase" disabled={busy} />
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Recovering…' : 'Recover journal'}
          </button>
          <button type="button" className="link" onClick={props.onBack}>
            Back to passphrase
          </button>
        </div>
      </form>
    </main>
  );
}
