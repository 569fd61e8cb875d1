/**
 * Power-cut safety of an import: a child process imports a large Day One export (one transaction
 * from the first entry to the last) and is killed with SIGKILL part-way, at a different moment
 * each round. Afterwards the journal must pass the full integrity check and hold exactly what it
 * held before: the same entries and the same people, no half import.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { previewImport } from '../../../electron/core/services/import';
import { listPeople, upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { writeDayOneExport } from '../../bench/import';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const PASS = 'killed while importing';
const ENTRIES = 20_000;
/** How long after the first progress tick each round kills: at once, then deeper into the import. */
const KILL_AFTER_MS = [0, 150, 600, 1_500, 3_500];

/**
 * The child: unlock, then import creating every name as a person (the heaviest kind of import;
 * the names come from one preview made by the test beforehand), printing "started" at the first
 * progress tick and "done" if it ever finishes.
 */
const CHILD = `
import fs from 'node:fs';
import { runImport } from ${JSON.stringify(path.join(root, 'electron/core/services/import/index.ts'))};
import { Vault } from ${JSON.stringify(path.join(root, 'electron/core/vault/vault.ts'))};

const [dir, file, passphrase, decisionsFile] = process.argv.slice(2);
const vault = await Vault.unlock(dir, passphrase);
const decisions = JSON.parse(fs.readFileSync(decisionsFile, 'utf8'));
let started = false;
await runImport(vault.db, 'dayone', file, decisions, {
  onProgress: () => {
    if (!started) process.stdout.write('started\\n');
    started = true;
  },
});
process.stdout.write('done\\n');
vault.lock();
`;

let tmp: string;
let exportFile: string;
let childFile: string;
let decisionsFile: string;

interface Killed {
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the child, waits for "started", waits `ms` more and kills it with SIGKILL. */
function importAndKill(dir: string, ms: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childFile, dir, exportFile, PASS, decisionsFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (timer === undefined && stdout.includes('started\n')) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      resolve({ signal, stdout, stderr });
    });
  });
}

async function snapshot(dir: string): Promise<{ problems: string[]; entries: unknown[]; people: unknown[]; count: number }> {
  const vault = await Vault.unlock(dir, PASS);
  try {
    const count = (vault.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    return { problems: vault.checkIntegrity(), entries: listEntryTexts(vault.db), people: listPeople(vault.db, { includeArchived: true }), count };
  } finally {
    vault.lock();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-kill-'));
  exportFile = path.join(tmp, 'Journal.json');
  writeDayOneExport(exportFile, { entries: ENTRIES });
  childFile = path.join(tmp, 'import-child.mts');
  fs.writeFileSync(childFile, CHILD);
  // One preview, in a journal of its own, says which names the export offers as people.
  const { vault } = await Vault.create(path.join(tmp, 'preview'), PASS, { argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 } });
  try {
    const preview = await previewImport(vault.db, 'dayone', exportFile);
    decisionsFile = path.join(tmp, 'decisions.json');
    fs.writeFileSync(decisionsFile, JSON.stringify(Object.fromEntries(preview.candidates.map((c) => [c.name, 'create']))));
  } finally {
    vault.lock();
  }
}, 180_000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SIGKILL during an import', () => {
  it(`leaves the journal as it was before (${KILL_AFTER_MS.length} rounds, killed at different moments)`, { timeout: 600_000 }, async () => {
    const dir = path.join(tmp, 'journal');
    const { vault } = await Vault.create(dir, PASS, { argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 } });
    const sam = upsertPerson(vault.db, { name: 'Sam', kind: 'friend' });
    createEntry(vault.db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Soup for Sam' }, [sam]) });
    createEntry(vault.db, { date: '2026-11-03', doc: docFromPlainText({ note: 'A quiet day' }) });
    vault.lock();
    const before = await snapshot(dir);
    expect(before.problems).toEqual([]);
    expect(before.count).toBe(2);

    for (const ms of KILL_AFTER_MS) {
      const killed = await importAndKill(dir, ms);
      expect(killed.stdout, `round ${ms} ms: ${killed.stderr}`).toContain('started');
      // It must have been killed mid-import, not have finished first.
      expect(killed.stdout, `round ${ms} ms`).not.toContain('done');
      expect(killed.signal, `round ${ms} ms: ${killed.stderr}`).toBe('SIGKILL');
      const after = await snapshot(dir);
      expect(after.problems, `round ${ms} ms`).toEqual([]);
      expect(after.count, `round ${ms} ms`).toBe(before.count);
      expect(after.entries, `round ${ms} ms`).toEqual(before.entries);
      expect(after.people, `round ${ms} ms`).toEqual(before.people);
    }
  });
});
