#!/usr/bin/env node
/**
 * `npm start` — build and open the desktop app.
 *
 *  1. Make sure the Electron binary is there (Electron downloads it on first use).
 *  2. Build main, preload and renderer with electron-vite into out/.
 *  3. Build better-sqlite3-multiple-ciphers for Electron's ABI into .electron-native/ (once per
 *     Electron / module version), from a copy of its sources, so node_modules keeps the Node
 *     build that `npm test` and the `mutual` command use. The app is pointed at it with
 *     MUTUAL_SQLITE_BINDING (better-sqlite3's `nativeBinding` option, read by the core).
 *  4. Launch Electron; arguments after `--` are passed on (e.g. `npm start -- --vault DIR`; a
 *     relative DIR is taken from where npm start was typed). On Ubuntu 23.10+ it first checks that
 *     Electron's sandbox helper can start (scripts/sandbox.mjs) and prints the fix if not.
 *
 * Where Electron or its build headers cannot be downloaded (no network), this ends with one
 * sentence naming the way that works offline: the web host. MUTUAL_START_DEBUG=1 shows details.
 * `--prepare-only` does steps 1–3 and exits (the Electron end-to-end test uses it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSandboxFacts, sandboxProblem } from './sandbox.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const nativeDir = path.join(root, '.electron-native');
const nativeBinding = path.join(nativeDir, 'better_sqlite3.node');
const sqliteModule = 'better-sqlite3-multiple-ciphers';
const debug = process.env.MUTUAL_START_DEBUG === '1';

const OFFLINE =
  'The Mutual desktop app cannot start because Electron could not be downloaded (is this machine offline?); to use Mutual without it, run `npm run dev:web -- --vault DIR`, which serves the same app to your browser on 127.0.0.1.';
const NATIVE_FAILED =
  "The Mutual desktop app cannot start because its database module could not be built for Electron (run `MUTUAL_START_DEBUG=1 npm start` to see why); meanwhile `npm run dev:web -- --vault DIR` serves the same app to your browser on 127.0.0.1.";

/** Ends the run with one sentence and no stack trace. */
function stop(sentence, details) {
  if (debug && details) console.error(String(details).trim());
  console.error(sentence);
  process.exit(1);
}

const looksOffline = (text) =>
  /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|network|unable to download|headers|\b40[34]\b/i.test(
    text,
  );

function electronPackage() {
  try {
    const file = require.resolve('electron/package.json');
    return { dir: path.dirname(file), version: JSON.parse(readFileSync(file, 'utf8')).version };
  } catch {
    return null;
  }
}

/** The path of the Electron executable, downloading it if needed; never triggers a stack trace. */
function ensureElectron(pkg) {
  const locate = () => {
    const pathFile = path.join(pkg.dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg.dir, 'dist');
    const executable = path.join(distDir, relative);
    return existsSync(executable) ? executable : null;
  };
  const found = locate();
  if (found) return found;
  console.log(`Downloading Electron ${pkg.version} (only the first time)…`);
  const install = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  const downloaded = install.status === 0 ? locate() : null;
  if (!downloaded) stop(OFFLINE, `${install.stdout ?? ''}\n${install.stderr ?? ''}\n${install.error ?? ''}`);
  return downloaded;
}

function build() {
  const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The desktop app was not started because the build failed (see the messages above).');
    process.exit(result.status ?? 1);
  }
}

/** Rebuilds better-sqlite3 for Electron in .electron-native/, once per version pair. */
async function ensureNativeBuild(electronVersion) {
  const moduleDir = path.dirname(require.resolve(`${sqliteModule}/package.json`));
  const moduleVersion = JSON.parse(readFileSync(path.join(moduleDir, 'package.json'), 'utf8')).version;
  const stampFile = path.join(nativeDir, 'stamp.json');
  const wanted = JSON.stringify({ electronVersion, moduleVersion, platform: process.platform, arch: process.arch });
  if (existsSync(nativeBinding) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return;

  console.log('Building the journal database module for Electron (about a minute, only the first time)…');
  const work = path.join(nativeDir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  cpSync(moduleDir, path.join(work, 'node_modules', sqliteModule), {
    recursive: true,
    filter: (src) => path.relative(moduleDir, src).split(path.sep)[0] !== 'build',
  });
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'mutual-electron-native', private: true, dependencies: { [sqliteModule]: moduleVersion } }),
  );

  // In a child process so node-gyp's output can be kept for MUTUAL_START_DEBUG instead of flooding the terminal.
  const result = await new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--native-worker', work, electronVersion], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
  });
  const built = path.join(work, 'node_modules', sqliteModule, 'build', 'Release', 'better_sqlite3.node');
  if (result.code !== 0 || !existsSync(built)) stop(looksOffline(result.output) ? OFFLINE : NATIVE_FAILED, result.output);
  cpSync(built, nativeBinding);
  writeFileSync(stampFile, wanted);
  rmSync(work, { recursive: true, force: true });
}

async function nativeWorker(work, electronVersion) {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: work,
    electronVersion,
    arch: process.arch,
    onlyModules: [sqliteModule],
    force: true,
    buildFromSource: true,
    mode: 'sequential',
  });
}

function launch(executable, args) {
  // npm runs scripts from the project folder; a relative --vault means relative to where the person typed npm start.
  const env = { ...process.env, MUTUAL_SQLITE_BINDING: nativeBinding, MUTUAL_LAUNCH_CWD: process.env.INIT_CWD || process.cwd() };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(executable, ['.', ...args], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--native-worker') {
    await nativeWorker(argv[1], argv[2]);
    return;
  }
  const prepareOnly = argv.includes('--prepare-only');
  const passThrough = argv.filter((a) => a !== '--prepare-only');

  const pkg = electronPackage();
  if (!pkg) stop(OFFLINE);
  const executable = ensureElectron(pkg);
  const sandbox = sandboxProblem(readSandboxFacts(path.dirname(executable)));
  if (sandbox) {
    console.error(sandbox);
    process.exit(1);
  }
  build();
  await ensureNativeBuild(pkg.version);
  if (prepareOnly) return;
  launch(executable, passThrough);
}

main().catch((error) => {
  if (process.argv[2] === '--native-worker') {
    console.error(error?.stack ?? String(error));
    process.exit(1);
  }
  const details = error?.stack ?? String(error);
  stop(looksOffline(details) ? OFFLINE : 'The Mutual desktop app could not start (run `MUTUAL_START_DEBUG=1 npm start` to see why).', details);
});
