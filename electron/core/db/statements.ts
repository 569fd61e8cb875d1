/**
 * Prepared statements, compiled once per connection. Preparing is not free (parsing and planning
 * every time a save or a search runs the same SQL), so repos ask for their statements here.
 *
 * Only statements run to completion (`get`, `all`, `run`) may be cached: an iterator left open
 * would make the statement busy for the next caller. Statements with options that stick (`pluck`,
 * `raw`, `expand`, `safeIntegers`) are prepared directly instead. Entries go away with the
 * connection (a WeakMap keyed by it), so a locked vault leaves nothing behind.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from './connection';

const caches = new WeakMap<Db, Map<string, Database.Statement>>();

export function stmt(db: Db, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
