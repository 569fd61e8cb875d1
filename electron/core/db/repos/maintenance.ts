import type { Db } from '../connection';

/** Full structural check: SQLite's integrity check (every page decrypted and authenticated) and FTS5's. */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  if (problems.length === 0) {
    const fts = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`).all() as { name: string }[];
    for (const { name } of fts) {
      try {
        // Table names come from sqlite_master, not from a person; they cannot be bound as values.
        db.prepare(`INSERT INTO "${name.replace(/"/g, '""')}"("${name.replace(/"/g, '""')}", rank) VALUES ('integrity-check', 1)`).run();
      } catch (error) {
        problems.push(`search index ${name}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}
