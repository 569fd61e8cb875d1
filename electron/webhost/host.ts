/**
 * The web host: the journal in `vaultDir` served to a browser on loopback. It starts the journal
 * worker (electron/core/worker) and serves that worker's handler table and events through
 * server.ts; it holds no journal logic and runs none of it on its own thread. Stopping the server
 * locks the journal and stops the worker.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { JournalClient } from '../core/worker/client';
import { ensureRendererBuilt, projectRoot, webRoot } from './build';
import { startWebServer, type WebServer } from './server';

export interface WebHostOptions {
  vaultDir: string;
  port?: number;
  /** Build the renderer and the journal worker first when their sources changed (default true). */
  build?: boolean;
  /** Background indexing timing (tests). */
  indexing?: { quietMs?: number; maxLagMs?: number };
}

export interface WebHost extends WebServer {
  /** The journal worker behind this host (tests and benchmarks reach the journal through it). */
  journal: JournalClient;
}

/** The journal worker as `npm install` builds it (scripts/build-node.mjs). */
export const workerFile = join(projectRoot, 'out/node/journalWorker.js');

/** Rebuilds out/node when its sources changed, as `npm install` and the test set-up do. */
export async function ensureWorkerBuilt(): Promise<void> {
  const script = pathToFileURL(join(projectRoot, 'scripts/build-node.mjs')).href;
  const { buildNode } = (await import(script)) as { buildNode(options?: { force?: boolean }): Promise<unknown> };
  await buildNode();
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (options.build !== false) await Promise.all([ensureRendererBuilt(), ensureWorkerBuilt()]);
  const journal = await JournalClient.start({
    vaultDir: options.vaultDir,
    workerFile,
    indexing: options.indexing,
    log: (message, detail) => process.stderr.write(`[mutual] ${message}${detail ? `\n${detail}` : ''}\n`),
  });
  try {
    const server = await startWebServer({
      handlers: journal.handlers,
      events: (listener) => journal.onEvent(listener),
      photos: (photoId, variant) => journal.openPhoto(photoId, variant),
      webRoot,
      port: options.port,
      onClose: () => journal.close(),
    });
    return { ...server, journal };
  } catch (e) {
    await journal.close();
    throw e;
  }
}
