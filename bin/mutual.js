#!/usr/bin/env node
// The `mutual` command: the CLI compiled ahead of time into out/node by scripts/build-node.mjs
// (`npm install` runs it as `prepare`). Nothing is transpiled here, so the command starts at once.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../out/node/', import.meta.url));
const cli = new URL('../out/node/cli.js', import.meta.url);

function notBuilt() {
  process.stderr.write('mutual: the command is not built (out/node is missing or incomplete); run `npm install` (or `node scripts/build-node.mjs`) in the Mutual folder, then try again.\n');
  process.exit(1);
}

if (!existsSync(fileURLToPath(cli))) notBuilt();
try {
  await import(cli.href);
} catch (error) {
  // A chunk of the build deleted by hand: the same advice, not a stack trace.
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(built)) notBuilt();
  throw error;
}
