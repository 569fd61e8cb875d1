/**
 * The sync benchmark: `npm run bench:sync -- [--entries N] [--edits N] [--idle-rounds N] [--seed N] [--json FILE]`
 * (default 10,000 entries, 20 edits, 20 idle rounds).
 *
 * Two journals share one temporary sync folder, driven through the core exactly as the journal
 * worker drives them (ARCHITECTURE.md, "Sync through a folder"):
 *
 * 1. Journal A is filled with the corpus of ./corpus.ts (150–250 words an entry, 1–3 of about fifty
 *    people named in each, unsaid items), plus what a lived-in journal has beside it: details about
 *    the people (some with a remind-on date), the journal's own settings, and now and then a line in
 *    another script or with emoji (Chinese, Japanese, Arabic, Russian, Hindi, Thai, Korean, Greek,
 *    ZWJ families, flags). It is indexed as the background step would, so it is a long-used journal.
 * 2. `setup_10k_ms`: `setUpSync` on A into an empty folder (folder key file, every entry, person,
 *    detail and setting turned into change files and written). `folder_bytes_per_1000_entries` is
 *    the folder's size then, beside `journal_db_bytes_per_1000_entries` (A's journal.db before
 *    sync was set up, after a WAL checkpoint).
 * 3. `join_10k_ms`: a second journal joins from the folder with `joinJournal` and the passphrase,
 *    in a fresh process, with the options the app's `sync.join` job passes (a turn of the event
 *    loop between files). Wall time from the call to its answer, the passphrase's Argon2id
 *    included; `join_peak_rss_mb` is that process's peak RSS (getrusage's maxRSS; sampled every
 *    100 ms too). Goal ≤ 60,000 ms. Afterwards the joined journal is checked against A (counts of
 *    entries, people, details; the words of a sample of entries), and the background indexing of
 *    what the join wrote is timed apart (`join_index_ms`, not part of the join: search finds the
 *    entries through the pending index meanwhile).
 * 4. `round_idle_ms`: a round on each computer when nothing changed, 20 on each, alternately; the
 *    larger of the two medians (B's round looks through A's device folder; A's finds no other).
 * 5. `compaction_10k_ms`: A compacts (made due at once; in the app, every COMPACT_EVERY of its own
 *    files): its whole state written again as a fresh run of change files, one synchronous stretch
 *    of the journal worker. `compaction_read_10k_ms`: B's next round, which reads that run.
 * 6. `edit_visible_p50_ms` / `edit_visible_p95_ms`: both journals open in this one process, each in
 *    a `Session` whose `SyncRunner` watches the folder (chokidar) as in the app. An older entry of A
 *    is edited through A's handler table (`entries.save`, as the page saves); A's runner writes the
 *    change file after its quiet pause. Measured from the moment A's change file is in the folder
 *    (its name appears: files are published complete, by a hard link; polled every 5 ms) to the
 *    moment B's `getEntry` returns the edit (polled every 5 ms). Goal ≤ 2,000 ms. Both computers'
 *    runners and background indexing share this one thread, so this is pessimistic.
 *
 * Everything lives in a temporary folder that is removed at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../electron/core/db/connection';
import * as syncRepo from '../../electron/core/db/repos/sync';
import { createHandlers } from '../../electron/core/handlers';
import { DB_FILE } from '../../electron/core/paths';
import { Session } from '../../electron/core/session/session';
import { QUIET_MS } from '../../electron/core/session/syncRunner';
import { createEntry, getEntry, listEntries } from '../../electron/core/services/entries';
import { drainIndexQueue } from '../../electron/core/services/indexing';
import { addDetail, upsertPerson } from '../../electron/core/services/people';
import { search } from '../../electron/core/services/search';
import { updateSettings } from '../../electron/core/services/settings';
import { COMPACT_EVERY, ENTRIES_PER_FILE, syncRound, type RoundReport } from '../../electron/core/sync/engine';
import { changeFileName, deviceDir } from '../../electron/core/sync/folderNames';
import { joinJournal, setUpSync } from '../../electron/core/sync/setup';
import { Vault } from '../../electron/core/vault/vault';
import type { DocNode, EntryDoc } from '../../electron/shared/doc';
import { docFromPlainText, plainText, sectionKinds } from '../../electron/shared/doc';
import type { Corpus, CorpusEntry } from './corpus';
import { createCorpus, int, pick, seededRng } from './corpus';

export const SYNC_GOALS = { joinMs: 60_000, editVisibleMs: 2_000 } as const;

const PASSPHRASE = 'bench: a long enough passphrase for the sync benchmark';
const LOAD_BATCH = 500;
const SAMPLE_MS = 100;
const POLL_MS = 5;
/** Longest wait for one edit to cross before the benchmark gives up on it. */
const EDIT_TIMEOUT_MS = 30_000;

/** Lines a journal written by a real person holds now and then: other scripts, emoji, ZWJ sequences and flags. */
const WORLD_LINES = [
  '她给了我一本书，我们在咖啡馆聊到很晚 📚',
  'ありがとう、また会おうね 🌸',
  'شكراً على القهوة والحديث الطويل ☕',
  'Спасибо за вечер, было очень тепло 🙏',
  'धन्यवाद दोस्त, तुमने बहुत मदद की 💛',
  'ขอบคุณมากนะที่มาหาวันนี้ 🎉',
  '오늘 정말 고마웠어 😊',
  'Ελπίζω να τα πούμε σύντομα',
  'The whole family came 👨‍👩‍👧‍👦 and Grandma cried 🥹',
  'Called from São Paulo 🇧🇷 — café, saudade, everything',
  'Naïve of me, but I felt seen ✨🫶',
];

interface Options {
  entries: number;
  edits: number;
  idleRounds: number;
  seed: number | undefined;
  json: string | null;
}

const now = () => performance.now();
const round2 = (n: number) => Math.round(n * 100) / 100;
const mb = (bytes: number) => bytes / (1024 * 1024);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (text: string) => process.stderr.write(`${text}\n`);

/** Nearest-rank percentile. */
function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const fileSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

/** Every file under a folder: how many and their total size. */
function folderSize(root: string): { files: number; bytes: number; changeFiles: number } {
  let files = 0;
  let bytes = 0;
  let changeFiles = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        files++;
        bytes += fs.statSync(file).size;
        if (entry.name.endsWith('.mchange')) changeFiles++;
      }
    }
  };
  walk(root);
  return { files, bytes, changeFiles };
}

/** journal.db and its WAL after a checkpoint: what the journal takes on disk. */
function journalDbBytes(db: Db, vaultDir: string): { bytes: number; free: number } {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const file = path.join(vaultDir, DB_FILE);
  const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  return { bytes: fileSize(file) + fileSize(`${file}-wal`), free };
}

// ---------------------------------------------------------------------------------------------
// Journal A

/** The corpus entry's sections, with a line in another script or with emoji now and then. */
function sectionsOf(corpus: Corpus, e: CorpusEntry): CorpusEntry['sections'] {
  const rng = seededRng(corpus.options.seed, 9_000, e.index);
  if (rng() >= 0.2) return e.sections;
  const line = pick(rng, WORLD_LINES);
  const kind = pick(rng, ['received', 'unsaid', 'note'] as const);
  return { ...e.sections, [kind]: e.sections[kind] ? `${e.sections[kind]}\n${line}` : line };
}

/** Fills A: people, details about them, the journal's settings, then the entries in batches, indexed. */
function fillJournal(db: Db, vaultDir: string, corpus: Corpus): { personIds: string[]; entryIds: string[]; details: number } {
  const rng = seededRng(corpus.options.seed, 9_100);
  let details = 0;
  const personIds = db.transaction(() =>
    corpus.people.map((p) => {
      const person = upsertPerson(db, { name: p.name, kind: p.kind, care: rng() < 0.5 ? `${pick(rng, corpus.vocabulary.slice(0, 300))} and small surprises` : '' });
      for (let d = int(rng, 0, 3); d > 0; d--) {
        addDetail(db, {
          personId: person.id,
          text: `${pick(rng, ['Loves', 'Cannot stand', 'Asked about', 'Birthday gift idea:'])} ${pick(rng, corpus.vocabulary.slice(50, 3_000))} ${rng() < 0.2 ? pick(rng, ['🌷', '🎂', '☕', '🍜']) : ''}`.trim(),
          notedOn: `2025-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`,
          remindOn: rng() < 0.3 ? `2026-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}` : null,
        });
        details++;
      }
      return person.id;
    }),
  )();
  updateSettings(db, vaultDir, { autoLockMinutes: 15, notifyReminders: true });
  const entryIds: string[] = [];
  const n = corpus.options.entries;
  const t0 = now();
  for (let from = 0; from < n; from += LOAD_BATCH) {
    db.transaction(() => {
      for (const e of corpus.entries(from, Math.min(n, from + LOAD_BATCH))) {
        const doc = docFromPlainText(
          sectionsOf(corpus, e),
          e.people.map((p) => ({ id: personIds[p]!, name: corpus.people[p]!.name })),
        );
        entryIds.push(createEntry(db, { date: e.date, doc }).id);
      }
      drainIndexQueue(db);
    })();
    const done = Math.min(n, from + LOAD_BATCH);
    if (done % 5_000 === 0 || done === n) progress(`  journal A: ${done.toLocaleString('en')} / ${n.toLocaleString('en')} entries (${((now() - t0) / 1000).toFixed(1)} s)`);
  }
  return { personIds, entryIds, details };
}

// ---------------------------------------------------------------------------------------------
// The join, in a fresh process

interface JoinResult {
  join_ms: number;
  cpu_s: number;
  peak_rss_mb: number;
  max_rss_mb: number;
  files_applied: number;
  entries_applied: number;
}

/** The child: joins `folder` into a new journal at `vaultDir`, as the app's sync.join job does, and prints its figures. */
async function joinChild(vaultDir: string, folder: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, SAMPLE_MS);
  let files = 0;
  let entries = 0;
  let reported = 0;
  try {
    const cpu0 = process.cpuUsage();
    const t0 = now();
    const vault = await joinJournal(
      vaultDir,
      folder,
      { passphrase: PASSPHRASE },
      {
        progress: (done) => {
          files = done.files;
          entries = done.entries;
          if (done.entries - reported >= 2_500) {
            reported = done.entries;
            progress(`  join: ${done.entries.toLocaleString('en')} entries applied (${((now() - t0) / 1000).toFixed(1)} s)`);
          }
        },
        between: () => new Promise((resolve) => setImmediate(resolve)),
      },
    );
    const joinMs = now() - t0;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    vault.lock();
    const result: JoinResult = {
      join_ms: joinMs,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      peak_rss_mb: mb(peak),
      max_rss_mb: process.resourceUsage().maxRSS / 1024,
      files_applied: files,
      entries_applied: entries,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
  }
}

function joinInFreshProcess(vaultDir: string, folder: string): Promise<JoinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--join-child', vaultDir, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) reject(new Error(`the join failed (exit ${code})`));
      else resolve(JSON.parse(line) as JoinResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Checks

function wordsOf(doc: EntryDoc): string {
  return sectionKinds.map((kind, i) => `${kind}: ${plainText(doc.content[i]!.content, (_id, label) => `@${label}`)}`).join('\n');
}

function count(db: Db, table: 'people' | 'details'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** B holds what A holds: the same counts, and the same words, date and people in a sample of entries. */
function checkJoined(a: Db, b: Db, entryIds: string[], seed: number): void {
  const totalA = listEntries(a, { limit: 1 }).total;
  const totalB = listEntries(b, { limit: 1 }).total;
  if (totalA !== totalB) throw new Error(`the joined journal has ${totalB} entries, the first ${totalA}`);
  for (const table of ['people', 'details'] as const) if (count(a, table) !== count(b, table)) throw new Error(`the joined journal has ${count(b, table)} ${table}, the first ${count(a, table)}`);
  const rng = seededRng(seed, 9_200);
  for (let i = 0; i < 50; i++) {
    const id = pick(rng, entryIds);
    const ea = getEntry(a, id);
    const eb = getEntry(b, id);
    if (ea.date !== eb.date || wordsOf(ea.doc) !== wordsOf(eb.doc) || ea.people.map((p) => p.name).join() !== eb.people.map((p) => p.name).join())
      throw new Error(`entry ${id} differs between the two journals`);
  }
}

// ---------------------------------------------------------------------------------------------
// Rounds and edits

async function timedRound(vault: Vault, options: { compactEvery?: number } = {}): Promise<{ ms: number; report: RoundReport }> {
  const dataKey = vault.copyDataKey();
  try {
    const t0 = now();
    // As the app's runner: a turn of the event loop between files.
    const report = await syncRound({ db: vault.db, dataKey, ...options }, { between: () => new Promise((resolve) => setImmediate(resolve)) });
    return { ms: now() - t0, report };
  } finally {
    dataKey.fill(0);
  }
}

/** The entry's document with a sentence added at the end of its Given section's last paragraph, as a person typing would. */
function withSentence(doc: EntryDoc, sentence: string): EntryDoc {
  const copy = structuredClone(doc);
  const given = copy.content[0];
  const blocks = (given.content ?? []) as DocNode[];
  const last = blocks[blocks.length - 1];
  if (last && last.type === 'paragraph') last.content = [...(last.content ?? []), { type: 'text', text: ` ${sentence}` }];
  else blocks.push({ type: 'paragraph', content: [{ type: 'text', text: sentence }] });
  given.content = blocks as typeof given.content;
  return copy;
}

interface EditFigures {
  /** From A's change file in the folder to the edit readable on B. */
  visible: number[];
  /** From the save's answer on A to its change file in the folder (A's quiet pause and round). */
  written: number[];
  /** From the save on A to the edit readable on B. */
  total: number[];
}

async function measureEdits(a: { dir: string; vault: Vault }, b: { dir: string; vault: Vault }, folder: string, entryIds: string[], o: Options, seed: number): Promise<EditFigures> {
  const log = (what: string) => (error?: unknown) => progress(`  ${what}: ${error instanceof Error ? error.message : String(error)}`);
  const sessionA = new Session(a.dir, { log: log('A') });
  const sessionB = new Session(b.dir, { log: log('B') });
  sessionA.adopt(a.vault);
  sessionB.adopt(b.vault);
  const handlersA = createHandlers(sessionA);
  const figures: EditFigures = { visible: [], written: [], total: [] };
  try {
    // Let both runners start their watchers and run their first round.
    await sleep(QUIET_MS + 700);
    const deviceA = syncRepo.syncDevice(a.vault.db)!.device_id;
    const rng = seededRng(seed, 9_300);
    for (let k = 0; k < o.edits; k++) {
      const id = pick(rng, entryIds);
      const token = `synctoken${k}x${Math.floor(rng() * 1e9).toString(36)}`;
      const doc = withSentence(getEntry(a.vault.db, id).doc, `Later that evening ${token} — 谢谢 🙂.`);
      const target = path.join(deviceDir(folder, deviceA), changeFileName(syncRepo.syncDevice(a.vault.db)!.next_number));
      const t0 = now();
      const saved = await handlersA['entries.save']({ id, doc });
      if (!saved.ok) throw new Error(`the save on A failed: ${saved.error.message}`);
      const savedAt = now();
      let fileAt: number | null = null;
      let visibleAt: number | null = null;
      while (visibleAt === null) {
        if (now() - t0 > EDIT_TIMEOUT_MS) throw new Error(`edit ${k} did not reach B within ${EDIT_TIMEOUT_MS} ms (file ${fileAt === null ? 'not written' : 'written'})`);
        await sleep(POLL_MS);
        const t = now();
        if (fileAt === null && fs.existsSync(target)) fileAt = t;
        if (JSON.stringify(getEntry(b.vault.db, id).doc).includes(token)) {
          visibleAt = t;
          // Seen on B at the poll that also first saw the file: the file landed within this poll's interval.
          if (fileAt === null) fileAt = t;
        }
      }
      figures.written.push(fileAt! - savedAt);
      figures.visible.push(visibleAt - fileAt!);
      figures.total.push(visibleAt - t0);
      progress(`  edit ${k + 1}/${o.edits}: file after ${(fileAt! - savedAt).toFixed(0)} ms, on B ${(visibleAt - fileAt!).toFixed(0)} ms later`);
      // A pause between edits, as between a person's writing sessions, so each is measured alone.
      await sleep(400 + Math.floor(rng() * 400));
    }
  } finally {
    sessionA.sync.stop();
    sessionB.sync.stop();
    sessionA.indexing.stop();
    sessionB.indexing.stop();
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// The run

interface SyncBenchResult {
  entries: number;
  people: number;
  details: number;
  setup_10k_ms: number;
  setup_files: number;
  join_10k_ms: number;
  join_cpu_s: number;
  join_peak_rss_mb: number;
  join_index_ms: number;
  folder_bytes_per_1000_entries: number;
  folder_files: number;
  journal_db_bytes_per_1000_entries: number;
  journal_db_with_sync_bytes_per_1000_entries: number;
  journal_db_free_after_setup_bytes_per_1000_entries: number;
  idle_rounds: number;
  round_idle_ms: number;
  round_idle_a_ms: number;
  round_idle_b_ms: number;
  compaction_10k_ms: number;
  compaction_read_10k_ms: number;
  compaction_read_files: number;
  compaction_read_changed: number;
  folder_bytes_after_compaction_per_1000_entries: number;
  edit_visible_p50_ms: number;
  edit_visible_p95_ms: number;
  edit_visible_max_ms: number;
  edit_written_p50_ms: number;
  edit_total_p50_ms: number;
  edit_total_p95_ms: number;
  edits: number;
  machine: { cpus: number; cpu_model: string; load_before: number[]; load_after: number[]; node: string };
}

function usage(message: string): never {
  console.error(message);
  console.error('usage: npm run bench:sync -- [--entries N] [--edits N] [--idle-rounds N] [--seed N] [--json FILE]');
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { entries: 10_000, edits: 20, idleRounds: 20, seed: undefined, json: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (flag === '--json') {
      if (!value) usage('--json needs a file name');
      o.json = value;
      continue;
    }
    const n = Number(value);
    const min = flag === '--seed' ? 0 : 1;
    if (value === undefined || !Number.isInteger(n) || n < min) usage(`${flag} needs a whole number ≥ ${min}`);
    if (flag === '--entries') o.entries = n;
    else if (flag === '--edits') o.edits = n;
    else if (flag === '--idle-rounds') o.idleRounds = n;
    else if (flag === '--seed') o.seed = n;
    else usage(`unknown option ${flag}`);
  }
  return o;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--join-child') return joinChild(argv[1]!, argv[2]!);
  const o = parseArgs(argv);
  const loadBefore = os.loadavg().map(round2);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-sync-bench-'));
  const dirA = path.join(tmp, 'a');
  const dirB = path.join(tmp, 'b');
  const folder = path.join(tmp, 'Sync', 'Mutual');
  let vaultA: Vault | null = null;
  let vaultB: Vault | null = null;
  const cleanup = () => {
    vaultA?.lock();
    vaultB?.lock();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const corpus = createCorpus({ entries: o.entries, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
    const seed = corpus.options.seed;
    progress(`Mutual sync benchmark: ${o.entries.toLocaleString('en')} entries, ${corpus.people.length} people (temp ${tmp})`);
    vaultA = (await Vault.create(dirA, PASSPHRASE)).vault;
    const filled = fillJournal(vaultA.db, dirA, corpus);
    const dbBytes = journalDbBytes(vaultA.db, dirA);

    progress('  setting up sync on A');
    const s0 = now();
    const setup = await setUpSync(vaultA, folder);
    const setupMs = now() - s0;
    const inFolder = folderSize(folder);
    const dbWithSyncBytes = journalDbBytes(vaultA.db, dirA);
    progress(`  setup: ${(setupMs / 1000).toFixed(1)} s, ${setup.wrote} change files, ${mb(inFolder.bytes).toFixed(1)} MB in the folder`);

    progress('  B joins, in a fresh process');
    const joined = await joinInFreshProcess(dirB, folder);
    progress(`  join: ${(joined.join_ms / 1000).toFixed(1)} s, ${joined.files_applied} files, ${joined.entries_applied} entries`);
    if (joined.entries_applied !== o.entries) throw new Error(`the join applied ${joined.entries_applied} entries, expected ${o.entries}`);

    vaultB = await Vault.unlock(dirB, PASSPHRASE);
    checkJoined(vaultA.db, vaultB.db, filled.entryIds, seed);
    // Found at once through the pending index, before the background step indexes anything.
    const probe = corpus.people[0]!.name;
    if (search(vaultB.db, { q: probe }).hits.length === 0) throw new Error(`search on B finds no “${probe}” right after the join`);
    const i0 = now();
    drainIndexQueue(vaultB.db);
    const joinIndexMs = now() - i0;
    progress(`  B checked against A; its background indexing of the join took ${(joinIndexMs / 1000).toFixed(1)} s`);

    // Idle rounds: first one each so both have read everything, then alternately.
    await timedRound(vaultA);
    await timedRound(vaultB);
    const idleA: number[] = [];
    const idleB: number[] = [];
    for (let r = 0; r < o.idleRounds; r++) {
      for (const [vault, out] of [
        [vaultA, idleA],
        [vaultB, idleB],
      ] as const) {
        const { ms, report } = await timedRound(vault);
        if (report.wrote || report.applied || report.problems.length) throw new Error(`an idle round did something: ${JSON.stringify(report)}`);
        out.push(ms);
      }
    }
    progress(`  idle rounds: A ${percentile(idleA, 50).toFixed(2)} ms, B ${percentile(idleB, 50).toFixed(2)} ms (medians of ${o.idleRounds})`);

    // Compaction, made due now (the app: every COMPACT_EVERY of a computer's own files): A writes
    // its whole state as a fresh run, in one synchronous stretch; B then reads that run.
    const compaction = await timedRound(vaultA, { compactEvery: 1 });
    if (!compaction.report.compacted) throw new Error('A did not compact');
    const afterCompaction = folderSize(folder);
    const compactionRead = await timedRound(vaultB);
    progress(
      `  compaction: A ${(compaction.ms / 1000).toFixed(1)} s; B read its run of ${compactionRead.report.applied} files in ${(compactionRead.ms / 1000).toFixed(1)} s (${compactionRead.report.changed} things changed)`,
    );
    await timedRound(vaultA);

    progress(`  edits: ${o.edits} on A, through both computers' runners (quiet pause ${QUIET_MS} ms)`);
    const edits = await measureEdits({ dir: dirA, vault: vaultA }, { dir: dirB, vault: vaultB }, folder, filled.entryIds, o, seed);

    const per1000 = (bytes: number) => Math.round((bytes / o.entries) * 1000);
    const result: SyncBenchResult = {
      entries: o.entries,
      people: corpus.people.length,
      details: filled.details,
      setup_10k_ms: round2(setupMs),
      setup_files: setup.wrote,
      join_10k_ms: round2(joined.join_ms),
      join_cpu_s: round2(joined.cpu_s),
      join_peak_rss_mb: round2(Math.max(joined.peak_rss_mb, joined.max_rss_mb)),
      join_index_ms: round2(joinIndexMs),
      folder_bytes_per_1000_entries: per1000(inFolder.bytes),
      folder_files: inFolder.files,
      journal_db_bytes_per_1000_entries: per1000(dbBytes.bytes),
      journal_db_with_sync_bytes_per_1000_entries: per1000(dbWithSyncBytes.bytes),
      journal_db_free_after_setup_bytes_per_1000_entries: per1000(dbWithSyncBytes.free),
      idle_rounds: o.idleRounds,
      round_idle_ms: round2(Math.max(percentile(idleA, 50), percentile(idleB, 50))),
      round_idle_a_ms: round2(percentile(idleA, 50)),
      round_idle_b_ms: round2(percentile(idleB, 50)),
      compaction_10k_ms: round2(compaction.ms),
      compaction_read_10k_ms: round2(compactionRead.ms),
      compaction_read_files: compactionRead.report.applied,
      compaction_read_changed: compactionRead.report.changed,
      folder_bytes_after_compaction_per_1000_entries: per1000(afterCompaction.bytes),
      edit_visible_p50_ms: round2(percentile(edits.visible, 50)),
      edit_visible_p95_ms: round2(percentile(edits.visible, 95)),
      edit_visible_max_ms: round2(Math.max(...edits.visible)),
      edit_written_p50_ms: round2(percentile(edits.written, 50)),
      edit_total_p50_ms: round2(percentile(edits.total, 50)),
      edit_total_p95_ms: round2(percentile(edits.total, 95)),
      edits: o.edits,
      machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', load_before: loadBefore, load_after: os.loadavg().map(round2), node: process.version },
    };
    console.log(`\n${syncBenchTable(result, joined, inFolder)}`);
    if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    cleanup();
  }
}

function syncBenchTable(r: SyncBenchResult, joined: JoinResult, inFolder: { files: number; bytes: number; changeFiles: number }): string {
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  const label = r.entries === 10_000 ? '10k' : `${(r.entries / 1000).toLocaleString('en')}k`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const rows: [string, string, string][] = [
    ['entries', r.entries.toLocaleString('en'), `${r.people} people, ${r.details} details; ${ENTRIES_PER_FILE} entries a change file`],
    [`setup_${label}_ms`, r.setup_10k_ms.toFixed(0), `${r.setup_files} change files written, folder key file included`],
    [`join_${label}_ms`, r.join_10k_ms.toFixed(0), `${ok(r.join_10k_ms <= SYNC_GOALS.joinMs)} ≤ ${SYNC_GOALS.joinMs.toLocaleString('en')} at 10k; fresh process, Argon2id included; CPU ${r.join_cpu_s.toFixed(1)} s`],
    ['join_peak_rss_mb', r.join_peak_rss_mb.toFixed(0), `the joining process (maxRSS ${joined.max_rss_mb.toFixed(0)}, sampled ${joined.peak_rss_mb.toFixed(0)})`],
    ['join_index_ms', r.join_index_ms.toFixed(0), 'after the join: the background indexing of what it wrote (not in join_ms)'],
    ['folder_bytes_per_1000_entries', r.folder_bytes_per_1000_entries.toLocaleString('en'), `${kb(r.folder_bytes_per_1000_entries)}; ${inFolder.files} files (${inFolder.changeFiles} change files), ${mb(inFolder.bytes).toFixed(1)} MB in all`],
    ['journal_db_bytes_per_1000_entries', r.journal_db_bytes_per_1000_entries.toLocaleString('en'), `${kb(r.journal_db_bytes_per_1000_entries)}, before sync; after setup ${kb(r.journal_db_with_sync_bytes_per_1000_entries)}, of which ${kb(r.journal_db_free_after_setup_bytes_per_1000_entries)} free pages`],
    ['round_idle_ms', r.round_idle_ms.toFixed(2), `nothing changed; larger median of ${r.idle_rounds} on each: A ${r.round_idle_a_ms.toFixed(2)}, B ${r.round_idle_b_ms.toFixed(2)}`],
    [`compaction_${label}_ms`, r.compaction_10k_ms.toFixed(0), `A rewrites its whole state as a fresh run (every ${COMPACT_EVERY} of its files); folder then ${kb(r.folder_bytes_after_compaction_per_1000_entries)} per 1,000 entries`],
    [`compaction_read_${label}_ms`, r.compaction_read_10k_ms.toFixed(0), `B's next round: A's run read, ${r.compaction_read_files} files; ${r.compaction_read_changed} things changed`],
    ['edit_visible_p50_ms', r.edit_visible_p50_ms.toFixed(0), `file in the folder → readable on B; ${r.edits} edits`],
    ['edit_visible_p95_ms', r.edit_visible_p95_ms.toFixed(0), `${ok(r.edit_visible_p95_ms <= SYNC_GOALS.editVisibleMs)} ≤ ${SYNC_GOALS.editVisibleMs.toLocaleString('en')}; max ${r.edit_visible_max_ms.toFixed(0)}`],
    ['  save → file on A (p50)', r.edit_written_p50_ms.toFixed(0), `A's quiet pause (${QUIET_MS} ms) and round`],
    ['  save → on B (p50 / p95)', `${r.edit_total_p50_ms.toFixed(0)} / ${r.edit_total_p95_ms.toFixed(0)}`, 'both runners and both indexers on one thread'],
    ['machine', `${r.machine.cpus} CPUs`, `${r.machine.cpu_model}; load ${r.machine.load_before.join(' ')} before, ${r.machine.load_after.join(' ')} after; Node ${r.machine.node}`],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => [...row[i]!].length), [...['figure', 'value', 'goal / notes'][i]!].length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [`Mutual sync benchmark — ${r.entries.toLocaleString('en')} entries, two journals, one folder`, '', line(['figure', 'value', 'goal / notes']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
