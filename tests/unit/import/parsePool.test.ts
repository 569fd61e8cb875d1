/**
 * The parse workers of an import (electron/core/services/import/parsePool.ts): with workers, an
 * import and its preview give exactly what parsing on the importing thread gives — the same
 * documents in the same order, entry links resolved, the same findings with the same sample places,
 * the same problem named at the same place — a failing worker changes nothing, no worker is left
 * running however an import ends, and what a preview kept (prepared.ts) is used by the import of an
 * unchanged source and let go on lock.
 *
 * The workers are the built out/node/parseWorker.js (tests/globalSetup.ts builds it; rebuilt here
 * if a source changed since). Parsing done on the importing thread is counted through parseBatch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildNode } from '../../../scripts/build-node.mjs';
import { createEntry } from '../../../electron/core/services/entries';
import { exportMarkdown } from '../../../electron/core/services/export';
import type { ImportPreview, ImportSummary, PeopleDecisions } from '../../../electron/core/services/import';
import { forgetPreparedImport, previewImport, runImport } from '../../../electron/core/services/import';
import type { ParseSettings } from '../../../electron/core/services/import/parsePool';
import { configureParsing, parseWorkerFile, runningParseWorkers } from '../../../electron/core/services/import/parsePool';
import { hasPreparedImport } from '../../../electron/core/services/import/prepared';
import { ReadContext, readForeign } from '../../../electron/core/services/import/sources';
import { upsertPerson } from '../../../electron/core/services/people';
import { openSession } from '../../../electron/core/session/session';
import { docFromPlainText } from '../../../electron/shared/doc';
import { fixtures, importRoot, stored } from './helpers';

/** Items parsed on the importing thread (parsePool's parseHere), and every parse worker started. */
const probe = vi.hoisted(() => ({ parsedHere: 0, workers: [] as { exited: boolean }[] }));

vi.mock('../../../electron/core/services/import/parseTask', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../electron/core/services/import/parseTask')>();
  return {
    ...real,
    parseBatch: (tasks: Parameters<typeof real.parseBatch>[0]) => {
      probe.parsedHere += tasks.length;
      return real.parseBatch(tasks);
    },
  };
});

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class Worker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      const seen = { exited: false };
      probe.workers.push(seen);
      this.once('exit', () => {
        seen.exited = true;
      });
    }
  }
  return { ...real, Worker, default: { ...real, Worker } };
});

const { journal, tmp } = importRoot('parse-pool');
const WORKERS: ParseSettings = { minSourceBytes: 0, workers: 2, batchSize: 3 };
const HERE: ParseSettings = { workerFile: null };

let workerFile: string | null = null;
let dayOneSource = '';
let markdownSource = '';
let badSource = '';

/** The built parse worker; fails the test, saying why, when there is none. */
function builtWorker(): string {
  if (!workerFile) throw new Error('No usable out/node/parseWorker.js: parseWorkerFile() is null (run `node scripts/build-node.mjs`; a source newer than out/node/.built makes it stale).');
  return workerFile;
}

// ---------------------------------------------------------------------------------------------
// Sources

/**
 * A Day One export of 40 entries: the dayone-zones fixture four times over (fresh uuids per copy,
 * its entry links kept within the copy: forward, back and one to an entry not exported), each copy
 * followed by an entry linking into the next and the previous copy, so links cross batches and
 * workers. Photos found and missing, zone fallbacks (8: more than the preview's 5 samples), rich
 * text, empty entries skipped.
 */
function writeDayOne(dir: string): string {
  const base = JSON.parse(fs.readFileSync(path.join(fixtures, 'dayone-zones', 'Journal.json'), 'utf8')) as { metadata: unknown; entries: { uuid: string }[] };
  const uuids = [...base.entries.map((e) => e.uuid), 'DEADBEEFDEADBEEFDEADBEEFDEADBEEF'];
  const uuidIn = (uuid: string, copy: number) => `${uuid.slice(0, 30)}${(copy + 1).toString(16).padStart(2, '0').toUpperCase()}`;
  const entries: unknown[] = [];
  const COPIES = 4;
  for (let copy = 0; copy < COPIES; copy++) {
    let text = JSON.stringify(base.entries);
    for (const uuid of uuids) text = text.replaceAll(uuid, uuidIn(uuid, copy));
    entries.push(...(JSON.parse(text) as unknown[]));
    const next = uuidIn(uuids[0]!, (copy + 1) % COPIES);
    const previous = uuidIn(uuids[6]!, (copy + COPIES - 1) % COPIES);
    entries.push({
      uuid: uuidIn('CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC', copy),
      creationDate: `2024-07-0${copy + 1}T10:00:00Z`,
      timeZone: 'Europe/Paris',
      tags: ['cross'],
      text: `Cross ${copy}: see [the next copy](dayone2://view?entryId=${next}) and [the one before](dayone2://view?entryId=${previous}) with @Sam.`,
    });
  }
  fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'dayone-zones', 'photos', '0e2d16db35b89f9880ee5b3441659d54.jpeg'), path.join(dir, 'photos', '0e2d16db35b89f9880ee5b3441659d54.jpeg'));
  fs.writeFileSync(path.join(dir, 'Journal.json'), JSON.stringify({ metadata: base.metadata, entries }));
  return dir;
}

/**
 * A Markdown folder of 39 files, read in this order: Mutual export entries (mentions of people by
 * id, before their person files are met), those person files, more Mutual entries (after), the
 * obsidian fixture twice, and generated notes with front matter, tags, names, code and tables.
 */
async function writeMarkdown(dir: string): Promise<string> {
  const db = await journal();
  const ana = upsertPerson(db, { name: 'Ana Lucía' });
  const sam = upsertPerson(db, { name: 'Sam' });
  for (let i = 0; i < 8; i++) {
    const people = i % 2 ? [ana] : [sam, ana];
    createEntry(db, { date: `2024-02-${String(i + 1).padStart(2, '0')}`, doc: docFromPlainText({ given: `Given ${i} to ${people.map((p) => p.name).join(' and ')}`, note: `Mutual note ${i} #kept`, unsaid: i % 3 ? '' : `Unsaid ${i}` }, people) });
  }
  const exported = path.join(tmp.root, 'mutual-export');
  await exportMarkdown(db, exported);
  const exportedEntries = fs.readdirSync(path.join(exported, 'entries')).sort();
  const copyAll = (from: string, names: string[], to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const name of names) fs.copyFileSync(path.join(from, name), path.join(to, name));
  };
  copyAll(path.join(exported, 'entries'), exportedEntries.slice(0, 4), path.join(dir, 'a-mutual'));
  copyAll(path.join(exported, 'people'), fs.readdirSync(path.join(exported, 'people')), path.join(dir, 'b-people'));
  copyAll(path.join(exported, 'entries'), exportedEntries.slice(4), path.join(dir, 'c-mutual'));
  fs.cpSync(path.join(fixtures, 'obsidian'), path.join(dir, 'd-obsidian'), { recursive: true });
  fs.cpSync(path.join(fixtures, 'obsidian'), path.join(dir, 'e-obsidian'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'f-notes'));
  for (let i = 1; i <= 21; i++) {
    const day = String(i).padStart(2, '0');
    const front = ['---', `date: 2024-08-${day}${i % 4 === 0 ? ' 21:15' : ''}`, `tags: [note${i % 3}, shared]`, ...(i % 5 === 0 ? ['mood: fine'] : []), ...(i % 7 === 0 ? [`people: ["[[Noor]]"]`] : []), '---'];
    const body = [
      `Note ${i} with @Noor and [[Ana Lucía]] about #topic${i % 4}.`,
      ...(i % 3 === 0 ? ['', '```', `code ${i}`, '```'] : []),
      ...(i % 4 === 1 ? ['', '| a | b |', '| - | - |', `| ${i} | x |`] : []),
      ...(i % 6 === 0 ? ['', `[unsafe](javascript:alert(${i}))`] : []),
    ];
    fs.writeFileSync(path.join(dir, 'f-notes', `2024-08-${day}${i % 2 ? '' : '-x'} note.md`), [...front, ...body, ''].join('\n'));
  }
  return dir;
}

/** 20 Day One entries, the eighth (index 7) without a creationDate. */
function writeBadDayOne(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const entries = Array.from({ length: 20 }, (_, i) => ({
    uuid: `${String(i).padStart(2, '0')}${'AB'.repeat(15)}`,
    ...(i === 7 ? {} : { creationDate: new Date(Date.UTC(2023, 0, 1 + i, 9)).toISOString() }),
    timeZone: 'Europe/Berlin',
    text: `Entry ${i} with @Sam`,
  }));
  fs.writeFileSync(path.join(dir, 'Journal.json'), JSON.stringify({ metadata: { version: '1.0' }, entries }));
  return dir;
}

beforeAll(async () => {
  // A source saved since the global set-up (another change in progress) makes out/node stale.
  await buildNode();
  workerFile = parseWorkerFile();
  dayOneSource = writeDayOne(tmp.sub('dayone'));
  markdownSource = await writeMarkdown(tmp.sub('markdown'));
  badSource = writeBadDayOne(tmp.sub('bad'));
}, 60_000);

// ---------------------------------------------------------------------------------------------
// Running and comparing

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The journal's entries in order, with every id (entries', people's, unsaid items') replaced by
 * the order it first appears in: two imports are the same when these are equal, links included.
 */
function normalised(entries: ReturnType<typeof stored>): unknown {
  const ids = new Map<string, string>();
  const dump = JSON.stringify(entries.map((e) => ({ id: e.id, date: e.date, writtenAt: e.writtenAt, texts: e.texts, doc: e.doc })));
  return JSON.parse(
    dump.replace(UUID, (id) => {
      if (!ids.has(id)) ids.set(id, `#${ids.size}`);
      return ids.get(id)!;
    }),
  );
}

/** The entry links of a journal: each must name an entry of it. */
function entryLinks(entries: ReturnType<typeof stored>): string[] {
  return [...JSON.stringify(entries.map((e) => e.doc)).matchAll(/mutual:entry\/([^"]*)/g)].map((m) => m[1]!);
}

interface Run {
  preview: ImportPreview;
  summary: ImportSummary;
  entries: ReturnType<typeof stored>;
  /** Items parsed on the importing thread by the preview, and by the import. */
  parsedHere: { preview: number; import: number };
  /** The most parse workers seen running during the preview, and during the import. */
  running: { preview: number; import: number };
}

/** What a progress object's isCancelled sees (it is asked before each batch): the workers running then. */
function watching(cancelAfter = Infinity) {
  let asked = 0;
  const seen = { most: 0 };
  return {
    seen,
    progress: {
      isCancelled: () => {
        seen.most = Math.max(seen.most, runningParseWorkers());
        return ++asked > cancelAfter;
      },
    },
  };
}

/**
 * A preview, then — with what it kept let go, so that the source is parsed again — the import, in
 * a new journal, parsing as `parsing` says.
 */
async function previewAndImport(format: 'dayone' | 'markdown', source: string, parsing: ParseSettings, decisions: PeopleDecisions = {}): Promise<Run> {
  const restore = configureParsing(parsing);
  try {
    const db = await journal();
    probe.parsedHere = 0;
    const p = watching();
    const preview = await previewImport(db, format, source, p.progress);
    const previewParsed = probe.parsedHere;
    forgetPreparedImport();
    probe.parsedHere = 0;
    const i = watching();
    const summary = await runImport(db, format, source, decisions, i.progress);
    return { preview, summary, entries: stored(db), parsedHere: { preview: previewParsed, import: probe.parsedHere }, running: { preview: p.seen.most, import: i.seen.most } };
  } finally {
    restore();
  }
}

const allExited = () => probe.workers.every((w) => w.exited);

/** Expects the two runs to be the same import. */
function expectSame(withWorkers: Run, here: Run): void {
  expect(withWorkers.preview).toEqual(here.preview);
  expect(withWorkers.summary).toEqual(here.summary);
  expect(withWorkers.entries.length).toBe(here.entries.length);
  expect(normalised(withWorkers.entries)).toEqual(normalised(here.entries));
}

const DAYONE_PEOPLE: PeopleDecisions = { Sam: 'create', Noor: 'create', 'Ana Lucía': 'create' };
const MARKDOWN_PEOPLE: PeopleDecisions = { Noor: 'create', 'Ana Lucía': 'create', Sam: 'create' };

// ---------------------------------------------------------------------------------------------

describe('parse workers give exactly what parsing on the importing thread gives', () => {
  it('a Day One export: the same preview (findings and their sample places), summary and documents in order, entry links resolved', async () => {
    const file = builtWorker();
    const here = await previewAndImport('dayone', dayOneSource, HERE, DAYONE_PEOPLE);
    const pooled = await previewAndImport('dayone', dayOneSource, { ...WORKERS, workerFile: file }, DAYONE_PEOPLE);

    // The workers did the parsing: all of the import's, and at least part of the preview's.
    expect(here.parsedHere).toEqual({ preview: 40, import: 40 });
    expect(pooled.running).toEqual({ preview: 2, import: 2 });
    expect(pooled.parsedHere.import).toBe(0);
    expect(pooled.parsedHere.preview).toBeLessThan(40);

    // What the comparison covers: order, samples cut at five, links forward, back and across copies.
    expect(here.entries.length).toBe(36); // 4 × (9 − 2 empty + 1 cross)
    // (An entry linking to one further on is written at the end.)
    expect(here.entries.slice(0, 3).map((e) => e.note.slice(0, 12))).toEqual(['Ramen after ', 'Harbour day\n', 'Fell back to']);
    expect(here.preview.zoneFallbacks).toEqual({ count: 8, where: ['Journal.json, entry 6', 'Journal.json, entry 7', 'Journal.json, entry 16', 'Journal.json, entry 17', 'Journal.json, entry 26'] });
    expect(here.preview.photos).toEqual({ found: 8, missing: 4 });
    expect(here.preview.findings.find((f) => f.key === 'danglingEntryLinks')?.count).toBe(4);
    expectSame(pooled, here);

    const ids = new Set(pooled.entries.map((e) => e.id));
    const links = entryLinks(pooled.entries);
    expect(links.length).toBe(4 * 2 + 4 * 2); // the fixture's two per copy, and each cross entry's two
    for (const id of links) expect(ids.has(id), `link to ${id}`).toBe(true);
    expect(JSON.stringify(pooled.entries.map((e) => e.doc))).not.toContain('mutualLink');
    // Each cross entry links to the first entry of the next copy.
    const cross = pooled.entries.filter((e) => e.note.startsWith('Cross')).sort((a, b) => a.note.localeCompare(b.note));
    const firsts = pooled.entries.filter((e) => e.note.startsWith('Late walk'));
    expect(cross.map((c) => entryLinks([c])[0])).toEqual([firsts[1]!.id, firsts[2]!.id, firsts[3]!.id, firsts[0]!.id]);
    await vi.waitFor(() => expect(allExited()).toBe(true));
    expect(runningParseWorkers()).toBe(0);
  });

  it('a Markdown folder: Mutual entries before and after their person files, Obsidian notes, findings past five samples', async () => {
    const file = builtWorker();
    const here = await previewAndImport('markdown', markdownSource, HERE, MARKDOWN_PEOPLE);
    const pooled = await previewAndImport('markdown', markdownSource, { ...WORKERS, workerFile: file }, MARKDOWN_PEOPLE);

    expect(here.parsedHere).toEqual({ preview: 39, import: 39 });
    expect(pooled.running).toEqual({ preview: 2, import: 2 });
    expect(pooled.parsedHere.import).toBe(0);

    expect(here.entries.length).toBe(8 + 2 * 3 + 21);
    expect(here.entries[0]!.texts).toContain('Given 0');
    expect(here.entries.at(-1)!.note).toContain('Note 21');
    expect(here.preview.people.map((p) => p.name).sort()).toEqual(['Ana Lucía', 'Sam']);
    const fields = here.preview.findings.find((f) => f.key === 'frontMatterFields')!;
    expect(fields.count).toBe(2 + 4);
    expect(fields.where).toHaveLength(5);
    expect(here.preview.findings.find((f) => f.key === 'personFile')?.count).toBe(2);
    expectSame(pooled, here);
    await vi.waitFor(() => expect(allExited()).toBe(true));
    expect(runningParseWorkers()).toBe(0);
  });

  it('a bad entry in the middle (no creationDate, entry 8 of 20): the same error naming the same place, and nothing written', async () => {
    const file = builtWorker();
    const failures: { preview: unknown; run: unknown; written: number; running: number }[] = [];
    for (const parsing of [HERE, { ...WORKERS, workerFile: file }]) {
      const restore = configureParsing(parsing);
      try {
        const db = await journal();
        const preview = await previewImport(db, 'dayone', badSource).then(
          () => null,
          (e: unknown) => e,
        );
        const w = watching();
        const run = await runImport(db, 'dayone', badSource, { Sam: 'create' }, w.progress).then(
          () => null,
          (e: unknown) => e,
        );
        failures.push({ preview, run, written: stored(db).length + (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n, running: w.seen.most });
      } finally {
        restore();
      }
    }
    const [here, pooled] = failures;
    const message = 'Could not import Journal.json, entry 8: it is not a Day One entry (it needs a creationDate). Nothing was imported; fix or remove that entry and try again.';
    for (const f of [here!, pooled!]) {
      expect(f.preview).toMatchObject({ code: 'BAD_INPUT', message });
      expect(f.run).toMatchObject({ code: 'BAD_INPUT', message });
      expect(f.written).toBe(0);
    }
    expect(pooled!.preview).toEqual(here!.preview);
    expect(pooled!.run!.constructor).toBe(here!.run!.constructor);
    expect(pooled!.running).toBe(2);
    await vi.waitFor(() => expect(allExited()).toBe(true));
    expect(runningParseWorkers()).toBe(0);
  });

  it('a source that breaks off (JSON cut in entry 12): the eleven entries before it, then the same error, with or without workers', async () => {
    const file = builtWorker();
    const whole = JSON.stringify({ entries: Array.from({ length: 20 }, (_, i) => ({ creationDate: new Date(Date.UTC(2023, 0, 1 + i, 9)).toISOString(), text: `Entry ${i + 1}` })) });
    const source = path.join(tmp.sub('truncated'), 'cut.json');
    fs.mkdirSync(path.dirname(source));
    fs.writeFileSync(source, whole.slice(0, whole.indexOf('Entry 12') + 3));
    const outcomes: { read: string[]; error: unknown }[] = [];
    for (const workers of [0, 2]) {
      const restore = configureParsing(workers ? { ...WORKERS, workerFile: file } : HERE);
      try {
        const read: string[] = [];
        const error = await (async () => {
          for await (const entry of readForeign('dayone', source, new ReadContext(), { workers })) read.push(entry.where);
        })().then(
          () => null,
          (e: unknown) => e,
        );
        outcomes.push({ read, error: error instanceof Error ? error.message : error });
      } finally {
        restore();
      }
    }
    expect(outcomes[0]!.read).toEqual(Array.from({ length: 11 }, (_, i) => `cut.json, entry ${i + 1}`));
    expect(outcomes[0]!.error).toMatch(/^Could not import cut\.json: it is not valid JSON/);
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(runningParseWorkers()).toBe(0);
  });
});

describe('a parse worker that fails', () => {
  /** A worker file of its own: `lines` are its code. */
  function workerScript(name: string, lines: string[]): string {
    const file = path.join(tmp.root, name);
    fs.writeFileSync(file, lines.join('\n'));
    return file;
  }

  it.each([
    ['throws on its first message', ["import { parentPort } from 'node:worker_threads';", "parentPort.on('message', () => { throw new Error('parse worker failing on purpose'); });"]],
    ['exits on its first message', ["import { parentPort } from 'node:worker_threads';", "parentPort.on('message', () => process.exit(3));"]],
    ['cannot even start', ["throw new Error('parse worker failing on purpose');"]],
  ])('one that %s: the items are parsed on the importing thread, with the same result', async (name, lines) => {
    builtWorker();
    const file = workerScript(`${name.replaceAll(' ', '-')}.mjs`, lines);
    const here = await previewAndImport('dayone', dayOneSource, HERE, DAYONE_PEOPLE);
    const failing = await previewAndImport('dayone', dayOneSource, { ...WORKERS, workerFile: file }, DAYONE_PEOPLE);
    expect(failing.parsedHere).toEqual({ preview: 40, import: 40 });
    expectSame(failing, here);
    await vi.waitFor(() => expect(allExited()).toBe(true));
    expect(runningParseWorkers()).toBe(0);
  });

  it('one of two ends with the first batch in it while the other, full, keeps working: that batch waits for room in the other, nothing is lost or reordered', async () => {
    const real = builtWorker();
    // The worker sent batch 1 ends before the real worker's listener answers it (process.exit stops
    // the thread at once; a throw would not: the port's other listeners still run). The other is
    // slow with its first batch, so it still holds all three of its batches when that end is heard.
    const failOnFirst = workerScript('fail-on-first.mjs', [
      "import { parentPort } from 'node:worker_threads';",
      'let first = true;',
      "parentPort.on('message', (m) => {",
      '  if (m.id === 1) process.exit(3);',
      '  if (first) { first = false; Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); }',
      '});',
    ]);
    const file = workerScript('one-fails.mjs', [`import ${JSON.stringify(pathToFileURL(failOnFirst).href)};`, `import ${JSON.stringify(pathToFileURL(real).href)};`]);
    for (const [format, source, decisions] of [
      ['dayone', dayOneSource, DAYONE_PEOPLE],
      ['markdown', markdownSource, MARKDOWN_PEOPLE],
    ] as const) {
      const expected = await previewAndImport(format, source, HERE, decisions);
      const started = probe.workers.length;
      const oneFails = await previewAndImport(format, source, { ...WORKERS, workerFile: file }, decisions);
      expect(probe.workers.length - started).toBe(4); // two for the preview, two for the import
      // The import leaves parsing to the workers: the one left parsed everything, batch 1 included.
      expect(oneFails.parsedHere.import).toBe(0);
      expectSame(oneFails, expected);
    }
    await vi.waitFor(() => expect(allExited()).toBe(true));
    expect(runningParseWorkers()).toBe(0);
  });
});

describe('no parse worker is left running', () => {
  it('after a preview or an import cancelled part way, as after one that finished', async () => {
    const file = builtWorker();
    const restore = configureParsing({ ...WORKERS, workerFile: file });
    try {
      const db = await journal();
      const startedBefore = probe.workers.length;
      const p = watching(4);
      await expect(previewImport(db, 'dayone', dayOneSource, p.progress)).rejects.toThrow(/cancelled/);
      expect(p.seen.most).toBe(2);
      expect(runningParseWorkers()).toBe(0);
      // Stopped, not merely counted as stopped: each worker had ended when the preview answered.
      expect(probe.workers.length - startedBefore).toBe(2);
      expect(allExited()).toBe(true);
      expect(hasPreparedImport()).toBe(false);

      const i = watching(4);
      await expect(runImport(db, 'markdown', markdownSource, MARKDOWN_PEOPLE, i.progress)).rejects.toThrow(/cancelled/);
      expect(i.seen.most).toBe(2);
      expect(runningParseWorkers()).toBe(0);
      expect(allExited()).toBe(true);
      expect(stored(db)).toHaveLength(0);

      // A reader left part way (the loop that reads it stops): its workers stop too.
      const read: string[] = [];
      for await (const entry of readForeign('dayone', dayOneSource, new ReadContext(), { workers: 2 })) {
        expect(runningParseWorkers()).toBe(2);
        read.push(entry.where);
        if (read.length === 5) break;
      }
      expect(runningParseWorkers()).toBe(0);
      expect(allExited()).toBe(true);

      const w = watching();
      await previewImport(db, 'markdown', markdownSource, w.progress);
      expect(w.seen.most).toBe(2);
      expect(runningParseWorkers()).toBe(0);
      expect(allExited()).toBe(true);
    } finally {
      restore();
      forgetPreparedImport();
    }
  });
});

describe('what a preview keeps for the import (prepared.ts)', () => {
  /** A copy of the Markdown source to change. */
  function markdownCopy(): string {
    const dir = tmp.sub('markdown-copy');
    fs.cpSync(markdownSource, dir, { recursive: true });
    return dir;
  }

  it('the import of an unchanged source writes what the preview read without parsing it again, with or without workers', async () => {
    // Day One rather than the Markdown folder: there, entries met before the person files they
    // mention import differently once the preview is kept (its context knows every person file
    // from the start), which is not what this checks.
    const file = builtWorker();
    const reference = await previewAndImport('dayone', dayOneSource, HERE, DAYONE_PEOPLE);
    for (const parsing of [HERE, { ...WORKERS, workerFile: file }]) {
      const restore = configureParsing(parsing);
      try {
        const db = await journal();
        probe.parsedHere = 0;
        const preview = await previewImport(db, 'dayone', dayOneSource);
        expect(hasPreparedImport()).toBe(true);
        const previewParsed = probe.parsedHere;
        const started = probe.workers.length;
        const w = watching();
        const summary = await runImport(db, 'dayone', dayOneSource, DAYONE_PEOPLE, w.progress);
        // Nothing parsed, here or in a worker; nothing kept afterwards.
        expect(probe.parsedHere).toBe(previewParsed);
        expect(probe.workers.length).toBe(started);
        expect(w.seen.most).toBe(0);
        expect(hasPreparedImport()).toBe(false);
        expect(preview).toEqual(reference.preview);
        expect(summary).toEqual(reference.summary);
        expect(normalised(stored(db))).toEqual(normalised(reference.entries));
      } finally {
        restore();
      }
    }
  });

  it('a file changed after the preview: the import reads the source again and writes what the file says now', async () => {
    const restore = configureParsing(HERE);
    try {
      const source = markdownCopy();
      const db = await journal();
      await previewImport(db, 'markdown', source);
      expect(hasPreparedImport()).toBe(true);
      const changed = path.join(source, 'f-notes', '2024-08-01 note.md');
      fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8').replace('Note 1 with', 'Note 1, changed after the preview, with'));
      probe.parsedHere = 0;
      await runImport(db, 'markdown', source, MARKDOWN_PEOPLE);
      expect(probe.parsedHere).toBe(39);
      expect(stored(db).filter((e) => e.note.includes('changed after the preview'))).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it('let go by forgetPreparedImport and by locking the journal: the import then parses again', async () => {
    const restore = configureParsing(HERE);
    try {
      const db = await journal();
      await previewImport(db, 'markdown', markdownSource);
      expect(hasPreparedImport()).toBe(true);
      forgetPreparedImport();
      expect(hasPreparedImport()).toBe(false);
      probe.parsedHere = 0;
      await runImport(db, 'markdown', markdownSource, {});
      expect(probe.parsedHere).toBe(39);

      await previewImport(await journal(), 'markdown', markdownSource);
      expect(hasPreparedImport()).toBe(true);
      // Session.lock lets it go, whichever journal the preview read into.
      openSession(tmp.sub('session')).lock();
      expect(hasPreparedImport()).toBe(false);
    } finally {
      restore();
    }
  });
});
