/**
 * Shared pieces of the command-line tests: a fake terminal (or pipe) for running `run` in-process,
 * and the real `mutual` command as a child process: bin/mutual.js running the compiled
 * out/node/cli.js, which tests/globalSetup.ts rebuilds whenever a source is newer.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Io } from '../../../electron/cli/io';
import type { Db } from '../../../electron/core/db/connection';
import type { Argon2Params } from '../../../electron/core/vault/keyCrypto';
import { Vault } from '../../../electron/core/vault/vault';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.join(root, 'bin/mutual.js');

export interface Sink {
  text: string;
  isTTY: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export interface FakeIo extends Io {
  stdin: PassThrough & { isTTY?: boolean };
  stdout: Sink;
  stderr: Sink;
  /** Presses Ctrl-C (returns false when the command is not listening for it). */
  interrupt(): boolean;
}

export interface FakeIoOptions {
  /** The folder HOME and the default journal folder live under. */
  home: string;
  env?: Record<string, string>;
  /** With answers, stdin is a terminal and each prompt ending in ": " is answered with the next one. */
  answers?: string[];
  stdoutTTY?: boolean;
  /** stderr is a terminal (progress bars are drawn). */
  stderrTTY?: boolean;
  cwd?: string;
  /** Called with each chunk written to stderr, after it is recorded. */
  onStderr?: (chunk: string, io: FakeIo) => void;
}

/**
 * A fake terminal (or pipe). With `answers`, stdin is a TTY and each prompt written to stderr is
 * answered with the next one, as a person would type it.
 */
export function fakeIo(options: FakeIoOptions): FakeIo {
  const answers = options.answers ? [...options.answers] : null;
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = answers !== null;
  const interruptHandlers = new Set<() => void>();
  const stdout: Sink = {
    text: '',
    isTTY: options.stdoutTTY ?? false,
    columns: 100,
    write(chunk) {
      this.text += chunk;
      return true;
    },
  };
  const stderr: Sink = {
    text: '',
    isTTY: options.stderrTTY ?? false,
    columns: 100,
    write(chunk) {
      this.text += chunk;
      if (answers && /: $/.test(chunk)) {
        const answer = answers.shift();
        if (answer !== undefined) setImmediate(() => stdin.write(`${answer}\r`));
      }
      options.onStderr?.(chunk, io);
      return true;
    },
  };
  const io: FakeIo = {
    env: { XDG_CONFIG_HOME: path.join(options.home, 'config'), HOME: options.home, ...options.env },
    cwd: options.cwd ?? options.home,
    stdin,
    stdout,
    stderr,
    onInterrupt(handler) {
      interruptHandlers.add(handler);
      return () => void interruptHandlers.delete(handler);
    },
    interrupt() {
      if (interruptHandlers.size === 0) return false;
      for (const handler of [...interruptHandlers]) handler();
      return true;
    },
  };
  return io;
}

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface MutualProcess {
  /** Resolves with the first stderr text matching `test` so far. */
  stderrMatches(test: RegExp, timeoutMs?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  done: Promise<Outcome>;
}

/**
 * Starts the real `mutual` command in its own process, the way a person (or a script) runs it:
 * secrets from the environment, stdin not a terminal. HOME and the config folder point into
 * `home`, so the default journal folder is never the real one of whoever runs the tests.
 */
export function startMutual(home: string, args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): MutualProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MUTUAL_') && k !== 'NO_COLOR'));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? root,
    env: { ...clean, XDG_CONFIG_HOME: path.join(home, 'config'), HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { test: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    for (const w of [...watchers]) {
      if (w.test.test(stderr)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const done = new Promise<Outcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    stderrMatches: (test, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (test.test(stderr)) return resolve();
        const timer = setTimeout(() => reject(new Error(`mutual did not write ${test} in time; stderr: ${stderr}`)), timeoutMs);
        watchers.push({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void done.then(() => {
          clearTimeout(timer);
          reject(new Error(`mutual exited before writing ${test}; stderr: ${stderr}`));
        });
      }),
    signal: (signal) => void child.kill(signal),
    done,
  };
}

/** Runs `mutual` to the end. */
export function mutual(home: string, args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<Outcome> {
  return startMutual(home, args, env, options).done;
}

/** A failure is exactly one line on stderr, prefixed, with no stack trace. */
export function expectOneLineError(out: { stderr: string }): void {
  const lines = out.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mutual: \S/);
  expect(out.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
}

/** The smallest Argon2id cost the key file accepts: for journals made only to be opened by tests. */
export const FAST_ARGON2: Argon2Params = { memoryKiB: 8192, iterations: 1, parallelism: 1 };

/** Creates a journal quickly, lets `fill` write to it, and locks it again. */
export async function createJournal(dir: string, passphrase: string, fill: (db: Db) => void = () => undefined): Promise<void> {
  const { vault } = await Vault.create(dir, passphrase, { argon2: FAST_ARGON2 });
  try {
    fill(vault.db);
  } finally {
    vault.lock();
  }
}
