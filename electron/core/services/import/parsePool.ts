/**
 * The parse workers of an import: parsing each entry's text (Markdown, rich text, front matter)
 * is most of an import's work, so it runs in worker threads of its own, apart from the thread
 * that owns the journal, which meanwhile reads the source and writes what was parsed.
 *
 * - As many workers as there are cores beyond the importing thread's (os.availableParallelism()
 *   − 1, at least 1), started for one preview or import and stopped when it ends, fails or is
 *   cancelled (the generator's `finally`: worker.terminate(), mid-batch if need be).
 * - Items are sent in batches, a few batches ahead per worker, and their results come back in the
 *   source's order: parseInOrder yields exactly what reading the source on one thread would, a
 *   problem included — an entry that cannot be read is reported with its file and entry number
 *   once everything before it has been (parseTask.ts).
 * - `help`: the importing thread parses too while it would otherwise wait for a batch (a preview,
 *   which has little else to do); an import that writes as it reads leaves parsing to the workers.
 * - No worker, same results: where no built parse worker is found (parseWorkerFile), for a small
 *   source (starting a worker costs more than it saves), or when a worker fails (its batches are
 *   parsed again), the items are parsed on the importing thread by the same function.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseOutcome, SourceItem } from './parseTask';
import { parseBatch } from './parseTask';
import type { ParseAnswer, ParseRequest } from './parseWorker';

export interface ParseSettings {
  /** The built parse worker, or null to parse on the importing thread; undefined: parseWorkerFile(). */
  workerFile?: string | null;
  /** How many workers (default: os.availableParallelism() − 1, at least 1). */
  workers?: number;
  /** Sources smaller than this many bytes are parsed on the importing thread. */
  minSourceBytes?: number;
  /** Items a batch holds at most. */
  batchSize?: number;
}

const DEFAULTS = { minSourceBytes: 512 * 1024, batchSize: 32 };
/** Batches sent to a worker before its first answer comes back: it never waits for the next. */
const DEPTH = 3;

let settings: ParseSettings = {};

/** Changes how imports parse (tests, benchmarks); returns a function that puts back what was. */
export function configureParsing(next: ParseSettings): () => void {
  const before = settings;
  settings = { ...settings, ...next };
  return () => {
    settings = before;
  };
}

/** The newest change of a file under `dir` (a folder's own time counts too). */
function newestMtime(dir: string): number {
  let newest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Where the built parse worker is, or null when there is none to use. Found the way the journal
 * worker's hosts find theirs:
 * - in a bundle (out/node for the `mutual` command and the web host, out/main in the app), it is
 *   parseWorker.js beside the entry that runs, which is this file's folder or, for a chunk of
 *   out/node (out/node/chunks/), the folder above;
 * - run from the sources (this file is TypeScript: tests, tsx, benchmarks), it is the out/node
 *   build (tests/globalSetup.ts and `npm install` make it), used only when it is not older than
 *   any source under electron/ (scripts/build-node.mjs's own rule), so that a stale build never
 *   parses in place of the code being run.
 * Null — no worker file, or a stale one — means parsing on the importing thread.
 */
export function parseWorkerFile(moduleUrl: string = import.meta.url): string | null {
  const here = path.dirname(fileURLToPath(moduleUrl));
  if (/\.[cm]?tsx?$/.test(moduleUrl)) {
    const root = path.resolve(here, '../../../..');
    const file = path.join(root, 'out/node/parseWorker.js');
    try {
      const built = fs.statSync(path.join(root, 'out/node/.built')).mtimeMs;
      return fs.existsSync(file) && newestMtime(path.join(root, 'electron')) <= built ? file : null;
    } catch {
      return null;
    }
  }
  for (const dir of [here, path.dirname(here)]) {
    const file = path.join(dir, 'parseWorker.js');
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** How many parse workers an import of `sourceBytes` bytes uses: 0 to parse on its own thread. */
export function parseWorkerCount(sourceBytes: number): number {
  if (sourceBytes < (settings.minSourceBytes ?? DEFAULTS.minSourceBytes)) return 0;
  if (settings.workerFile === null) return 0;
  return Math.max(1, settings.workers ?? os.availableParallelism() - 1);
}

/** Workers running now, of every import (for tests: none are left once an import has ended). */
let running = 0;
export function runningParseWorkers(): number {
  return running;
}

interface Batch {
  items: SourceItem[];
  outcomes: ParseOutcome[] | null;
  worker: PoolWorker | null;
  /** Resolves once `outcomes` is set. */
  done: Promise<void>;
  finish: (outcomes: ParseOutcome[]) => void;
  /** The source failed after these items. */
  failure: { error: unknown } | null;
}

interface PoolWorker {
  worker: Worker;
  alive: boolean;
  inFlight: Map<number, Batch>;
}

export interface ParseInOrderOptions {
  /** Parse workers to use (parseWorkerCount); 0 parses everything on this thread. */
  workers: number;
  /** Parse on this thread too while waiting for a worker (see above). */
  help?: boolean;
  /** Checked before each batch; stops everything by throwing what `stop` returns. */
  isCancelled?: () => boolean;
  stop?: () => Error;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function newBatch(items: SourceItem[]): Batch {
  let finish: (outcomes: ParseOutcome[]) => void = () => {};
  const batch: Batch = { items, outcomes: null, worker: null, done: Promise.resolve(), finish: () => {}, failure: null };
  batch.done = new Promise<void>((resolve) => {
    finish = (outcomes) => {
      if (batch.outcomes) return;
      batch.outcomes = outcomes;
      resolve();
    };
  });
  batch.finish = (outcomes) => finish(outcomes);
  return batch;
}

/**
 * The source's items, each with what reading it gave (its entry and what it told, or its problem:
 * replayParsed applies it), in the source's order.
 */
export async function* parseInOrder(source: AsyncIterable<SourceItem>, options: ParseInOrderOptions): AsyncGenerator<{ item: SourceItem; outcome: ParseOutcome }> {
  const batchSize = settings.batchSize ?? DEFAULTS.batchSize;
  const file = options.workers > 0 ? (settings.workerFile === undefined ? parseWorkerFile() : settings.workerFile) : null;
  const pool: PoolWorker[] = [];
  const queue: Batch[] = [];
  let nextId = 1;
  let wake: (() => void) | null = null;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const retire = (pw: PoolWorker) => {
    if (!pw.alive) return;
    pw.alive = false;
    running--;
    // Its batches go back to the queue, to another worker or to this thread.
    for (const batch of pw.inFlight.values()) batch.worker = null;
    pw.inFlight.clear();
    void pw.worker.terminate().catch(() => undefined);
    dispatch();
    nudge();
  };

  const start = (workerFile: string): PoolWorker | null => {
    let worker: Worker;
    try {
      // execArgv: none of this process's (a test's tsx loader, say): the worker is plain built JavaScript.
      worker = new Worker(workerFile, { execArgv: [] });
    } catch {
      return null;
    }
    const pw: PoolWorker = { worker, alive: true, inFlight: new Map() };
    running++;
    worker.unref();
    worker.on('message', (answer: ParseAnswer) => {
      const batch = pw.inFlight.get(answer.id);
      if (!batch) return;
      pw.inFlight.delete(answer.id);
      if (pw.inFlight.size === 0) worker.unref();
      batch.finish(JSON.parse(answer.outcomes) as ParseOutcome[]);
      dispatch();
      nudge();
    });
    worker.on('error', () => retire(pw));
    worker.on('exit', () => retire(pw));
    return pw;
  };

  function dispatch(): void {
    for (const batch of queue) {
      if (batch.outcomes || batch.worker) continue;
      const pw = pool.filter((p) => p.alive && p.inFlight.size < DEPTH).sort((a, b) => a.inFlight.size - b.inFlight.size)[0];
      if (!pw) return;
      const id = nextId++;
      batch.worker = pw;
      pw.inFlight.set(id, batch);
      // Kept alive while it has work: an awaited answer must keep the process running.
      pw.worker.ref();
      const request: ParseRequest = { id, tasks: batch.items.map((i) => i.task) };
      pw.worker.postMessage(request);
    }
  }

  const parseHere = (batch: Batch) => batch.finish(parseBatch(batch.items.map((i) => i.task)));

  const it = source[Symbol.asyncIterator]();
  let sourceDone = false;
  const readBatch = async (): Promise<Batch | null> => {
    const items: SourceItem[] = [];
    let failure: Batch['failure'] = null;
    try {
      while (items.length < batchSize) {
        const next = await it.next();
        if (next.done) {
          sourceDone = true;
          break;
        }
        items.push(next.value);
      }
    } catch (error) {
      sourceDone = true;
      failure = { error };
    }
    if (!items.length && !failure) return null;
    const batch = newBatch(items);
    batch.failure = failure;
    return batch;
  };

  try {
    if (file) {
      for (let i = 0; i < options.workers; i++) {
        const pw = start(file);
        if (pw) pool.push(pw);
      }
    }
    const ahead = pool.length * DEPTH + (options.help || pool.length === 0 ? 1 : 0);
    for (;;) {
      if (options.isCancelled?.()) throw options.stop ? options.stop() : new Error('cancelled');
      while (!sourceDone && queue.length < Math.max(1, ahead)) {
        const batch = await readBatch();
        if (batch) queue.push(batch);
        dispatch();
      }
      const head = queue[0];
      if (!head) break;
      while (!head.outcomes) {
        const alive = pool.some((p) => p.alive);
        if (!head.worker && (!alive || options.help)) {
          parseHere(head);
          break;
        }
        const spare = options.help ? queue.find((b) => !b.outcomes && !b.worker) : undefined;
        if (spare) {
          parseHere(spare);
          continue;
        }
        // Wait for an answer or a worker's end (each nudges). Nothing has changed since the checks
        // above. The head may be without a worker here: its worker failed and the others are full
        // (dispatch gives it the first room that frees), so never resolve at once on that — the
        // loop would spin on promises alone, and the answers that make room would never be read.
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      queue.shift();
      for (let i = 0; i < head.items.length; i++) yield { item: head.items[i]!, outcome: head.outcomes![i]! };
      if (head.failure) throw head.failure.error;
      // Parsing on this thread: let the event loop breathe between batches.
      if (!pool.some((p) => p.alive)) await tick();
    }
  } finally {
    for (const pw of pool) {
      if (!pw.alive) continue;
      pw.alive = false;
      running--;
      pw.worker.removeAllListeners('message');
      await pw.worker.terminate().catch(() => undefined);
    }
    await it.return?.();
  }
}
