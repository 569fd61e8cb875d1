/**
 * A progress bar with counts ("1,240 of 5,000 entries"), never a bare spinner. While the total is
 * not known yet (an import counts as it reads) the bar is indeterminate but still shows the count.
 * A Cancel button stops the job; the journal is left as it was.
 */
import { useId } from 'react';
import type { JobStatus } from '../../../electron/shared/contract';

const numbers = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return numbers.format(n);
}

export interface Noun {
  one: string;
  many: string;
}

export const ENTRIES: Noun = { one: 'entry', many: 'entries' };

export function counted(n: number, noun: Noun): string {
  return `${formatCount(n)} ${n === 1 ? noun.one : noun.many}`;
}

/** "1,240 of 5,000 entries", or "1,240 entries so far" while the total is unknown. */
export function progressText(done: number, total: number | null, noun: Noun): string {
  if (total === null) return `${counted(done, noun)} so far`;
  return `${formatCount(done)} of ${counted(total, noun)}`;
}

export function JobProgress(props: {
  /** What is happening, e.g. "Exporting" — the bar's accessible name. */
  label: string;
  done: number;
  total: number | null;
  noun: Noun;
  /** Shown while the job runs; absent when it cannot be stopped part-way. */
  onCancel?: () => void;
  cancelling?: boolean;
  running: boolean;
}) {
  const id = useId();
  const { done, total, noun } = props;
  const text = progressText(done, total, noun);
  const fraction = total === null ? null : total === 0 ? 1 : Math.min(1, done / total);
  return (
    <div className="job-progress">
      <div className="job-progress-head">
        <span id={`${id}-label`} className="job-progress-label">
          {props.label}
        </span>
        <span className="job-progress-count" aria-hidden="true">
          {text}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : Math.min(done, total)}
        aria-valuetext={text}
        aria-busy={props.running}
        className={`job-progress-bar${fraction === null ? ' indeterminate' : ''}`}
      >
        <span className="job-progress-fill" style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      {props.running && props.onCancel && (
        <div className="actions">
          <button type="button" onClick={props.onCancel} disabled={props.cancelling}>
            {props.cancelling ? 'Stopping…' : 'Cancel'}
          </button>
        </div>
      )}
    </div>
  );
}

/** The job's own progress, with a total known in advance (an import's preview) when it has none. */
export function StatusProgress(props: { label: string; status: JobStatus; noun: Noun; expectedTotal?: number | null; onCancel: () => void; cancelling: boolean }) {
  const { status } = props;
  let done = status.done;
  let total = status.total ?? props.expectedTotal ?? null;
  // Finished without reporting a total (a preview counts in steps): all of what came in.
  if (status.state === 'done' && status.total === null && total !== null) done = total;
  if (total !== null && done > total) total = done;
  return (
    <JobProgress
      label={props.label}
      done={done}
      total={total}
      noun={props.noun}
      running={status.state === 'running'}
      onCancel={props.onCancel}
      cancelling={props.cancelling}
    />
  );
}
