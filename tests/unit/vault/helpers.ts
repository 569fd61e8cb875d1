/**
 * Shared pieces of the vault and core safety tests: temporary folders, quick vaults, snapshots of
 * every byte in a vault folder, raw-byte scans and child processes that use a vault.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import type { Argon2Params } from '../../../electron/core/vault/keyCrypto';
import { Vault } from '../../../electron/core/vault/vault';
import type { EntryDoc, PlainSections } from '../../../electron/shared/doc';
import { docFromPlainText } from '../../../electron/shared/doc';
import type { ErrorCode } from '../../../electron/shared/result';
import { MutualError } from '../../../electron/shared/result';

/**
 * The smallest Argon2id cost the key file accepts. Only for tests that need many unlocks; tests
 * about the passphrase itself use the real defaults.
 */
export const FAST_ARGON2: Argon2Params = { memoryKiB: 8192, iterations: 1, parallelism: 1 };

export const PASSPHRASE = 'correct horse battery staple';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** A temporary root folder for this test file, removed after its tests; `sub()` names a fresh vault folder in it. */
export function tempRoot(prefix: string): { root: string; sub: (name?: string) => string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `mutual-${prefix}-`));
  let n = 0;
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  return { root, sub: (name = 'journal') => path.join(root, `${name}-${n++}`) };
}

export async function createVault(dir: string, options: { passphrase?: string; argon2?: Argon2Params } = {}): Promise<{ vault: Vault; recoveryCode: string }> {
  return Vault.create(dir, options.passphrase ?? PASSPHRASE, { argon2: options.argon2 ?? FAST_ARGON2 });
}

export function doc(sections: PlainSections, people: { id: string; name: string }[] = []): EntryDoc {
  return docFromPlainText(sections, people);
}

export interface FileState {
  sha256: string;
  size: number;
  mtimeMs: number;
  mode: number;
}

/** Every file in the folder (hidden temp files included) with a hash of its bytes and its mtime. */
export function snapshotFolder(dir: string): Record<string, FileState> {
  const out: Record<string, FileState> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const st = fs.statSync(file);
    out[name] = { sha256: sha256(fs.readFileSync(file)), size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
  }
  return out;
}

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function fileHash(file: string): string {
  return sha256(fs.readFileSync(file));
}

/** Which needles occur in which files of the folder, looking for both UTF-8 and UTF-16LE bytes. */
export function findInFolder(dir: string, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${name}: ${JSON.stringify(needle)} (${encoding})`);
      }
    }
  }
  return found;
}

/** Files whose first bytes are SQLite's plaintext header, i.e. an unencrypted database. */
export function plaintextDatabases(dir: string): string[] {
  const magic = Buffer.from('SQLite format 3\0', 'latin1');
  return fs.readdirSync(dir).filter((name) => {
    const bytes = fs.readFileSync(path.join(dir, name));
    return bytes.subarray(0, magic.length).equals(magic);
  });
}

/** The code of the MutualError that `run` throws or rejects with; fails the test on anything else. */
export async function errorCodeOf(run: () => unknown): Promise<ErrorCode> {
  try {
    await run();
  } catch (error) {
    if (error instanceof MutualError) return error.code;
    throw new Error(`expected a MutualError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a MutualError, but the call succeeded');
}

export async function expectCode(run: () => unknown, code: ErrorCode): Promise<void> {
  expect(await errorCodeOf(run)).toBe(code);
}

/** A deterministic PRNG (mulberry32) so random schedules can be replayed from the printed seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fixturePath = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** Every complete stdout line so far. */
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line matching `test` (rejects if the child exits first). */
  waitFor: (test: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const liveChildren = new Set<ChildProcessWithoutNullStreams>();
// A test that fails while a child still runs must not leave it holding a vault (or saving) behind.
afterEach(() => {
  for (const proc of liveChildren) proc.kill('SIGKILL');
});

/** Runs a TypeScript fixture script in its own Node process (through tsx), reading stdout line by line. */
export function runFixture(script: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', fixturePath(script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk: string) => {
    err += chunk;
  });
  liveChildren.add(proc);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('close', (code, signal) => {
      liveChildren.delete(proc);
      resolve({ code, signal });
    });
  });
  const waitFor = (test: (line: string) => boolean, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find(test);
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`child did not print the expected line in time; stderr: ${err}`)), timeoutMs);
      waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`child exited (${code ?? signal}) before printing the expected line; stderr: ${err}`));
      });
    });
  return { proc, lines, stderr: () => err, waitFor, exited };
}
