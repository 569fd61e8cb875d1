/**
 * The two compiled modules the journal cannot work without, checked before it starts: the
 * encrypted SQLite (better-sqlite3-multiple-ciphers) and Argon2 (@node-rs/argon2). A build made
 * for another runtime — Node's build loaded by Electron, an old .electron-native/ copy after an
 * Electron upgrade, a missing platform package — would otherwise show up only later, as a vague
 * failure at unlock. The Electron main process runs this before it starts the journal worker and
 * says exactly what is wrong and how to fix it (nativeProblem).
 *
 * Loaded with require at call time, so that importing this file never loads a native module.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type NativeModuleName = 'better-sqlite3-multiple-ciphers' | '@node-rs/argon2';

export type NativeCheck = { ok: true } | { ok: false; module: NativeModuleName; detail: string };

type Loader = (id: string) => unknown;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);

interface SqliteDatabase {
  pragma(source: string, options?: { simple: boolean }): unknown;
  key(key: Buffer): void;
  exec(source: string): unknown;
  prepare(source: string): { get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
  close(): void;
}
type SqliteConstructor = new (file: string, options?: { nativeBinding?: string }) => SqliteDatabase;

/**
 * Loads both modules and makes them work once: a throwaway database keyed as the journal is
 * (SQLCipher 4 settings and a raw key) that writes, reads back and is encrypted on disk, and a
 * tiny Argon2id hash. The database is a file in the system's temporary folder, removed at once:
 * SQLite3 Multiple Ciphers refuses to key an in-memory database. `binding` is the Electron build
 * of better_sqlite3.node to load instead of the package's own.
 */
export async function checkNativeModules(options: { binding?: string; load?: Loader } = {}): Promise<NativeCheck> {
  const load = options.load ?? createRequire(import.meta.url);

  let db: SqliteDatabase | null = null;
  let dir: string | null = null;
  try {
    const loaded = load('better-sqlite3-multiple-ciphers') as SqliteConstructor | { default: SqliteConstructor };
    const Database = typeof loaded === 'function' ? loaded : loaded.default;
    dir = mkdtempSync(path.join(tmpdir(), 'mutual-native-check-'));
    const file = path.join(dir, 'check.db');
    db = new Database(file, options.binding ? { nativeBinding: options.binding } : {});
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.key(Buffer.from(`x'${'00'.repeat(32)}'`, 'ascii'));
    db.exec('CREATE TABLE check_native (value TEXT)');
    db.prepare('INSERT INTO check_native (value) VALUES (?)').run('mutual');
    const row = db.prepare('SELECT value FROM check_native').get() as { value?: unknown } | undefined;
    if (row?.value !== 'mutual') throw new Error('the in-memory database did not give back what was written');
    const cipher = db.pragma('cipher', { simple: true });
    if (cipher !== 'sqlcipher') throw new Error(`this SQLite build does not offer the SQLCipher scheme (it answered ${String(cipher)})`);
    db.close();
    db = null;
    if (readFileSync(file).subarray(0, 15).toString('latin1') === 'SQLite format 3') throw new Error('this SQLite build wrote the database unencrypted');
  } catch (error) {
    return { ok: false, module: 'better-sqlite3-multiple-ciphers', detail: describe(error) };
  } finally {
    try {
      db?.close();
    } catch {
      // the check's own database; nothing to keep
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  try {
    const argon2 = load('@node-rs/argon2') as { hashRaw(password: string | Uint8Array, options: object): Promise<Uint8Array> };
    const hash = await argon2.hashRaw('mutual', { algorithm: 2, memoryCost: 8, timeCost: 1, parallelism: 1, outputLen: 16, salt: Buffer.alloc(16, 1) });
    if (hash.length !== 16) throw new Error('Argon2 gave back a hash of the wrong length');
  } catch (error) {
    return { ok: false, module: '@node-rs/argon2', detail: describe(error) };
  }
  return { ok: true };
}

export interface NativeProblem {
  title: string;
  message: string;
  /** The command that fixes it, for a development checkout; null for an installed app. */
  command: string | null;
}

const wrongRuntime = (detail: string) => /NODE_MODULE_VERSION|compiled against a different Node\.js version|invalid ELF|wrong ELF class|not a valid Win32|mach-o/i.test(detail);

/**
 * What to tell the person when the check failed: in plain words, with the exact command for a
 * development checkout (where `npm start` builds the Electron copy in .electron-native/) and
 * "reinstall" for an installed app, whose modules come only from its installer.
 */
export function nativeProblem(
  check: Extract<NativeCheck, { ok: false }>,
  context: { isPackaged: boolean; binding?: string; platform?: NodeJS.Platform },
): NativeProblem {
  const title = 'Mutual cannot open your journal';
  if (context.isPackaged) {
    return {
      title,
      message: `This copy of Mutual is incomplete or damaged: its ${check.module} module does not load (${check.detail}). Your journal was not touched. Reinstall Mutual from its installer (README: "Checking a download" says how to make sure the download is intact).`,
      command: null,
    };
  }
  if (check.module === '@node-rs/argon2') {
    return {
      title,
      message: `The Argon2 module does not load (${check.detail}), usually because node_modules was installed on another system. Your journal was not touched. Reinstall the dependencies, then start again:`,
      command: 'npm ci && npm start',
    };
  }
  if (!context.binding) {
    return {
      title,
      message: `The database module was loaded from node_modules, which holds the build for Node.js, not for Electron (${check.detail}). Your journal was not touched. Start the app with npm start, which builds the Electron copy in .electron-native/ and uses it:`,
      command: 'npm start',
    };
  }
  return {
    title,
    message: wrongRuntime(check.detail)
      ? `The database module built for Electron (${context.binding}) was made for another version of Electron (${check.detail}). Your journal was not touched. Build it again:`
      : `The database module built for Electron (${context.binding}) does not load (${check.detail}). Your journal was not touched. Build it again:`,
    command: (context.platform ?? process.platform) === 'win32' ? 'rmdir /s /q .electron-native && npm start' : 'rm -rf .electron-native && npm start',
  };
}
