/**
 * `npm run dev:web -- --vault DIR [--port N]`: serves the journal in DIR to a browser on
 * 127.0.0.1 and prints one line with the address to open. For development and tests only; the
 * packaged app does not contain it.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startWebHost } from './host';

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run dev:web -- --vault DIR [--port N]\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { vault?: string; port?: string };
  try {
    ({ values } = parseArgs({ options: { vault: { type: 'string' }, port: { type: 'string' } }, strict: true }));
  } catch (e) {
    usage((e as Error).message);
  }
  if (!values.vault) usage('Say which folder holds (or will hold) the journal with --vault DIR.');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port takes a number from 0 to 65535.');

  const host = await startWebHost({ vaultDir: resolve(values.vault), port });
  process.stdout.write(`Mutual is open at ${host.url}\n`);

  const stop = () => {
    host.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`The web host could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
