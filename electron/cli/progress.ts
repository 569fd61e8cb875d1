/**
 * A progress bar on stderr for long work (export, import): counts, not a spinner, redrawn in place
 * on one line. Only on a terminal: in a pipe or a log file nothing is drawn, and the command's
 * plain summary line is all that appears.
 */
import type { Io } from './io';

export interface ProgressBar {
  /** Entries done, out of `total` when it is known. */
  update(done: number, total: number | null): void;
  /** A line of status with no count yet ("Backing up your journal…"). */
  status(text: string): void;
  /** Shows that the work is stopping; counts that still arrive are no longer drawn. */
  stopping(text: string): void;
  /** Removes the bar so the next line starts clean. */
  clear(): void;
}

const REDRAW_MS = 100;
const count = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return count.format(n);
}

export function drawsProgress(io: Io): boolean {
  return Boolean(io.stderr.isTTY) && io.env.TERM !== 'dumb';
}

/** The text of the bar, e.g. `Importing 1,200 of 5,000 entries…  [██████░░░░░░]  24%`. */
export function progressLine(verb: string, done: number, total: number | null, columns = 80): string {
  const noun = (n: number) => (n === 1 ? 'entry' : 'entries');
  if (total === null) return `${verb} ${formatCount(done)} ${noun(done)}…`;
  const text = `${verb} ${formatCount(done)} of ${formatCount(total)} ${noun(total)}…`;
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const width = Math.min(30, columns - [...text].length - percent.length - 6);
  if (width < 10) return text;
  const filled = Math.round(share * width);
  return `${text}  [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent}`;
}

export function progressBar(io: Io, verb: string): ProgressBar {
  if (!drawsProgress(io)) return { update: () => undefined, status: () => undefined, stopping: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  let frozen = false;
  const draw = (line: string) => {
    io.stderr.write(`\r\u001b[2K${line}`);
    shown = true;
  };
  return {
    update(done, total) {
      if (frozen) return;
      const now = Date.now();
      // Redrawn at most ten times a second, and always for the first and the last count.
      if (shown && now - last < REDRAW_MS && done !== total) return;
      last = now;
      draw(progressLine(verb, done, total, io.stderr.columns || 80));
    },
    status(text) {
      if (!frozen) draw(text);
    },
    stopping(text) {
      frozen = true;
      draw(text);
    },
    clear() {
      if (shown) io.stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}
