/**
 * A parse worker: reads the items of an import it is sent, a batch at a time, and answers with
 * what it read (parseTask.ts), in the batch's order. It holds nothing between batches and never
 * touches the journal; parsePool.ts starts and stops it. Built as its own entry beside the journal
 * worker (scripts/build-node.mjs → out/node/parseWorker.js; electron.vite.config.ts →
 * out/main/parseWorker.js).
 */
import { parentPort } from 'node:worker_threads';
import type { ParseTask } from './parseTask';
import { parseBatch } from './parseTask';

export interface ParseRequest {
  id: number;
  tasks: ParseTask[];
}

export interface ParseAnswer {
  id: number;
  /** The batch's ParseOutcome[] as JSON: one string to copy rather than a tree of objects. */
  outcomes: string;
}

if (!parentPort) throw new Error('parseWorker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (request: ParseRequest) => {
  const answer: ParseAnswer = { id: request.id, outcomes: JSON.stringify(parseBatch(request.tasks)) };
  port.postMessage(answer);
});
