/**
 * Long operations (export, backup, import) run as jobs: the call that starts one returns its id
 * at once, and the caller polls `jobs.status` for counts (done / total) and the final summary, or
 * asks `jobs.cancel`. Polling works the same over Electron IPC and the web host's HTTP.
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

export class Jobs {
  private readonly jobs = new Map<string, Job>();

  start(kind: JobStatus['kind'], work: (control: JobControl) => Promise<unknown>): { jobId: string } {
    const id = crypto.randomUUID();
    const job: Job = { status: { id, kind, state: 'running', done: 0, total: null, result: null, error: null }, cancelled: false };
    this.jobs.set(id, job);
    const control: JobControl = {
      progress: (done, total) => {
        job.status = { ...job.status, done, total };
      },
      isCancelled: () => job.cancelled,
    };
    // Started on the next turn so the caller has the id before any progress is reported.
    setImmediate(() => {
      work(control).then(
        (result) => {
          job.status = { ...job.status, state: 'done', result: result ?? null };
        },
        (error: unknown) => {
          job.status = job.cancelled
            ? { ...job.status, state: 'cancelled', error: null }
            : { ...job.status, state: 'failed', error: error instanceof MutualError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'The operation stopped unexpectedly. Your journal was not changed by it; try again.' } };
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
