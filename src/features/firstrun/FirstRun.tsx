/**
 * First run: choose a passphrase, create the journal, then see the recovery code exactly once —
 * or join a journal that another computer syncs through a folder (JoinSync.tsx).
 * The code never leaves this screen's memory, except on the clipboard when the person copies it,
 * and that is cleared a minute later (src/lib/clipboard.ts); it is dropped when they continue.
 * Then a short introduction is due, which the first new entry shows (Introduction.tsx).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../electron/shared/result';
import { call } from '../../lib/api';
import { copySecret, SECRET_CLIPBOARD_SECONDS } from '../../lib/clipboard';
import { markIntroductionDue } from './introduction';
import { JoinSync } from './JoinSync';
import { PassphraseFields, passphraseProblem, type PassphraseValue } from './PassphraseFields';
import { ErrorMessage } from '../../components/ErrorMessage';

export function FirstRun(props: { onDone: () => void; onProblem: (error: ErrorInfo) => void }) {
  const [value, setValue] = useState<PassphraseValue>({ passphrase: '', confirm: '', strength: null });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), [recoveryCode === null, joining]);

  const onChange = useCallback((patch: Partial<PassphraseValue>) => {
    setValue((v) => ({ ...v, ...patch }));
    setError(null);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problem = passphraseProblem(value);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    const result = await call('vault.create', { passphrase: value.passphrase });
    setBusy(false);
    if (!result.ok) {
      if (result.error.code === 'BAD_INPUT' || result.error.code === 'INTERNAL' || result.error.code === 'DISK_FULL') setError(result.error.message);
      else props.onProblem(result.error);
      return;
    }
    setValue({ passphrase: '', confirm: '', strength: null });
    setRecoveryCode(result.value.recoveryCode);
  };

  if (recoveryCode !== null) {
    return (
      <RecoveryCodeStep
        code={recoveryCode}
        headingRef={headingRef}
        onContinue={() => {
          setRecoveryCode(null);
          // The first new entry opens with a short introduction (Introduction.tsx).
          markIntroductionDue();
          props.onDone();
        }}
      />
    );
  }

  if (joining) return <JoinSync onBack={() => setJoining(false)} onDone={props.onDone} onProblem={props.onProblem} />;

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} noValidate aria-labelledby="firstrun-title">
        <h1 id="firstrun-title" tabIndex={-1} ref={headingRef}>
          Welcome to Mutual
        </h1>
        <p>
          Mutual is a private journal for the give and take in your relationships. It lives in one encrypted file on this
          computer — no account, no server, nothing sent anywhere.
        </p>
        <p>Choose a passphrase to lock it. You will type it each time you open your journal.</p>
        <PassphraseFields value={value} onChange={onChange} disabled={busy} />
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating your journal…' : 'Create journal'}
          </button>
        </div>
        <p className="firstrun-join">
          Already writing in Mutual on another computer that syncs through a folder?{' '}
          <button type="button" className="link" onClick={() => setJoining(true)} disabled={busy}>
            Join a journal in a sync folder
          </button>
        </p>
      </form>
    </main>
  );
}

/** Exported for its tests (tests/unit/renderer/recoveryClipboard.test.tsx). */
export function RecoveryCodeStep(props: { code: string; onContinue: () => void; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const [saved, setSaved] = useState(false);
  const [copyNote, setCopyNote] = useState('');
  const codeRef = useRef<HTMLElement>(null);

  const copy = async () => {
    try {
      await copySecret(props.code, { onCleared: () => setCopyNote('The recovery code was cleared from the clipboard.') });
      setCopyNote(`Copied. Paste it somewhere safe, away from this computer, within ${SECRET_CLIPBOARD_SECONDS} seconds: Mutual then clears it from the clipboard.`);
    } catch {
      // Clipboard refused (permissions): select the code so the person can copy it by hand.
      const range = document.createRange();
      if (codeRef.current) {
        range.selectNodeContents(codeRef.current);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setCopyNote('Copying was not allowed here. The code is selected — copy it with Ctrl+C or Cmd+C.');
    }
  };

  return (
    <main className="centered">
      <section className="card" aria-labelledby="recovery-title">
        <h1 id="recovery-title" tabIndex={-1} ref={props.headingRef}>
          Your recovery code
        </h1>
        <p>If you ever forget your passphrase, this code is the only way back into your journal. It is shown only now.</p>
        <p className="recovery-code">
          <code ref={codeRef}>
            {props.code}
          </code>
        </p>
        <div className="actions">
          <button type="button" onClick={copy}>
            Copy recovery code
          </button>
        </div>
        <p role="status" className="quiet">
          {copyNote}
        </p>
        <p className="warning">
          Write it down or keep it in a password manager. If you lose both your passphrase and this recovery code, your
          journal is lost — no one, not even Mutual, can open it.
        </p>
        <div className="field checkbox">
          <input id="recovery-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
          <label htmlFor="recovery-saved">I have saved my recovery code</label>
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={!saved} onClick={props.onContinue}>
            Continue
          </button>
        </div>
      </section>
    </main>
  );
}
