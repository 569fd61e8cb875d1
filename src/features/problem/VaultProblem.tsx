/**
 * A journal that cannot be opened safely: damaged, written by a newer Mutual, or busy elsewhere.
 * Calm words, what to do, and never an offer to overwrite or "repair" anything.
 */
import { useEffect, useRef } from 'react';
import type { ErrorInfo } from '../../../electron/shared/result';

const titles: Partial<Record<ErrorInfo['code'], string>> = {
  VAULT_DAMAGED: 'This journal cannot be opened safely',
  VAULT_FROM_NEWER_VERSION: 'This journal needs a newer Mutual',
  VAULT_IN_USE: 'This journal is open somewhere else',
  VAULT_NOT_FOUND: 'No journal here',
};

const advice: Partial<Record<ErrorInfo['code'], string>> = {
  VAULT_DAMAGED:
    'Mutual has not changed anything and will not try to repair the file. Keep the folder exactly as it is. If you have a backup, restore it into a new folder; the damaged copy may still help later.',
  VAULT_FROM_NEWER_VERSION:
    'It was saved by a newer version of Mutual, so this version will not touch it. Update Mutual and open it again; nothing was changed.',
  VAULT_IN_USE: 'Close Mutual in the other window or command, then check again.',
};

export function VaultProblem(props: { error: ErrorInfo; onRetry: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [props.error]);
  const { code, message } = props.error;
  return (
    <main className="centered">
      <section className="card" aria-labelledby="problem-title">
        <h1 id="problem-title" tabIndex={-1} ref={headingRef}>
          {titles[code] ?? 'Mutual could not open your journal'}
        </h1>
        <p>{message}</p>
        {advice[code] && <p>{advice[code]}</p>}
        <div className="actions">
          <button type="button" onClick={props.onRetry}>
            Check again
          </button>
        </div>
      </section>
    </main>
  );
}
