#!/usr/bin/env node
/**
 * Compiles the plain-Node programs ahead of time with esbuild, so nothing is transpiled when they
 * run: the `mutual` command (bin/mutual.js loads out/node/cli.js) and the journal worker
 * (out/node/journalWorker.js).
 *
 * - ESM for Node 20, one bundle per entry; modules that only some commands need are loaded with
 *   import() and become their own chunks (out/node/chunks/), so `mutual --help` reads a few
 *   kilobytes and `mutual add` never parses the import parsers.
 * - Packages with native parts stay outside the bundle and are loaded from node_modules, where
 *   `npm install` built them. esbuild stops with an error if a bundled package ever brings a
 *   `.node` file, so a new native dependency cannot slip in unnoticed: add it to NATIVE.
 * - Runs as `prepare` (npm install, npm ci) and before the tests (tests/globalSetup.ts): it
 *   rebuilds only when a source under electron/, package.json, the lock file or this script is
 *   newer than the stamp out/node/.built. `--force` rebuilds anyway.
 *
 *   node scripts/build-node.mjs [--force] [--metafile FILE]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(root, 'out/node');
const stampFile = path.join(outDir, '.built');

/** Packages with native parts (or that load them): required from node_modules at run time. */
export const NATIVE = ['better-sqlite3-multiple-ciphers', '@node-rs/argon2', 'sharp'];

export const entryPoints = {
  cli: path.join(root, 'electron/cli/main.ts'),
  journalWorker: path.join(root, 'electron/core/worker/journalWorker.ts'),
  parseWorker: path.join(root, 'electron/core/services/import/parseWorker.ts'),
};

/** A change to any of these makes the build stale. */
const sourceRoots = [path.join(root, 'electron')];
const sourceFiles = ['package.json', 'package-lock.json', 'scripts/build-node.mjs'].map((f) => path.join(root, f));

/**
 * Chunks the new build no longer produces are removed once they are this old. Not at once: a
 * process started from the previous build (a web host's journal worker, a `mutual` running) still
 * loads its lazy chunks (the importers) from them.
 */
const OLD_CHUNK_MS = 24 * 60 * 60_000;

/** Bundled CommonJS packages (yaml, yauzl, stream-json) call require(): ESM output needs one. */
const banner = "import { createRequire as __mutualCreateRequire } from 'node:module';\nconst require = __mutualCreateRequire(import.meta.url);";

/** The esbuild options, also used by tests and by anyone who wants the metafile. */
export function buildOptions() {
  return {
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    external: NATIVE,
    banner: { js: banner },
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    write: false,
  };
}

/** The newest change under `dir`; a folder's own time counts too (a file removed or renamed in it). */
function newestMtime(dir) {
  let newest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when out/node is missing or older than anything it is built from. */
export function isStale() {
  let built;
  try {
    built = fs.statSync(stampFile).mtimeMs;
  } catch {
    return true;
  }
  if (!Object.keys(entryPoints).every((name) => fs.existsSync(path.join(outDir, `${name}.js`)))) return true;
  for (const file of sourceFiles) if (fs.existsSync(file) && fs.statSync(file).mtimeMs > built) return true;
  return sourceRoots.some((dir) => newestMtime(dir) > built);
}

/** Writes through a temporary file and a rename, so a `mutual` starting meanwhile reads old or new, never half. */
function writeAtomic(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

function removeOldChunks(keep) {
  const dir = path.join(outDir, 'chunks');
  if (!fs.existsSync(dir)) return;
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (keep.has(file)) continue;
    try {
      if (now - fs.statSync(file).mtimeMs > OLD_CHUNK_MS || name.endsWith('.tmp')) fs.rmSync(file, { force: true });
    } catch {
      // Removed by a build running at the same time: nothing to do.
    }
  }
}

/**
 * Builds out/node when it is stale (or always with `force`). Resolves with whether it built, how
 * long it took and esbuild's metafile (null when nothing was built).
 */
export async function buildNode({ force = false } = {}) {
  if (!force && !isStale()) return { built: false, ms: 0, metafile: null };
  // The stamp gets the time the build started: a source saved while esbuild runs is newer than
  // it, so the next check builds again.
  const started = new Date();
  const t0 = performance.now();
  const result = await esbuild.build(buildOptions());
  const files = result.outputFiles;
  // Chunks first, entries last: an entry is only ever next to the chunks it imports.
  const isEntry = (file) => path.dirname(file.path) === outDir;
  for (const file of files.filter((f) => !isEntry(f))) writeAtomic(file.path, file.contents);
  for (const file of files.filter(isEntry)) writeAtomic(file.path, file.contents);
  removeOldChunks(new Set(files.map((f) => f.path)));
  fs.writeFileSync(stampFile, `${started.toISOString()}\n`);
  fs.utimesSync(stampFile, started, started);
  return { built: true, ms: Math.round(performance.now() - t0), metafile: result.metafile };
}

async function main(argv) {
  const force = argv.includes('--force');
  const at = argv.indexOf('--metafile');
  const metafileOut = at >= 0 ? argv[at + 1] : undefined;
  try {
    const { built, ms, metafile } = await buildNode({ force: force || metafileOut !== undefined });
    if (metafileOut && metafile) {
      fs.writeFileSync(metafileOut, JSON.stringify(metafile));
      console.log(await esbuild.analyzeMetafile(metafile));
    }
    console.log(built ? `Built the mutual command and the journal worker into out/node in ${ms} ms.` : 'out/node is up to date.');
  } catch (error) {
    const messages = error?.errors?.length ? await esbuild.formatMessages(error.errors, { kind: 'error', color: false }) : [String(error?.stack ?? error)];
    console.error(messages.join('\n').trim());
    console.error('Building out/node failed (see above); the mutual command cannot run until it builds.');
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main(process.argv.slice(2));
