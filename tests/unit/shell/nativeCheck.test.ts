/**
 * The start-up check of the compiled modules (electron/core/worker/nativeCheck.ts), run here with
 * Node's own builds (which work) and with builds that cannot load, as a wrong or missing
 * Electron build would not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNativeModules, nativeProblem } from '../../../electron/core/worker/nativeCheck';

const dir = mkdtempSync(path.join(tmpdir(), 'mutual-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkNativeModules', () => {
  it('passes with working builds: an encrypted database written and read back, and an Argon2id hash', async () => {
    await expect(checkNativeModules()).resolves.toEqual({ ok: true });
  });

  it('names the database module when the Electron build it was pointed at is missing', async () => {
    const check = await checkNativeModules({ binding: path.join(dir, 'missing', 'better_sqlite3.node') });
    expect(check).toMatchObject({ ok: false, module: 'better-sqlite3-multiple-ciphers' });
  });

  it('names the database module when the build is not a loadable module for this runtime', async () => {
    const bogus = path.join(dir, 'better_sqlite3.node');
    writeFileSync(bogus, 'not a shared library');
    const check = await checkNativeModules({ binding: bogus });
    expect(check).toMatchObject({ ok: false, module: 'better-sqlite3-multiple-ciphers' });
    expect(!check.ok && check.detail.length).toBeGreaterThan(0);
  });

  it('refuses a SQLite without the SQLCipher scheme, and names Argon2 when it does not load', async () => {
    const real = createRequire(import.meta.url);
    const plainSqlite = (id: string) => {
      if (id !== 'better-sqlite3-multiple-ciphers') return real(id);
      const Database = real(id) as new (file: string) => { pragma(s: string, o?: object): unknown };
      return class extends Database {
        override pragma(source: string, options?: object) {
          return source === 'cipher' ? 'chacha20' : super.pragma(source, options);
        }
      };
    };
    await expect(checkNativeModules({ load: plainSqlite })).resolves.toMatchObject({ ok: false, module: 'better-sqlite3-multiple-ciphers', detail: expect.stringMatching(/SQLCipher/) });

    const noArgon = (id: string) => {
      if (id === '@node-rs/argon2') throw new Error('Cannot find module @node-rs/argon2-linux-x64-gnu');
      return real(id);
    };
    await expect(checkNativeModules({ load: noArgon })).resolves.toEqual({ ok: false, module: '@node-rs/argon2', detail: 'Cannot find module @node-rs/argon2-linux-x64-gnu' });
  });
});

describe('nativeProblem: what the person is told', () => {
  const sqlite = (detail: string) => ({ ok: false as const, module: 'better-sqlite3-multiple-ciphers' as const, detail });
  const abi =
    "The module '/work/main/.electron-native/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.";

  it('in development, with the Electron build from another Electron: rebuild it, with the exact command', () => {
    const problem = nativeProblem(sqlite(abi), { isPackaged: false, binding: '/work/main/.electron-native/better_sqlite3.node', platform: 'linux' });
    expect(problem.message).toMatch(/another version of Electron/);
    expect(problem.message).toContain('/work/main/.electron-native/better_sqlite3.node');
    expect(problem.command).toBe('rm -rf .electron-native && npm start');
    expect(nativeProblem(sqlite(abi), { isPackaged: false, binding: 'C:\\m\\.electron-native\\better_sqlite3.node', platform: 'win32' }).command).toBe('rmdir /s /q .electron-native && npm start');
  });

  it('in development, with the Node build loaded by Electron: start through npm start', () => {
    const problem = nativeProblem(sqlite(abi), { isPackaged: false, platform: 'linux' });
    expect(problem.message).toMatch(/build for Node\.js, not for Electron/);
    expect(problem.command).toBe('npm start');
  });

  it('Argon2 missing: reinstall the dependencies', () => {
    const problem = nativeProblem({ ok: false, module: '@node-rs/argon2', detail: 'Cannot find module' }, { isPackaged: false });
    expect(problem.command).toBe('npm ci && npm start');
  });

  it('in an installed app: reinstall, no command, and the journal untouched', () => {
    const problem = nativeProblem(sqlite(abi), { isPackaged: true, binding: undefined });
    expect(problem.command).toBeNull();
    expect(problem.message).toMatch(/Reinstall Mutual/);
    expect(problem.message).toMatch(/journal was not touched/);
  });
});
