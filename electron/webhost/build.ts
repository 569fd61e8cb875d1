/**
 * Builds the renderer into out/web when any of its sources is newer than the last build, so
 * `npm run dev:web` and the end-to-end tests always serve what is on disk without rebuilding
 * every time.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');
/** MUTUAL_WEB_OUT lets parallel test runs build into their own folders instead of racing for one. */
export const webRoot = process.env.MUTUAL_WEB_OUT ? resolve(process.env.MUTUAL_WEB_OUT) : join(projectRoot, 'out/web');
const stampFile = join(webRoot, '.built');
const sources = ['src', 'electron/shared', 'vite.web.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function rendererIsStale(): boolean {
  if (!existsSync(stampFile) || !existsSync(join(webRoot, 'index.html'))) return true;
  const built = statSync(stampFile).mtimeMs;
  return sources.some((s) => newestMtime(join(projectRoot, s)) > built);
}

/** Builds when stale (or always, with force). Returns whether a build ran. */
export async function ensureRendererBuilt(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !rendererIsStale()) return false;
  const startedAt = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'vite.web.config.ts'), logLevel: 'warn' });
  writeFileSync(stampFile, String(startedAt));
  return true;
}
