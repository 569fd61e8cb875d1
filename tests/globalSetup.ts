/**
 * Vitest global setup: the tests that start the real `mutual` command (bin/mutual.js) or the
 * journal worker run what scripts/build-node.mjs compiles into out/node, so it is rebuilt first
 * whenever a source is newer than the last build (decided from file times; when nothing changed,
 * that check is all it does).
 */
import { buildNode } from '../scripts/build-node.mjs';

export default async function setup(): Promise<void> {
  await buildNode();
}
