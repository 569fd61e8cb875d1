/**
 * The top of the renderer: which screen the journal's state calls for. New folder → First run;
 * locked → Unlock; damaged or from a newer version → a calm explanation that never offers to
 * overwrite; unlocked → the main layout.
 */
import { useCallback, useEffect, useState } from 'react';
import type { LockCause } from '../electron/shared/events';
import type { ErrorInfo } from '../electron/shared/result';
import { call, onApiError, onTransportProblem } from './lib/api';
import { FirstRun } from './features/firstrun/FirstRun';
import { Unlock } from './features/unlock/Unlock';
import { VaultProblem } from './features/problem/VaultProblem';
import { MainLayout } from './features/layout/MainLayout';
import { JournalDataProvider } from './lib/data';

type Screen =
  | { name: 'loading' }
  | { name: 'firstRun' }
  | { name: 'unlock'; reason?: 'locked-elsewhere'; cause?: LockCause; note?: string }
  | { name: 'main'; generation: number }
  | { name: 'problem'; error: ErrorInfo }
  | { name: 'unauthorized' };

export function App() {
  return (
    <JournalDataProvider>
      <Screens />
    </JournalDataProvider>
  );
}

function Screens() {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });

  const check = useCallback(async () => {
    const status = await call('vault.status', {});
    if (!status.ok) {
      setScreen((s) => (s.name === 'unauthorized' ? s : { name: 'problem', error: status.error }));
      return;
    }
    const state = status.value.state;
    setScreen(state === 'new' ? { name: 'firstRun' } : state === 'locked' ? { name: 'unlock' } : { name: 'main', generation: Date.now() });
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  useEffect(() => {
    const offTransport = onTransportProblem((problem) => {
      if (problem === 'unauthorized') setScreen({ name: 'unauthorized' });
    });
    // Any call that finds the journal locked (auto-lock, another window) brings the unlock screen.
    const offError = onApiError((channel, error) => {
      if (error.code === 'VAULT_LOCKED' && !channel.startsWith('vault.')) {
        setScreen((s) => (s.name === 'main' ? { name: 'unlock', reason: 'locked-elsewhere' } : s));
      }
    });
    return () => {
      offTransport();
      offError();
    };
  }, []);

  const unlocked = useCallback(() => setScreen({ name: 'main', generation: Date.now() }), []);
  const locked = useCallback(
    (elsewhere?: boolean, cause?: LockCause, note?: string) => setScreen(elsewhere ? { name: 'unlock', reason: 'locked-elsewhere', cause, note } : { name: 'unlock', note }),
    [],
  );
  const problem = useCallback((error: ErrorInfo) => setScreen({ name: 'problem', error }), []);

  switch (screen.name) {
    case 'loading':
      return (
        <main className="centered" aria-busy="true">
          <p className="quiet">Opening your journal…</p>
        </main>
      );
    case 'firstRun':
      return <FirstRun onDone={check} onProblem={problem} />;
    case 'unlock':
      return <Unlock onUnlocked={unlocked} onProblem={problem} lockedElsewhere={screen.reason === 'locked-elsewhere'} lockCause={screen.cause} note={screen.note} />;
    case 'problem':
      return <VaultProblem error={screen.error} onRetry={check} />;
    case 'unauthorized':
      return (
        <main className="centered">
          <div className="card">
            <h1>This page can no longer open your journal</h1>
            <p>
              The web host gives each run its own address. Open the address it printed when it started; your journal is
              unchanged.
            </p>
          </div>
        </main>
      );
    case 'main':
      return <MainLayout key={screen.generation} onLocked={locked} />;
  }
}
