/** Shared by the import tests: a fresh journal, its entries as stored, and the fixtures' folder. */
import path from 'node:path';
import type { Db } from '../../../electron/core/db/connection';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { createVault, tempRoot } from '../vault/helpers';

export const fixtures = path.join(import.meta.dirname, '..', '..', 'fixtures', 'import');

export function importRoot(prefix: string) {
  const tmp = tempRoot(prefix);
  return {
    tmp,
    journal: async (): Promise<Db> => (await createVault(tmp.sub())).vault.db,
  };
}

export interface StoredEntry {
  id: string;
  date: string;
  writtenAt: string | null;
  note: string;
  texts: string;
  doc: EntryDoc;
  noteBlocks: DocNode[];
}

export function stored(db: Db): StoredEntry[] {
  const rows = db.prepare('SELECT id, date, written_at, doc, given, received, unsaid, note FROM entries ORDER BY seq').all() as {
    id: string;
    date: string;
    written_at: string | null;
    doc: string;
    given: string;
    received: string;
    unsaid: string;
    note: string;
  }[];
  return rows.map((r) => {
    const doc = JSON.parse(r.doc) as EntryDoc;
    return { id: r.id, date: r.date, writtenAt: r.written_at, note: r.note, texts: [r.given, r.received, r.unsaid, r.note].join('\n'), doc, noteBlocks: doc.content[3].content };
  });
}

/** Every node of a type in some blocks, depth first. */
export function nodesOf(blocks: DocNode[] | undefined, type: string): DocNode[] {
  const out: DocNode[] = [];
  const walk = (nodes: DocNode[] | undefined) => {
    for (const n of nodes ?? []) {
      if (n.type === type) out.push(n);
      walk(n.content);
    }
  };
  walk(blocks);
  return out;
}

export function byText(entries: StoredEntry[], words: string): StoredEntry {
  const found = entries.find((e) => e.note.includes(words));
  if (!found) throw new Error(`no entry with “${words}”: ${entries.map((e) => e.note.slice(0, 40)).join(' | ')}`);
  return found;
}
