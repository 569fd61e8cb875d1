#!/usr/bin/env node
/**
 * `npm run dist` — the installers for this computer's system into dist/ (electron-builder.yml);
 * `npm run dist:dir` — the same app unpacked, without an installer, to try it quickly.
 * Arguments after `--` go to electron-builder (e.g. `npm run dist -- --linux deb`).
 *
 * electron-builder rebuilds better-sqlite3-multiple-ciphers for Electron in node_modules itself.
 * That build cannot be loaded by Node, so afterwards — whether the build worked or not — the
 * Node build that `npm test` and the `mutual` command use is put back.
 * Needs the network: Electron, its headers and the installer tools are downloaded.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && command === 'npm' });

const built = run(process.execPath, [bin('electron-vite', 'bin/electron-vite.js'), 'build']);
if (built.status !== 0) {
  console.error('No installer was made because the app did not build (see the messages above).');
  process.exit(built.status ?? 1);
}

const packed = run(process.execPath, [bin('electron-builder', 'cli.js'), '--publish', 'never', ...process.argv.slice(2)]);

console.log('Putting back the Node.js build of the database module for `npm test` and the `mutual` command…');
const restored = run('npm', ['rebuild', 'better-sqlite3-multiple-ciphers']);
if (restored.status !== 0) console.error('Could not rebuild the database module for Node.js; run `npm rebuild better-sqlite3-multiple-ciphers` before `npm test`.');

if (packed.status !== 0) {
  console.error('electron-builder did not finish (see the messages above); nothing in dist/ should be published.');
  process.exit(packed.status ?? 1);
}
console.log('The installers and SHA256SUMS-*.txt are in dist/.');
process.exit(restored.status === 0 ? 0 : 1);
