/**
 * Journals that sync through one temporary folder, for the engine's tests: each "computer" is a
 * vault of its own, driven through the core as the journal worker drives it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../electron/core/db/connection';
import { getEntry, listEntries } from '../../../electron/core/services/entries';
import { syncRound, type RoundReport } from '../../../electron/core/sync/engine';
import { joinJournal, setUpSync } from '../../../electron/core/sync/setup';
import type { Vault } from '../../../electron/core/vault/vault';
import type { EntryDoc } from '../../../electron/shared/doc';
import { plainText, sectionKinds } from '../../../electron/shared/doc';
import { createVault, PASSPHRASE } from '../vault/helpers';

export interface Computer {
  name: string;
  vault: Vault;
  dir: string;
}

/** A first computer with a new journal, syncing through `folder`. */
export async function firstComputer(dir: string, folder: string, fill?: (db: Db) => void): Promise<Computer> {
  const { vault } = await createVault(dir);
  fill?.(vault.db);
  await setUpSync(vault, folder);
  return { name: 'A', vault, dir };
}

/** Another computer that joins the journal of `folder` with its passphrase. */
export async function joiningComputer(name: string, dir: string, folder: string): Promise<Computer> {
  const vault = await joinJournal(dir, folder, { passphrase: PASSPHRASE });
  return { name, vault, dir };
}

export async function round(computer: Computer, now?: () => number): Promise<RoundReport> {
  const dataKey = computer.vault.copyDataKey();
  try {
    return await syncRound({ db: computer.vault.db, dataKey, now });
  } finally {
    dataKey.fill(0);
  }
}

/** Rounds on every computer until none applies anything (everything written has been read everywhere). */
export async function settle(computers: Computer[]): Promise<void> {
  for (let pass = 0; pass < 10; pass++) {
    let applied = 0;
    for (const c of computers) applied += (await round(c)).applied;
    if (applied === 0 && pass > 0) return;
  }
  throw new Error('sync did not settle in 10 passes');
}

/** The four sections' words of an entry, one string. */
export function wordsOf(doc: EntryDoc): string {
  return sectionKinds.map((kind, i) => `${kind}: ${plainText(doc.content[i]!.content, (_id, label) => `@${label}`)}`).join('\n');
}

/** Every entry as id → its date and words, to compare computers. */
export function journalView(db: Db): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of listEntries(db, { limit: 100_000 }).items) {
    const entry = getEntry(db, item.id);
    out[entry.id] = `${entry.date} ${entry.writtenAt ?? '-'}\n${wordsOf(entry.doc)}`;
  }
  return out;
}

export function peopleView(db: Db): Record<string, unknown> {
  const rows = db.prepare('SELECT id, name, kind, care, needs, boundaries, notes, archived FROM people ORDER BY id').all() as { id: string }[];
  const details = db.prepare('SELECT id, person_id, text, noted_on, remind_on FROM details ORDER BY id').all();
  return { people: rows, details };
}

/** Every file under a folder, recursively (relative paths). */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else out.push(path.relative(root, file));
    }
  };
  walk(root);
  return out.sort();
}
