/**
 * Opening the encrypted SQLite file. The order matters (ARCHITECTURE.md, "The vault and its keys"): cipher settings,
 * then the raw key, then one read to prove the key before anything else touches the file; then the
 * connection settings, read back so that a silently ignored pragma can never leave the journal
 * less safe than designed.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { MutualError } from '../../shared/result';

export type Db = Database.Database;

/** The desktop app points this at its Electron-ABI build; tests and the CLI use the Node build. */
function nativeBinding(): string | undefined {
  return process.env.MUTUAL_SQLITE_BINDING || undefined;
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'ascii');

/**
 * The raw-key form SQLCipher understands, `x'<64 hex digits>'`, written byte by byte into a
 * Buffer that the caller zeroes after use. `dataKey.toString('hex')` would leave the key in an
 * immutable JS string that nothing can wipe and that lives until some garbage collection. With
 * `saltHex` (the file's cipher salt, which is not secret: it is stored in the clear on page 1) it
 * is the key-and-salt form, which makes a rekey keep the file's salt.
 */
export function rawKeyLiteral(dataKey: Buffer, saltHex = ''): Buffer {
  const literal = Buffer.alloc(2 + dataKey.length * 2 + saltHex.length + 1);
  let at = literal.write("x'", 0, 'ascii');
  for (const byte of dataKey) {
    literal[at++] = HEX_DIGITS[byte >> 4]!;
    literal[at++] = HEX_DIGITS[byte & 0x0f]!;
  }
  at += literal.write(saltHex, at, 'ascii');
  literal.write("'", at, 'ascii');
  return literal;
}

const sqliteCodeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');

/** Maps SQLite failures to what a person can act on; anything else is passed through. */
export function translateDbError(error: unknown): unknown {
  if (error instanceof MutualError) return error;
  const code = sqliteCodeOf(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return new MutualError('VAULT_DAMAGED', undefined, { cause: error });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new MutualError('VAULT_IN_USE', undefined, { cause: error });
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' && /full/i.test(String((error as Error).message))) return new MutualError('DISK_FULL', undefined, { cause: error });
  return error;
}

export interface OpenResult {
  db: Db;
}

/**
 * The page cache, in KiB (a negative cache_size). Every page read from the vault is decrypted and
 * authenticated, so a miss costs far more than in a plain database; a save walks the search index
 * pages of each of its words. 32 MiB keeps the upper levels of a large index in memory and the
 * process well inside its memory goal (200 MB with the vault open). Set explicitly so it does not
 * depend on how the library was built.
 */
export const CACHE_KIB = 32_768;

/**
 * Checkpoints (copying the write-ahead log into the database file) are background work: the
 * index drainer runs one when it is idle after a few dozen writes (session/indexDrainer.ts).
 * SQLite's own checkpoint after a commit, which would make one save in every few dozen wait while
 * megabytes are copied and synced, is kept only as a safety net for when no drainer runs (the
 * `mutual` command, a long import): at this many pages of log (about 40 MB).
 */
export const AUTO_CHECKPOINT_PAGES = 10_000;

const expectedSettings: [pragma: string, expected: string | number][] = [
  ['journal_mode', 'wal'],
  ['synchronous', 2],
  ['temp_store', 2],
  ['foreign_keys', 1],
  ['secure_delete', 1],
  ['locking_mode', 'exclusive'],
  ['cache_size', -CACHE_KIB],
  ['wal_autocheckpoint', AUTO_CHECKPOINT_PAGES],
];

/**
 * Opens (or, with `create`, creates) the database under `dataKey`.
 * Throws VAULT_DAMAGED when the key does not open it (the key itself was verified by the key
 * file's authentication), VAULT_IN_USE when another process holds it.
 */
export function openDatabase(file: string, dataKey: Buffer, options: { create: boolean }): Db {
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: !options.create, nativeBinding: nativeBinding() });
  } catch (error) {
    throw translateDbError(error);
  }
  const literal = rawKeyLiteral(dataKey);
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.key(literal);
    // Exclusive locking: the OS lock is held for as long as this connection is open and released
    // by the OS if the process dies, so a second process gets VAULT_IN_USE instead of a race.
    db.pragma('locking_mode=EXCLUSIVE');
    db.pragma('busy_timeout=0');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('journal_mode=WAL');
    db.pragma('synchronous=FULL');
    db.pragma('temp_store=MEMORY');
    db.pragma('foreign_keys=ON');
    db.pragma('secure_delete=ON');
    db.pragma(`cache_size=${-CACHE_KIB}`);
    db.pragma(`wal_autocheckpoint=${AUTO_CHECKPOINT_PAGES}`);
    for (const [pragma, expected] of expectedSettings) {
      const actual = db.pragma(pragma, { simple: true });
      if (actual !== expected) {
        throw new MutualError('INTERNAL', `Mutual could not apply a safety setting (${pragma}), so it did not open the journal. Nothing was changed.`);
      }
    }
    return db;
  } catch (error) {
    try {
      db.close();
    } catch {
      // The connection may already be unusable; the original error is what matters.
    }
    throw translateDbError(error);
  } finally {
    literal.fill(0);
  }
}

/**
 * Re-encrypts the database under a new data key, keeping its cipher salt. A plain rekey would pick
 * a new salt and write it to page 1 first; if the process then died mid-rekey, the salt on disk no
 * longer matched the pages in the rollback journal, so neither key could roll the journal back and
 * the journal stopped opening. With the salt kept, the old key rolls the hot journal back as usual.
 */
export function rekeyDatabase(db: Db, newDataKey: Buffer): void {
  const salt = db.pragma('cipher_salt', { simple: true });
  if (typeof salt !== 'string' || !/^[0-9A-Fa-f]{32}$/.test(salt)) {
    throw new MutualError('INTERNAL', 'Mutual could not read the journal’s encryption settings, so it did not change the key. Nothing was changed.');
  }
  const literal = rawKeyLiteral(newDataKey, salt);
  try {
    db.rekey(literal);
  } finally {
    literal.fill(0);
  }
}
