/**
 * Vitest global setup: the tests that start the real `mutual` command (bin/mutual.js) run the
 * compiled out/node/cli.js, so it is rebuilt first whenever a source is newer than the last build
 * (scripts/build-node.mjs decides; an up-to-date build costs a few milliseconds).
 */
import { buildNode } from '../scripts/build-node.mjs';

export default async function setup(): Promise<void> {
  await buildNode();
}
