/**
 * The import benchmark: `npx tsx tests/bench/import.ts [--entries N] [--seed N] [--json FILE]`
 * (default 50,000 entries), or `runImportBench()` from another benchmark (`npm run bench`).
 *
 * Writes a deterministic Day One JSON export (the corpus of ./corpus.ts: 150–250 words an entry,
 * people named as @Name in the text or as tags, a few tags that are not people, Day One's Markdown
 * escapes, a heading, bold words or a list now and then, entries written in several time zones),
 * then, in a fresh process, creates a vault and imports it the way `mutual import --people create`
 * and the app do: the preview that finds the names (every entry's text parsed as Markdown), then
 * the all-or-nothing import with every name created as a person and tags kept as tags. That
 * process samples its own RSS every 100 ms.
 *
 * Figures: import_s (wall seconds for preview + import — `import_50k_s` of issue 5 at the default
 * 50,000 entries; goal ≤ 60 s) and import_peak_rss_mb (goal ≤ 500 MB), with the preview and the
 * import timed apart. Everything lives in a temporary folder removed at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeopleDecisions } from '../../electron/core/services/import';
import { previewImport, runImport } from '../../electron/core/services/import';
import { Vault } from '../../electron/core/vault/vault';
import type { Rng } from './corpus';
import { createCorpus, int, pick, seededRng } from './corpus';

export const IMPORT_GOALS = { seconds: 60, rssMb: 500 } as const;

const PASSPHRASE = 'bench: a long enough passphrase for the import benchmark';
const SAMPLE_MS = 100;
/** Tags a journal keeps that are not people: offered as candidates like any name. */
const PLAIN_TAGS = ['gratitude', 'work', 'family time', 'travel', 'health', 'weekend'];
/** Where the entries were written: each is dated in its own zone. */
const ZONES = ['Europe/London', 'America/Boise', 'Asia/Tokyo', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Sao_Paulo'];

// ---------------------------------------------------------------------------------------------
// The Day One export

export interface DayOneExportOptions {
  entries: number;
  seed?: number;
}

function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789ABCDEF'[Math.floor(rng() * 16)];
  return out;
}

/** Day One escapes Markdown punctuation in plain text ("\." "\!"); now and then an entry has it. */
function dayOneEscape(text: string): string {
  return text.replace(/([.!])(?= |$)/gm, '\\$1');
}

/**
 * Writes a Day One JSON export with `entries` entries to `file`, streamed (never held whole).
 * Deterministic for the same options. Returns the number of bytes written.
 */
export function writeDayOneExport(file: string, options: DayOneExportOptions): number {
  const corpus = createCorpus({ entries: options.entries, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const fd = fs.openSync(file, 'w', 0o600);
  let bytes = 0;
  const write = (text: string) => (bytes += fs.writeSync(fd, text));
  try {
    write('{\n  "metadata": { "version": "1.0" },\n  "entries": [\n');
    let chunk: string[] = [];
    for (const e of corpus.entries()) {
      const rng = seededRng(options.seed ?? 0, 7_000, e.index);
      const tags: string[] = [];
      let text = (['given', 'received', 'unsaid', 'note'] as const)
        .map((kind) => e.sections[kind])
        .filter(Boolean)
        .join('\n\n');
      for (const p of e.people) {
        const name = corpus.people[p]!.name;
        // Most people are @mentioned in the text (two-word names the quoted way); some only tagged.
        if (rng() < 0.7) text = text.replace(name, name.includes(' ') ? `@"${name}"` : `@${name}`);
        else tags.push(name);
      }
      if (rng() < 0.25) tags.push(pick(rng, PLAIN_TAGS));
      if (rng() < 0.3) text = dayOneEscape(text);
      // What Day One's Markdown holds now and then: a title, bold words, a short list.
      if (rng() < 0.3) text = `# ${text.split(' ').slice(0, 4).join(' ')}\n\n${text}`;
      if (rng() < 0.2) text = text.replace(/(\w+ \w+)/, '**$1**');
      if (rng() < 0.1) text += '\n\n- tea\n- a walk\n  - by the river';
      const hour = int(rng, 6, 23);
      const minute = int(rng, 0, 59);
      const entry = {
        uuid: hex(rng, 32),
        creationDate: `${e.date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(int(rng, 0, 59)).padStart(2, '0')}Z`,
        modifiedDate: `${e.date}T${String(Math.min(23, hour + 1)).padStart(2, '0')}:00:00Z`,
        timeZone: pick(rng, ZONES),
        starred: rng() < 0.05,
        duration: 0,
        tags,
        text,
      };
      chunk.push(`    ${JSON.stringify(entry)}`);
      if (chunk.length === 500) {
        write(`${chunk.join(',\n')}${e.index + 1 < options.entries ? ',' : ''}\n`);
        chunk = [];
      }
    }
    if (chunk.length) write(`${chunk.join(',\n')}\n`);
    write('  ]\n}\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The measurement (in a fresh process)

interface MeasureResult {
  preview_s: number;
  run_s: number;
  import_s: number;
  /** CPU seconds (user + system) of the importing process over the same span: less sensitive than wall time to other load on the machine. */
  cpu_s: number;
  import_peak_rss_mb: number;
  max_rss_mb: number;
  entries_imported: number;
  people_created: number;
  candidates: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const round2 = (n: number) => Math.round(n * 100) / 100;

async function measure(vaultDir: string, file: string): Promise<void> {
  const { vault } = await Vault.create(vaultDir, PASSPHRASE);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, SAMPLE_MS);
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const preview = await previewImport(vault.db, 'dayone', file);
    const t1 = performance.now();
    // As the app and `--people create` decide: names become people, tags stay tags.
    const decisions: PeopleDecisions = Object.fromEntries(preview.candidates.filter((c) => c.as === 'name').map((c) => [c.name, c.match ? { personId: c.match.id } : 'create']));
    let reported = 0;
    const summary = await runImport(vault.db, 'dayone', file, decisions, {
      onProgress: (done) => {
        if (done - reported < 10_000) return;
        reported = done;
        process.stderr.write(`  imported ${done.toLocaleString('en')} entries (${((performance.now() - t1) / 1000).toFixed(1)} s)\n`);
      },
    });
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    const result: MeasureResult = {
      preview_s: round2((t1 - t0) / 1000),
      run_s: round2((t2 - t1) / 1000),
      import_s: round2((t2 - t0) / 1000),
      cpu_s: round2((cpu.user + cpu.system) / 1e6),
      import_peak_rss_mb: round2(mb(peak)),
      max_rss_mb: round2(process.resourceUsage().maxRSS / 1024),
      entries_imported: summary.entries,
      people_created: summary.peopleCreated,
      candidates: preview.candidates.length,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    vault.lock();
  }
}

function measureInFreshProcess(vaultDir: string, file: string): Promise<MeasureResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--measure', vaultDir, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) reject(new Error(`the import measurement failed (exit ${code})`));
      else resolve(JSON.parse(line) as MeasureResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The benchmark

export interface ImportBenchOptions {
  /** Entries in the Day One export (default 50,000, the size the goals are set for). */
  entries?: number;
  seed?: number;
  /** Progress lines (default: to stderr). */
  log?: (line: string) => void;
}

export interface ImportBenchResult extends MeasureResult {
  entries: number;
  export_mb: number;
  generate_s: number;
}

/** Generates the export, imports it in a fresh process and returns the figures (no printing but `log`). */
export async function runImportBench(options: ImportBenchOptions = {}): Promise<ImportBenchResult> {
  const entries = options.entries ?? 50_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-import-bench-'));
  try {
    const file = path.join(tmp, 'Journal.json');
    log(`import bench: writing a Day One export of ${entries.toLocaleString('en')} entries…`);
    const g0 = performance.now();
    const bytes = writeDayOneExport(file, { entries, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    const generate_s = round2((performance.now() - g0) / 1000);
    log(`import bench: ${mb(bytes).toFixed(1)} MB in ${generate_s} s; importing in a fresh process…`);
    const result = await measureInFreshProcess(path.join(tmp, 'vault'), file);
    if (result.entries_imported !== entries) throw new Error(`imported ${result.entries_imported} entries, expected ${entries}`);
    return { entries, export_mb: round2(mb(bytes)), generate_s, ...result };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The figures as a table, with the goals (set for 50,000 entries). */
export function importBenchTable(r: ImportBenchResult): string {
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  const label = r.entries === 50_000 ? '50k' : `${(r.entries / 1000).toLocaleString('en')}k`;
  const rows: [string, string, string][] = [
    ['entries', r.entries.toLocaleString('en'), `Day One JSON, ${r.export_mb.toFixed(1)} MB; ${r.candidates} names offered, ${r.people_created} people created`],
    [`import_${label}_s`, r.import_s.toFixed(2), `${ok(r.import_s <= IMPORT_GOALS.seconds)} ≤ ${IMPORT_GOALS.seconds} at 50k; preview ${r.preview_s.toFixed(2)} s + import ${r.run_s.toFixed(2)} s; CPU ${r.cpu_s.toFixed(2)} s; load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`],
    ['import_peak_rss_mb', r.import_peak_rss_mb.toFixed(2), `${ok(r.import_peak_rss_mb <= IMPORT_GOALS.rssMb)} ≤ ${IMPORT_GOALS.rssMb}; sampled every ${SAMPLE_MS} ms (maxRSS ${r.max_rss_mb.toFixed(0)})`],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['figure', 'value', 'goal / notes'][i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(['figure', 'value', 'goal / notes']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function usage(message: string): never {
  console.error(message);
  console.error('usage: npx tsx tests/bench/import.ts [--entries N] [--seed N] [--json FILE]');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--measure') return measure(argv[1]!, argv[2]!);
  let entries = 50_000;
  let seed: number | undefined;
  let json: string | null = null;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    if (flag === '--entries' || flag === '--seed') {
      if (value === undefined || !Number.isInteger(n) || n < (flag === '--entries' ? 1 : 0)) usage(`${flag} needs a whole number`);
      if (flag === '--entries') entries = n;
      else seed = n;
    } else if (flag === '--json' && value) json = value;
    else usage(`unknown option ${flag}`);
  }
  const result = await runImportBench({ entries, seed });
  console.log(`\n${importBenchTable(result)}`);
  if (json) fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
