/**
 * The journal worker: the whole journal — SQLCipher, the search index, imports, exports and
 * backups — runs here, in a Node worker thread, so nothing it does can stall the thread that runs
 * the app's windows (Electron main) or serves the browser (the web host). That thread only relays
 * calls and events (client.ts). The data key never leaves this thread except when the person asks
 * to remember it on this device, and locking zeroes it here. ARCHITECTURE.md, "The journal worker".
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHandlers } from '../handlers';
import { variantInfo, variantPiece } from '../services/photos';
import { openSession } from '../session/session';
import { fail, MutualError, ok, type Result } from '../../shared/result';
import type { ControlRequest, FromWorker, ToWorker, WorkerData } from './protocol';

if (!parentPort) throw new Error('journalWorker.ts runs only as a worker thread');
const port = parentPort;
const data = workerData as WorkerData;

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
const log = (message: string, error?: unknown) => post({ kind: 'log', message, detail: error === undefined ? '' : describe(error) });

const session = openSession(data.vaultDir, { indexing: data.indexing, log });
const handlers = createHandlers(session, (channel, error) => log(`${channel} failed`, error));
session.onEvent((event) => post({ kind: 'event', event }));

async function control(request: ControlRequest): Promise<{ result: Result<unknown>; transfer?: ArrayBuffer[] }> {
  switch (request.op) {
    case 'lock':
      session.lock(request.cause);
      return { result: ok({ state: session.state() }) };
    case 'copyDataKey': {
      const key = session.copyDataKey();
      // Moved out, not copied: after the transfer this thread holds only the vault's own key.
      const out = new Uint8Array(new ArrayBuffer(key.length));
      out.set(key);
      key.fill(0);
      return { result: ok(out), transfer: [out.buffer as ArrayBuffer] };
    }
    case 'unlockWithDataKey': {
      const key = Buffer.from(request.key.buffer, request.key.byteOffset, request.key.byteLength);
      try {
        session.unlockWithDataKey(key);
      } finally {
        key.fill(0);
      }
      return { result: ok({ state: session.state() }) };
    }
    case 'indexIdle':
      await session.indexing.idle();
      return { result: ok(null) };
    case 'photoInfo':
      return { result: ok(variantInfo(session.current.db, request.photoId, request.variant)) };
    case 'photoPiece': {
      const piece = variantPiece(session.current.db, request.photoId, request.variant, request.n);
      if (!piece) return { result: ok(null) };
      const out = new Uint8Array(new ArrayBuffer(piece.length));
      out.set(piece);
      return { result: ok(out), transfer: [out.buffer as ArrayBuffer] };
    }
    case 'crash':
      // As an uncaught failure would, before this or any later message is answered: the client
      // sees the worker stop with calls in flight, and restarts it.
      process.nextTick(() => {
        throw new Error('journal worker crash requested by a test');
      });
      return { result: ok(null) };
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'call') {
    const handler = handlers[message.channel];
    void (handler ? handler(message.input) : Promise.resolve(fail('BAD_INPUT', 'There is no such journal request.'))).then((result) =>
      post({ kind: 'result', id: message.id, result }),
    );
    return;
  }
  control(message.request).then(
    ({ result, transfer }) => post({ kind: 'result', id: message.id, result }, transfer),
    (error: unknown) => {
      if (!(error instanceof MutualError)) log(`${message.request.op} failed`, error);
      post({ kind: 'result', id: message.id, result: error instanceof MutualError ? fail(error.code, error.message) : fail('INTERNAL') });
    },
  );
});

post({ kind: 'ready', state: session.state() });
