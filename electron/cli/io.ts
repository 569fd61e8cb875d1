/**
 * What a command may touch of the outside world, injected so that `run` can be tested in-process:
 * environment, working folder and the three standard streams.
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
