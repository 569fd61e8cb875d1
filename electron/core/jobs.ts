/**
 * Long operations (export, backup, import) run as jobs: the call that starts one returns its id
 * at once; every change of a job's status is announced (the session turns it into a `job` event
 * that reaches the page, see electron/shared/events.ts), `jobs.status` answers the latest one and
 * `jobs.cancel` asks it to stop. Progress is announced at most every PROGRESS_EVERY_MS per job:
 * an import reports every entry, and the page cannot show more than a few updates a second.
 */
import crypto from 'node:crypto';
import type { JobStatus } from '../shared/contract';
import { MutualError } from '../shared/result';

interface Job {
  status: JobStatus;
  cancelled: boolean;
}

export interface JobControl {
  progress(done: number, total: number | null): void;
  isCancelled(): boolean;
}

const KEEP_FINISHED = 20;
export const PROGRESS_EVERY_MS = 100;

export class Jobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly onChange: (status: JobStatus) => void = () => {}) {}

  start(kind: JobStatus['kind'], work: (control: JobControl) => Promise<unknown>): { jobId: string } {
    const id = crypto.randomUUID();
    const job: Job = { status: { id, kind, state: 'running', done: 0, total: null, result: null, error: null }, cancelled: false };
    this.jobs.set(id, job);
    let announcedAt = 0;
    const announce = () => {
      announcedAt = performance.now();
      this.onChange(job.status);
    };
    const control: JobControl = {
      progress: (done, total) => {
        job.status = { ...job.status, done, total };
        if (performance.now() - announcedAt >= PROGRESS_EVERY_MS) announce();
      },
      isCancelled: () => job.cancelled,
    };
    announce();
    // Started on the next turn so the caller has the id before any progress is reported.
    setImmediate(() => {
      work(control).then(
        (result) => {
          job.status = { ...job.status, state: 'done', result: result ?? null };
          announce();
        },
        (error: unknown) => {
          job.status = job.cancelled
            ? { ...job.status, state: 'cancelled', error: null }
            : { ...job.status, state: 'failed', error: error instanceof MutualError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'The operation stopped unexpectedly. Your journal was not changed by it; try again.' } };
          announce();
        },
      );
    });
    this.forgetOld();
    return { jobId: id };
  }

  status(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new MutualError('NOT_FOUND', 'That operation is no longer known; it may have finished long ago.');
    return job.status;
  }

  cancel(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new MutualError('NOT_FOUND', 'That operation is no longer known; it may have finished long ago.');
    if (job.status.state === 'running') job.cancelled = true;
    return job.status;
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.status.state === 'running') job.cancelled = true;
  }

  get running(): boolean {
    return [...this.jobs.values()].some((j) => j.status.state === 'running');
  }

  private forgetOld(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
