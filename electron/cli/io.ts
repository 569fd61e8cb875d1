/**
 * What a command may touch of the outside world, injected so that `run` can be tested in-process:
 * environment, working folder, the three standard streams and Ctrl-C.
 */
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { MutualError } from '../shared/result';

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Output;
  stderr: Output;
  /**
   * Runs `handler` on Ctrl-C (SIGINT) instead of the default (ending the process at once) until
   * the returned function is called. Absent where there is no one to press it.
   */
  onInterrupt?: (handler: () => void) => () => void;
}

export interface InterruptWatch {
  /** Whether Ctrl-C was pressed since the watch began. */
  requested(): boolean;
  /** Runs `stop` at the first Ctrl-C, or now if it was already pressed (cancelling a job once it has started). */
  alsoOnStop(stop: () => void): void;
  /** Gives Ctrl-C back its default meaning. */
  release(): void;
}

/**
 * Turns the first Ctrl-C into a request to stop that long work checks between steps, so it can
 * stop where stopping leaves nothing changed; `onStop` runs once, at that first press. A second
 * Ctrl-C ends the process at once, which is safe too: an unfinished import is one uncommitted
 * transaction, and an unfinished export is only temporary files.
 */
export function watchInterrupt(io: Io, onStop: () => void = () => undefined): InterruptWatch {
  let requested = false;
  let off: (() => void) | undefined;
  const stops = [onStop];
  const release = () => {
    off?.();
    off = undefined;
  };
  off = io.onInterrupt?.(() => {
    if (requested) return;
    requested = true;
    release();
    for (const stop of stops) stop();
  });
  const alsoOnStop = (stop: () => void) => {
    if (requested) stop();
    else stops.push(stop);
  };
  return { requested: () => requested, alsoOnStop, release };
}

export interface LineReader {
  /** Writes the question to stderr and resolves with the next line typed (echoed as usual). */
  ask(question: string): Promise<string>;
  /** Fails the question being asked, if any, and every later one, with this error. */
  abort(error: Error): void;
  close(): void;
}

/**
 * Questions answered on the terminal, one line each, all from one readline so that nothing typed
 * ahead is lost between questions. Ctrl-D (end of input) fails the question being asked.
 */
export function lineReader(io: Io): LineReader {
  const rl = readline.createInterface({ input: io.stdin, terminal: false, historySize: 0 });
  const typed: string[] = [];
  let waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | null = null;
  let ended = false;
  let aborted: Error | null = null;
  const noAnswer = () => new MutualError('BAD_INPUT', 'No answer was typed, so nothing was changed.');
  rl.on('line', (line) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.resolve(line);
    } else typed.push(line);
  });
  rl.on('close', () => {
    ended = true;
    const w = waiting;
    waiting = null;
    w?.reject(noAnswer());
  });
  return {
    ask(question) {
      io.stderr.write(question);
      if (aborted) return Promise.reject(aborted);
      if (typed.length) return Promise.resolve(typed.shift()!);
      if (ended) return Promise.reject(noAnswer());
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    abort(error) {
      aborted = error;
      const w = waiting;
      waiting = null;
      w?.reject(error);
    },
    close() {
      rl.close();
    },
  };
}

/**
 * Asks on the terminal without echoing what is typed. The question goes to stderr so that stdout
 * stays clean for `--json`; readline runs in terminal mode (raw input) against an output that
 * swallows everything, which is what keeps the answer off the screen.
 */
export function readHidden(io: Io, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    io.stderr.write(question);
    const silent = new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    });
    const rl = readline.createInterface({ input: io.stdin, output: silent, terminal: true, historySize: 0 });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      rl.close();
      io.stderr.write('\n');
      fn();
    };
    rl.on('line', (line) => settle(() => resolve(line)));
    rl.on('SIGINT', () => settle(() => reject(new MutualError('BAD_INPUT', 'Stopped before anything was changed.'))));
    rl.on('close', () => settle(() => reject(new MutualError('BAD_INPUT', 'No answer was typed, so nothing was changed.'))));
  });
}
