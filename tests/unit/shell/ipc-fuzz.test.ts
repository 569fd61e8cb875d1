/**
 * Arbitrary input through the real IPC edge (registerIpc + the core's handler table) into every
 * channel: the answer is always a Result, malformed input is BAD_INPUT, nothing throws, and not
 * one byte of the journal changes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/handlers';
import { openSession, type Session } from '../../../electron/core/session/session';
import { registerIpc } from '../../../electron/main/ipc';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { channelNames } from '../../../electron/shared/channels';
import { contract } from '../../../electron/shared/contract';
import { errorCodes, type Result } from '../../../electron/shared/result';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Result<unknown>>;

const appContents = { id: 7 } as WebContents;
const appEvent = { sender: appContents, senderFrame: { url: 'app://mutual/index.html', parent: null } } as unknown as IpcMainInvokeEvent;

function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(readFileSync(path.join(dir, name)));
  }
  return hash.digest('hex');
}

let dir: string;
let session: Session;
const handlers = new Map<string, Handler>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mutual-ipc-fuzz-'));
  session = openSession(dir);
  const table = createHandlers(session) as HandlerTable;
  registerIpc(
    { handle: (c: string, fn: Handler) => handlers.set(c, fn), removeHandler: (c: string) => handlers.delete(c) } as never,
    table,
    { isAppWindow: (c) => c.id === appContents.id, log: () => undefined },
  );
  const created = await handlers.get('vault.create')!(appEvent, { passphrase: 'a long enough passphrase' });
  expect(created.ok).toBe(true);
  session.lock();
});

afterAll(() => {
  session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const arbitraryInput = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
  fc.dictionary(fc.constantFrom('id', 'doc', 'date', 'q', 'limit', 'passphrase', 'name', 'autoLockMinutes', '__proto__', 'constructor'), fc.anything()),
);

describe('arbitrary input to every channel over IPC', () => {
  it.each(channelNames)('%s: a Result, BAD_INPUT when malformed, never a throw, no change on disk', async (channel) => {
    const before = fingerprint(dir);
    const schema = contract[channel].input;
    await fc.assert(
      fc.asyncProperty(arbitraryInput, async (input) => {
        const result = await handlers.get(channel)!(appEvent, input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(errorCodes).toContain(result.error.code);
          expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
        }
        if (!schema.safeParse(input ?? {}).success) expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      }),
      { numRuns: 60 },
    );
    expect(session.isUnlocked()).toBe(false);
    expect(fingerprint(dir)).toBe(before);
  });
});
