import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { isTrustedSender, registerIpc, toWireResult, UNTRUSTED_MESSAGE } from '../../../electron/main/ipc';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { channelNames } from '../../../electron/shared/channels';
import { fail, ok, type Result } from '../../../electron/shared/result';

describe('isTrustedSender', () => {
  it.each([
    ['app://mutual/index.html', true, true],
    ['app://mutual/', true, true],
    ['app://mutual/index.html', false, false],
    ['app://mutual.evil/index.html', true, false],
    ['app://evil/index.html', true, false],
    ['https://evil.com/app://mutual/index.html', true, false],
    ['file:///work/main/out/renderer/index.html', true, false],
    ['http://127.0.0.1:5173/', true, false],
    ['about:blank', true, false],
    ['data:text/html,<script>1</script>', true, false],
    ['devtools://devtools/bundled/inspector.html', true, false],
    ['', true, false],
    [null, true, false],
    [undefined, true, false],
  ])('%s (main frame: %s) → %s', (url, isMainFrame, expected) => {
    expect(isTrustedSender(url, isMainFrame)).toBe(expected);
  });

  it('wants a real boolean for "main frame"', () => {
    expect(isTrustedSender('app://mutual/index.html', 'true')).toBe(false);
    expect(isTrustedSender('app://mutual/index.html', 1)).toBe(false);
  });
});

describe('toWireResult', () => {
  it('passes answers through as plain Results', () => {
    expect(toWireResult(ok({ state: 'locked' }))).toEqual({ ok: true, value: { state: 'locked' } });
    expect(toWireResult(fail('WRONG_PASSPHRASE'))).toEqual(fail('WRONG_PASSPHRASE'));
  });

  it('never lets a stack, an Error or an unknown code cross', () => {
    const error = Object.assign(new Error('The journal file looks damaged.'), { code: 'VAULT_DAMAGED' });
    expect(error.stack).toContain('ipc.test.ts');
    const wire = toWireResult({ ok: false, error });
    expect(wire).toEqual({ ok: false, error: { code: 'VAULT_DAMAGED', message: 'The journal file looks damaged.' } });
    expect(JSON.stringify(wire)).not.toContain('ipc.test.ts');
    expect(Object.keys((wire as { error: object }).error).sort()).toEqual(['code', 'message']);
    expect(toWireResult({ ok: false, error: { code: 'SOMETHING_ELSE', message: 'x' } })).toEqual(fail('INTERNAL'));
    expect(toWireResult(undefined)).toEqual(fail('INTERNAL'));
    expect(toWireResult('ok')).toEqual(fail('INTERNAL'));
  });
});

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Result<unknown>>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

const appContents = { id: 1 } as WebContents;
const otherContents = { id: 2 } as WebContents;

function event(url: string, options: { mainFrame?: boolean; contents?: WebContents } = {}): IpcMainInvokeEvent {
  const frame = { url, parent: options.mainFrame === false ? {} : null };
  return { sender: options.contents ?? appContents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

function table(impl: (channel: string, input: unknown) => Promise<Result<unknown>>): HandlerTable {
  return Object.fromEntries(channelNames.map((c) => [c, (input: unknown) => impl(c, input)])) as HandlerTable;
}

function setup(impl: (channel: string, input: unknown) => Promise<Result<unknown>>, extra = {}) {
  const ipc = fakeIpcMain();
  const calls: string[] = [];
  const logs: string[] = [];
  const registration = registerIpc(
    ipc as never,
    table(async (c, i) => {
      calls.push(c);
      return impl(c, i);
    }),
    { isAppWindow: (contents) => contents.id === appContents.id, log: (m) => logs.push(m) },
    extra,
  );
  return { ipc, calls, logs, registration };
}

describe('registerIpc', () => {
  it('registers every channel of the contract, and the shell extras', () => {
    const { ipc } = setup(async () => ok(null), { 'mutual:device.rememberStatus': async () => ok(null) });
    expect([...ipc.handlers.keys()].sort()).toEqual([...channelNames, 'mutual:device.rememberStatus'].sort());
  });

  it('answers the app page and refuses frames, other pages and other windows without calling the journal', async () => {
    const { ipc, calls } = setup(async () => ok({ state: 'locked' }));
    const status = ipc.handlers.get('vault.status')!;
    expect(await status(event('app://mutual/index.html'), {})).toEqual(ok({ state: 'locked' }));
    expect(calls).toEqual(['vault.status']);

    for (const e of [
      event('app://mutual/index.html', { mainFrame: false }),
      event('https://evil.com/'),
      event('app://mutual.evil/index.html'),
      event('app://mutual/index.html', { contents: otherContents }),
      { sender: appContents, senderFrame: null } as unknown as IpcMainInvokeEvent,
    ]) {
      expect(await status(e, {})).toEqual(fail('BAD_INPUT', UNTRUSTED_MESSAGE));
    }
    expect(calls).toEqual(['vault.status']);
  });

  it('turns a throwing handler into INTERNAL and keeps the stack in main', async () => {
    const { ipc, logs } = setup(async () => {
      throw new Error('boom at /secret/path.ts:12');
    });
    const result = await ipc.handlers.get('entries.save')!(event('app://mutual/index.html'), { id: 'x' });
    expect(result).toEqual(fail('INTERNAL'));
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(logs.some((l) => l.includes('entries.save'))).toBe(true);
  });

  it('waits for calls in flight before the journal is closed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { ipc, registration } = setup(async () => {
      await gate;
      return ok(null);
    });
    const pending = ipc.handlers.get('entries.save')!(event('app://mutual/index.html'), {});
    expect(registration.inFlight()).toBe(1);
    const settled = vi.fn();
    const wait = registration.settled(5000).then(settled);
    await Promise.resolve();
    expect(settled).not.toHaveBeenCalled();
    release();
    await pending;
    await wait;
    expect(settled).toHaveBeenCalled();
    expect(registration.inFlight()).toBe(0);
  });

  it('dispose removes every handler', () => {
    const { ipc, registration } = setup(async () => ok(null));
    registration.dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});
