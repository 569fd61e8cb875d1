import { MutualError } from '../../shared/result';
import type { Db } from './connection';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations';
import type { Migration } from './migrations/types';

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the latest schema, one transaction per version. A database written by a
 * newer Mutual is refused before anything is written to it.
 * `list` exists so each migration's test can stop at its own version.
 */
export function migrate(db: Db, list: readonly Migration[] = migrations): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = list.length ? list[list.length - 1]!.version : 0;
  if (from > Math.max(latest, LATEST_SCHEMA_VERSION)) throw new MutualError('VAULT_FROM_NEWER_VERSION');
  for (const migration of list) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${Number(migration.version)}`);
    })();
  }
  return { from, to: schemaVersion(db) };
}
