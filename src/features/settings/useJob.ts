/**
 * Following a long operation (export, backup, import) that the journal runs as a job: start it,
 * poll `jobs.status` while it runs, and ask `jobs.cancel`. The job keeps running in the journal
 * if the person leaves Settings; its id is remembered per panel so coming back picks it up again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../../electron/shared/contract';
import type { ErrorInfo, Result } from '../../../electron/shared/result';
import { call } from '../../lib/api';

export const POLL_MS = 200;

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

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function useJob(panel: string): JobHandle {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [refused, setRefused] = useState<ErrorInfo | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const mounted = useRef(true);
  const following = useRef<string | null>(null);

  const follow = useCallback(
    async (jobId: string): Promise<JobStatus | null> => {
      following.current = jobId;
      for (;;) {
        const r = await call('jobs.status', { jobId });
        if (!mounted.current || following.current !== jobId) return null;
        if (!r.ok) {
          running.delete(panel);
          const lost: JobStatus = { id: jobId, kind: 'export', state: 'failed', done: 0, total: null, result: null, error: r.error };
          setStatus((s) => (s ? { ...s, state: 'failed', error: r.error } : lost));
          setCancelling(false);
          return null;
        }
        setStatus(r.value);
        if (r.value.state !== 'running') {
          running.delete(panel);
          setCancelling(false);
          return r.value;
        }
        await wait(POLL_MS);
      }
    },
    [panel],
  );

  useEffect(() => {
    mounted.current = true;
    const resume = running.get(panel);
    if (resume) void follow(resume);
    return () => {
      mounted.current = false;
    };
  }, [panel, follow]);

  const start = useCallback(
    async (begin: () => Promise<Result<{ jobId: string }>>) => {
      setRefused(null);
      setStatus(null);
      setCancelling(false);
      setStarting(true);
      const r = await begin();
      if (!mounted.current) return null;
      setStarting(false);
      if (!r.ok) {
        setRefused(r.error);
        return null;
      }
      running.set(panel, r.value.jobId);
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
    following.current = null;
    setStatus(null);
    setRefused(null);
    setCancelling(false);
  }, []);

  return { status, refused, busy: starting || status?.state === 'running', cancelling, start, cancel, reset };
}
