/**
 * The web host: the journal in `vaultDir` served to a browser on loopback. Opens one core session,
 * serves its handler table through server.ts, and locks the journal when the server stops.
 */
import { createHandlers } from '../core/handlers';
import { openSession } from '../core/session/session';
import { ensureRendererBuilt, webRoot } from './build';
import { startWebServer, type HandlerTable, type WebServer } from './server';

export interface WebHostOptions {
  vaultDir: string;
  port?: number;
  /** Build the renderer first when its sources changed (default true). */
  build?: boolean;
}

export type WebHost = WebServer;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (options.build !== false) await ensureRendererBuilt();
  const session = openSession(options.vaultDir);
  const handlers = createHandlers(session) as unknown as HandlerTable;
  try {
    return await startWebServer({
      handlers,
      webRoot,
      port: options.port,
      onClose: () => {
        session.lock();
        session.close();
      },
    });
  } catch (e) {
    session.close();
    throw e;
  }
}
