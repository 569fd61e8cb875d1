/**
 * Settings → Sync: "Sync through a folder" (ARCHITECTURE.md, "Sync through a folder").
 *
 * Off: what it is — the journal reaches the person's other computers through a folder their own
 * sync app keeps in step, everything in it encrypted, only file sizes and times visible to the sync
 * provider — a folder field (typed in a browser, "Choose…" in the app: PathField), and "Sync
 * through this folder".
 *
 * On: the folder, when it last synced, what waits to be sent, the other computers (by the first
 * characters of their names in the folder) and how many of their files were applied here, the
 * problems of the last round and the notices, each in the journal's own words; "Sync now", and
 * "Stop syncing on this computer" after a confirmation that the folder and the other computers are
 * left as they are.
 *
 * It follows the journal: the data layer reads `sync.status` again after every sync round
 * (src/lib/data.tsx), so a round run by itself (a file landing, a save, the poll) shows here; the
 * round's own event says how many of the other computers' files are still on their way.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../electron/shared/contract';
import { errorInfoOf, journalKey, useJournalMutation, useJournalQuery } from '../../lib/data';
import { onJournalEvent } from '../../lib/events';
import { SYNC_APPS, SYNC_FOLDER_USE } from '../../lib/syncFolder';
import { shellFiles } from '../../lib/shell';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { askForPlace, looksAbsolute, PathField, placeToSend } from './PathField';
import { describeApplied, describeArriving, describeLastSync, describeToSend, refreshDelay, shortDeviceId } from './syncText';
import { otherProblem } from './problems';
import './sync.css';

type On = Extract<SyncStatus, { enabled: true }>;

const noticeDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatNoticeAt(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : noticeDay.format(date);
}

export function SyncSettings() {
  const status = useJournalQuery('sync.status', {});
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const enabled = status.data?.enabled;
  const wasEnabled = useRef(enabled);

  // Turning sync on or off replaces the controls the person used: the keyboard goes back to the
  // group's heading rather than being lost.
  useEffect(() => {
    if (wasEnabled.current !== undefined && enabled !== undefined && wasEnabled.current !== enabled) headingRef.current?.focus();
    wasEnabled.current = enabled;
  }, [enabled]);

  const show = (next: SyncStatus) => client.setQueryData(journalKey('sync.status', {}), next);

  return (
    <section className="settings-group sync-settings" aria-labelledby="sync-title" aria-busy={status.isPending || undefined}>
      <h3 id="sync-title" tabIndex={-1} ref={headingRef}>
        Sync through a folder
      </h3>
      <ErrorMessage error={status.error} onRetry={() => void status.refetch()} retrying={status.isFetching} />
      {status.data?.enabled === false && (
        <SyncOff
          onOn={(next) => {
            show(next);
            setNote('Sync is on. This computer’s changes are in the folder; your sync app copies them to your other computers.');
          }}
        />
      )}
      {status.data?.enabled === true && (
        <SyncOn
          status={status.data}
          onSynced={(next) => {
            show(next);
            setNote(`Synced. ${describeToSend(next.enabled ? next.toSend : 0)}`);
          }}
          onStopped={(next) => {
            show(next);
            setNote('Sync is off on this computer. The sync folder and your other computers were left as they are.');
          }}
          onChange={() => setNote('')}
        />
      )}
      <p role="status" className="quiet">
        {note}
      </p>
    </section>
  );
}

function SyncOff(props: { onOn: (status: SyncStatus) => void }) {
  const [folder, setFolder] = useState('');
  const [handle, setHandle] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ message: string; field: boolean } | null>(null);
  const setup = useJournalMutation('sync.setup');
  const busy = setup.isPending;
  const inApp = shellFiles() !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const place = placeToSend(folder, handle);
    if (!place) return setProblem({ message: askForPlace('the folder to sync through'), field: true });
    if (!inApp && !looksAbsolute(place)) return setProblem({ message: 'Type the full path of the folder, like /home/you/Sync/Mutual.', field: true });
    setProblem(null);
    try {
      props.onOn(await setup.mutateAsync({ folder: place }));
    } catch (err) {
      const info = errorInfoOf(err);
      // What the journal says about a folder (not there, not empty, another journal's) belongs beside it.
      setProblem({ message: otherProblem(info), field: info.code === 'BAD_INPUT' || info.code === 'NOT_FOUND' });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>
        Your other computers can have this journal too, through a folder that your own sync app — {SYNC_APPS} — keeps in step. Mutual
        writes this computer’s changes there and reads the others’; it never talks to a server itself.
      </p>
      <p>
        Everything Mutual puts in the folder is encrypted with your journal’s key. Your sync provider can see how many files there are,
        their sizes and when they change — never a word of what you wrote.
      </p>
      <PathField
        id="sync-folder"
        label="Sync folder"
        kind="folder"
        use={SYNC_FOLDER_USE}
        dialogTitle="Choose an empty folder that your sync app keeps in step"
        hint="The full path of an empty folder that your sync app keeps in step, like /home/you/Sync/Mutual."
        value={folder}
        onChange={(value, chosen) => {
          setFolder(value);
          setHandle(chosen);
          setProblem(null);
        }}
        problem={problem?.field ? problem.message : null}
        disabled={busy}
      />
      <ErrorMessage error={problem && !problem.field ? problem.message : null}>Sync was not set up.</ErrorMessage>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Setting up sync…' : 'Sync through this folder'}
        </button>
      </div>
      <p className="quiet">
        Then, on your other computer, choose “Join a journal in a sync folder” when Mutual first opens there, and give it the same folder
        as your sync app keeps it on that computer.
      </p>
    </form>
  );
}

/** The current time, again every now and then, so "Synced 2 minutes ago" keeps telling the truth. */
function useNow(lastSyncAt: string | null): number {
  const [tick, setTick] = useState(0);
  // Read again on each tick, and for a newer round (its time is said from now, not from the last look).
  const now = useMemo(() => Date.now(), [tick, lastSyncAt]);
  useEffect(() => {
    const delay = refreshDelay(lastSyncAt, now);
    if (delay === null) return;
    const timer = setTimeout(() => setTick((t) => t + 1), delay);
    return () => clearTimeout(timer);
  }, [lastSyncAt, now]);
  return now;
}

/** Files of the other computers still on their way, as the last round seen here counted them. */
function useArriving(): number {
  const [waiting, setWaiting] = useState(0);
  useEffect(
    () =>
      onJournalEvent((event) => {
        if (event.name === 'sync') setWaiting(event.detail.waiting ?? 0);
      }),
    [],
  );
  return waiting;
}

function SyncOn(props: { status: On; onSynced: (status: SyncStatus) => void; onStopped: (status: SyncStatus) => void; onChange: () => void }) {
  const { status } = props;
  const now = useNow(status.lastSyncAt);
  const arriving = useArriving();
  const syncNow = useJournalMutation('sync.now');
  const stop = useJournalMutation('sync.stop');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<{ message: string; what: 'sync' | 'stop' } | null>(null);
  const busy = syncNow.isPending || stop.isPending;

  const runNow = async () => {
    props.onChange();
    setError(null);
    try {
      props.onSynced(await syncNow.mutateAsync({}));
    } catch (err) {
      setError({ message: otherProblem(errorInfoOf(err)), what: 'sync' });
    }
  };

  const stopHere = async () => {
    props.onChange();
    setError(null);
    try {
      const next = await stop.mutateAsync({});
      setConfirming(false);
      props.onStopped(next);
    } catch (err) {
      setConfirming(false);
      setError({ message: otherProblem(errorInfoOf(err)), what: 'stop' });
    }
  };

  return (
    <div className="sync-on">
      <p>
        This journal syncs through <code className="path">{status.folder}</code>.
      </p>
      <p>
        {status.lastSyncAt ? <time dateTime={status.lastSyncAt}>{describeLastSync(status.lastSyncAt, now)}</time> : describeLastSync(null)}{' '}
        {describeToSend(status.toSend)}
        {arriving > 0 && ` ${describeArriving(arriving)}`}
      </p>
      <p className="quiet">
        In the folder this computer is <code className="device-id">{shortDeviceId(status.deviceId)}</code>
        {status.sent > 0 ? `; it has sent ${status.sent === 1 ? '1 file' : `${status.sent.toLocaleString()} files`}.` : '.'}
      </p>

      <h4 id="sync-devices-title">Your other computers</h4>
      {status.devices.length === 0 ? (
        <p className="quiet">
          No other computer has written to the folder yet. On your other computer, choose “Join a journal in a sync folder” when Mutual
          first opens there.
        </p>
      ) : (
        <ul className="sync-devices" aria-labelledby="sync-devices-title">
          {status.devices.map((d) => (
            <li key={d.deviceId}>
              Computer <code className="device-id">{shortDeviceId(d.deviceId)}</code> — {describeApplied(d.applied)}
            </li>
          ))}
        </ul>
      )}

      {status.problems.length > 0 && (
        <div className="warning sync-problems">
          <h4 id="sync-problems-title">Files Mutual could not read</h4>
          <ul aria-labelledby="sync-problems-title">
            {status.problems.map((p) => (
              <li key={`${p.deviceId}-${p.number}-${p.message}`}>
                {p.deviceId && (
                  <span className="sync-problem-from">
                    From computer <code className="device-id">{shortDeviceId(p.deviceId)}</code>:{' '}
                  </span>
                )}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      {status.notices.length > 0 && (
        <>
          <h4 id="sync-notices-title">Worth knowing</h4>
          <ul className="sync-notices" aria-labelledby="sync-notices-title">
            {status.notices.map((n, i) => (
              <li key={`${n.at}-${i}`}>
                <time dateTime={n.at} className="quiet">
                  {formatNoticeAt(n.at)}
                </time>{' '}
                {n.message}
              </li>
            ))}
          </ul>
        </>
      )}

      <ErrorMessage error={error?.message}>{error?.what === 'stop' ? 'Sync is still on.' : undefined}</ErrorMessage>
      <div className="actions">
        <button type="button" onClick={() => void runNow()} disabled={busy}>
          {syncNow.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          Stop syncing on this computer
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Stop syncing on this computer?"
          confirmLabel="Stop syncing"
          cancelLabel="Keep syncing"
          busy={stop.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void stopHere()}
        >
          <p>
            This computer will stop writing its changes to <code className="path">{status.folder}</code> and stop reading the other
            computers’ changes from it.
          </p>
          <p>
            The folder and your other computers are untouched: they keep the journal and go on syncing with each other. Your journal on
            this computer stays as it is now, and you can sync it through a folder again later.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
