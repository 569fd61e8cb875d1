/**
 * Following a long operation (export, backup, import) that the journal runs as a job: start it,
 * follow the job events the journal pushes (src/lib/events.ts) — asking `jobs.status` once when
 * following starts and after the event stream had to reconnect — and ask `jobs.cancel`. The job
 * keeps running in the journal if the person leaves Settings; its id is remembered per panel so
 * coming back picks it up again.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../../electron/shared/contract';
import type { ErrorInfo, Result } from '../../../electron/shared/result';
import { call } from '../../lib/api';
import { journalKey } from '../../lib/data';
import { onJournalEvent } from '../../lib/events';

/** Jobs still running, by panel ("export", "backup", …), for this page's lifetime. */
const running = new Map<string, string>();

export interface JobHandle {
  /** The job's latest status; null before one is started. */
  status: JobStatus | null;
  /** Starting it was refused (bad path, locked journal…): the journal's own message. */
  refused: ErrorInfo | null;
  /** Something is running (or being started) right now. */
  busy: boolean;
  /** Cancel was asked and the job has not stopped yet. */
  cancelling: boolean;
  start(begin: () => Promise<Result<{ jobId: string }>>): Promise<JobStatus | null>;
  cancel(): Promise<void>;
  reset(): void;
}

export function useJob(panel: string): JobHandle {
  const client = useQueryClient();
  // The last status seen is kept in the data layer's cache, so coming back shows the bar at once.
  const [status, setStatus] = useState<JobStatus | null>(() => {
    const resume = running.get(panel);
    return resume ? (client.getQueryData<JobStatus>(journalKey('jobs.status', { jobId: resume })) ?? null) : null;
  });
  const [refused, setRefused] = useState<ErrorInfo | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const mounted = useRef(true);
  const following = useRef<string | null>(null);

  const unfollow = useRef<(() => void) | null>(null);

  const follow = useCallback(
    (jobId: string): Promise<JobStatus | null> => {
      unfollow.current?.();
      following.current = jobId;
      return new Promise((resolve) => {
        let off: () => void = () => {};
        let finished = false;
        const finish = (value: JobStatus | null) => {
          if (finished) return;
          finished = true;
          off();
          if (unfollow.current === stop) unfollow.current = null;
          resolve(value);
        };
        const stop = () => finish(null);
        const stillFollowing = () => mounted.current && following.current === jobId;
        const apply = (next: JobStatus) => {
          client.setQueryData(journalKey('jobs.status', { jobId }), next);
          if (!stillFollowing()) return finish(null);
          setStatus(next);
          if (next.state !== 'running') {
            running.delete(panel);
            setCancelling(false);
            finish(next);
          }
        };
        const askOnce = () =>
          void call('jobs.status', { jobId }).then((r) => {
            if (finished) return;
            if (!stillFollowing()) return finish(null);
            if (!r.ok) {
              running.delete(panel);
              const lost: JobStatus = { id: jobId, kind: 'export', state: 'failed', done: 0, total: null, result: null, error: r.error };
              setStatus((s) => (s ? { ...s, state: 'failed', error: r.error } : lost));
              setCancelling(false);
              return finish(null);
            }
            apply(r.value);
          });
        // Listening first, then asking: a job that ends in between is seen either way.
        off = onJournalEvent((event) => {
          if (event.name === 'job' && event.detail.id === jobId && !finished) apply(event.detail);
        }, askOnce);
        unfollow.current = stop;
        askOnce();
      });
    },
    [panel, client],
  );

  useEffect(() => {
    mounted.current = true;
    const resume = running.get(panel);
    if (resume) void follow(resume);
    return () => {
      mounted.current = false;
      unfollow.current?.();
    };
  }, [panel, follow]);

  const start = useCallback(
    async (begin: () => Promise<Result<{ jobId: string }>>) => {
      setRefused(null);
      setStatus(null);
      setCancelling(false);
      setStarting(true);
      const r = await begin();
      // Remembered before anything else: if the person left Settings while the journal was
      // starting the job, coming back picks it up (its progress bar and its end) from here.
      if (r.ok) running.set(panel, r.value.jobId);
      if (!mounted.current) return null;
      setStarting(false);
      if (!r.ok) {
        setRefused(r.error);
        return null;
      }
      return follow(r.value.jobId);
    },
    [panel, follow],
  );

  const cancel = useCallback(async () => {
    const jobId = following.current;
    if (!jobId || status?.state !== 'running') return;
    setCancelling(true);
    const r = await call('jobs.cancel', { jobId });
    if (!r.ok) setCancelling(false);
  }, [status]);

  const reset = useCallback(() => {
    unfollow.current?.();
    following.current = null;
    setStatus(null);
    setRefused(null);
    setCancelling(false);
  }, []);

  return { status, refused, busy: starting || status?.state === 'running', cancelling, start, cancel, reset };
}
