/**
 * The vault: one encrypted SQLite file and its key file in a private folder.
 * See ARCHITECTURE.md, "The vault and its keys", for the model; this class is its only implementation.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MutualError } from '../../shared/result';
import { migrate, schemaVersion } from '../db/migrate';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { getSetting } from '../db/repos/settings';
import { backupFileName, writeBackup } from './backup';
import { integrityProblems } from '../db/repos/maintenance';
import { DIR_MODE, FILE_MODE, translateFsError } from '../fsutil';
import { isInsideJournal } from '../outputs';
import { DB_FILE } from '../paths';
import type { Db } from '../db/connection';
import { openDatabase, rekeyDatabase, translateDbError } from '../db/connection';
import type { Argon2Params } from './keyCrypto';
import type { KeyFile, Unwrapped } from './keyFile';
import {
  createKeyFile,
  dropPending,
  keyFileExists,
  promotePending,
  readKeyFile,
  removeStaleKeyFileTemps,
  rewrapPassphrase,
  unwrapWithPassphrase,
  unwrapWithRecoveryCode,
  withPendingKey,
  writeKeyFile,
} from './keyFile';
import { newRecoveryCode, normalizeRecoveryCode } from './recoveryCode';

export interface CreateOptions {
  /** Only for tests that need many vaults; the app always uses the defaults. */
  argon2?: Argon2Params;
}

function dbPath(dir: string): string {
  return path.join(dir, DB_FILE);
}

/** Where automatic backups go unless the person chose a folder: beside the journal folder. */
export function defaultBackupDir(vaultDir: string): string {
  return path.join(path.dirname(path.resolve(vaultDir)), 'backups');
}

/**
 * The backup folder chosen in Settings, or the default. A choice inside the journal folder (which
 * Settings refuses now, but once accepted) is passed over for the default: backups are never
 * written there, and the backup before a migration must not stop the journal from opening.
 */
export function backupDirFor(db: Db, vaultDir: string): string {
  const chosen = getSetting(db, 'backupFolder');
  return chosen && !isInsideJournal(chosen, [vaultDir]) ? chosen : defaultBackupDir(vaultDir);
}

/** ARCHITECTURE.md, "The vault and its keys": a schema migration never runs without an encrypted backup of the version before it. */
function backupBeforeMigration(db: Db, dir: string): void {
  const from = schemaVersion(db);
  if (from === 0 || from >= LATEST_SCHEMA_VERSION) return;
  writeBackup(db, dir, path.join(backupDirFor(db, dir), backupFileName(new Date(), `before-schema-${LATEST_SCHEMA_VERSION}`)));
}

function zeroAll(...buffers: (Buffer | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}

export class Vault {
  private database: Db | null;
  private dataKey: Buffer | null;

  private constructor(
    readonly dir: string,
    db: Db,
    dataKey: Buffer,
  ) {
    this.database = db;
    this.dataKey = dataKey;
  }

  /** Whether a journal exists in this folder (its key file is the marker). */
  static exists(dir: string): boolean {
    return keyFileExists(dir);
  }

  static async create(dir: string, passphrase: string, options: CreateOptions = {}): Promise<{ vault: Vault; recoveryCode: string }> {
    if (keyFileExists(dir) || fs.existsSync(dbPath(dir))) throw new MutualError('VAULT_EXISTS');
    try {
      fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    } catch (error) {
      throw translateFsError(error);
    }
    const dataKey = crypto.randomBytes(32);
    const recoveryCode = newRecoveryCode();
    let db: Db | null = null;
    try {
      const keyFile = await createKeyFile(dataKey, passphrase, normalizeRecoveryCode(recoveryCode)!, options.argon2);
      db = openDatabase(dbPath(dir), dataKey, { create: true });
      fs.chmodSync(dbPath(dir), FILE_MODE);
      migrate(db);
      // The key file is written last: it is what marks the folder as holding a journal.
      writeKeyFile(dir, keyFile);
      return { vault: new Vault(dir, db, dataKey), recoveryCode };
    } catch (error) {
      db?.close();
      dataKey.fill(0);
      // Only what this call created is removed, and only when no key file made it a journal.
      if (!keyFileExists(dir)) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(dbPath(dir) + suffix, { force: true });
      throw translateFsError(error);
    }
  }

  /**
   * A new journal on this computer for a journal that already exists elsewhere (joining a sync
   * folder): an empty database under the journal's own data key, and the key file the folder gave
   * (the same passphrase and recovery code open it). `prepare` runs on the new database before the
   * key file marks the folder as a journal. The caller gives up `dataKey` to the vault.
   */
  static createJoined(dir: string, keyFile: KeyFile, dataKey: Buffer, prepare: (db: Db) => void): Vault {
    if (keyFileExists(dir) || fs.existsSync(dbPath(dir))) throw new MutualError('VAULT_EXISTS');
    try {
      fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    } catch (error) {
      throw translateFsError(error);
    }
    let db: Db | null = null;
    try {
      db = openDatabase(dbPath(dir), dataKey, { create: true });
      fs.chmodSync(dbPath(dir), FILE_MODE);
      migrate(db);
      prepare(db);
      writeKeyFile(dir, keyFile);
      return new Vault(dir, db, dataKey);
    } catch (error) {
      db?.close();
      dataKey.fill(0);
      if (!keyFileExists(dir)) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(dbPath(dir) + suffix, { force: true });
      throw translateFsError(error);
    }
  }

  static async unlock(dir: string, passphrase: string): Promise<Vault> {
    const keyFile = Vault.readKeyFileFor(dir);
    const keys = await unwrapWithPassphrase(keyFile, passphrase);
    if (!keys) throw new MutualError('WRONG_PASSPHRASE');
    return Vault.openWith(dir, keyFile, keys);
  }

  /** Opens with the recovery code and sets a new passphrase (the recovery code stays valid). */
  static async recover(dir: string, recoveryCode: string, newPassphrase: string): Promise<Vault> {
    const keyFile = Vault.readKeyFileFor(dir);
    const vault = Vault.openWith(dir, keyFile, Vault.unwrapRecovery(keyFile, recoveryCode));
    try {
      await vault.setPassphrase(newPassphrase);
    } catch (error) {
      vault.lock();
      throw error;
    }
    return vault;
  }

  /**
   * WRONG_RECOVERY_CODE unless the code opens this folder's key file. Reads only: used before an
   * open journal is closed for recovery, so a wrong code leaves it open and changes nothing.
   */
  static checkRecoveryCode(dir: string, recoveryCode: string): void {
    const keys = Vault.unwrapRecovery(Vault.readKeyFileFor(dir), recoveryCode);
    zeroAll(keys.current, keys.next);
  }

  private static unwrapRecovery(keyFile: KeyFile, recoveryCode: string): Unwrapped {
    const code = normalizeRecoveryCode(recoveryCode);
    const keys = code ? unwrapWithRecoveryCode(keyFile, code) : null;
    if (!keys) throw new MutualError('WRONG_RECOVERY_CODE');
    return keys;
  }

  /** Opens with a data key remembered on this device (the desktop app's keychain). */
  static unlockWithDataKey(dir: string, dataKey: Buffer): Vault {
    const keyFile = Vault.readKeyFileFor(dir);
    return Vault.openWith(dir, keyFile, { current: Buffer.from(dataKey), next: null });
  }

  private static readKeyFileFor(dir: string): KeyFile {
    if (!fs.existsSync(dir)) throw new MutualError('VAULT_NOT_FOUND');
    const keyFile = readKeyFile(dir);
    if (!fs.existsSync(dbPath(dir)))
      throw new MutualError('VAULT_DAMAGED', `The journal file (${DB_FILE}) is missing from this folder, so there is nothing to open. Restore it from a backup; Mutual changed nothing.`);
    return keyFile;
  }

  private static openWith(dir: string, keyFile: KeyFile, keys: Unwrapped): Vault {
    let db: Db;
    let dataKey = keys.current;
    try {
      db = openDatabase(dbPath(dir), keys.current, { create: false });
      if (keys.next) writeKeyFile(dir, dropPending(keyFile));
    } catch (error) {
      // A rotation may have re-encrypted the database and stopped before the key file was updated.
      if (!(error instanceof MutualError && error.code === 'VAULT_DAMAGED' && keys.next)) {
        zeroAll(keys.current, keys.next);
        throw error;
      }
      db = openDatabase(dbPath(dir), keys.next, { create: false });
      writeKeyFile(dir, promotePending(keyFile));
      keys.current.fill(0);
      dataKey = keys.next;
      keys.next = null;
    }
    keys.next?.fill(0);
    try {
      backupBeforeMigration(db, dir);
      migrate(db);
    } catch (error) {
      db.close();
      dataKey.fill(0);
      throw error;
    }
    removeStaleKeyFileTemps(dir);
    return new Vault(dir, db, dataKey);
  }

  get isUnlocked(): boolean {
    return this.database !== null;
  }

  /** The open database; VAULT_LOCKED once the vault has been locked. */
  get db(): Db {
    if (!this.database) throw new MutualError('VAULT_LOCKED');
    return this.database;
  }

  /** A copy of the data key for "remember on this device"; the caller zeroes it. */
  copyDataKey(): Buffer {
    if (!this.dataKey) throw new MutualError('VAULT_LOCKED');
    return Buffer.from(this.dataKey);
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    const keyFile = readKeyFile(this.dir);
    const keys = await unwrapWithPassphrase(keyFile, current);
    if (!keys) throw new MutualError('WRONG_PASSPHRASE', 'That is not the current passphrase. Nothing was changed.');
    zeroAll(keys.current, keys.next);
    await this.setPassphrase(next);
  }

  private async setPassphrase(next: string): Promise<void> {
    const keyFile = readKeyFile(this.dir);
    writeKeyFile(this.dir, await rewrapPassphrase(keyFile, this.dataKeyOrThrow(), next));
  }

  /**
   * Re-encrypts the database under a new random data key and issues a new recovery code (the old
   * one stops working). Rare and explicit. The WAL is folded in and switched off around the rekey
   * (never deleted by hand), and the new key is stored as pending before the rekey so that a crash
   * at any point leaves a key file that opens the database.
   */
  async rotateDataKey(passphrase: string): Promise<{ recoveryCode: string }> {
    const db = this.db;
    const keyFile = readKeyFile(this.dir);
    const newKey = crypto.randomBytes(32);
    const recoveryCode = newRecoveryCode();
    const pending = await withPendingKey(keyFile, newKey, passphrase, normalizeRecoveryCode(recoveryCode)!);
    if (!pending) {
      newKey.fill(0);
      throw new MutualError('WRONG_PASSPHRASE', 'That is not the current passphrase. Nothing was changed.');
    }
    writeKeyFile(this.dir, pending);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode=DELETE');
    rekeyDatabase(db, newKey);
    db.pragma('journal_mode=WAL');
    db.close();
    this.database = null;
    this.dataKey?.fill(0);
    this.dataKey = null;
    this.database = openDatabase(dbPath(this.dir), newKey, { create: false });
    this.dataKey = newKey;
    writeKeyFile(this.dir, promotePending(pending));
    return { recoveryCode };
  }

  /** Problems found by a full check (every page decrypted and authenticated); empty when sound. */
  checkIntegrity(): string[] {
    try {
      return integrityProblems(this.db);
    } catch (error) {
      // A page that fails authentication stops the check with SQLITE_CORRUPT: that is damage too.
      throw translateDbError(error);
    }
  }

  /** Closes the database and zeroes the key. Safe to call twice. */
  lock(): void {
    const db = this.database;
    this.database = null;
    if (db) {
      try {
        db.close();
      } catch {
        // Closing can only fail if the connection is already unusable; the key is dropped anyway.
      }
    }
    this.dataKey?.fill(0);
    this.dataKey = null;
  }

  private dataKeyOrThrow(): Buffer {
    if (!this.dataKey) throw new MutualError('VAULT_LOCKED');
    return this.dataKey;
  }
}
