/**
 * The journal as the page's tests stand it in: journal events sent by the test (`emit`, with the
 * page's `onJournalEvent` replaced by `fakeEvents` through vi.mock) and an API answering from
 * handlers, recording every call.
 *
 *   vi.mock('../../../src/lib/events', () => import('./fakeJournal').then((m) => m.fakeEvents));
 */
import { act } from 'react';
import { channelNames } from '../../../electron/shared/channels';
import type { MutualApi } from '../../../electron/shared/contract';
import type { JournalEvent } from '../../../electron/shared/events';
import { setApiForTests } from '../../../src/lib/api';

/** Who listens to journal events on the page now. */
export const listeners = new Set<(event: unknown) => void>();

export const fakeEvents = {
  onJournalEvent: (listener: (event: unknown) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Sends an event to the page and lets it react. */
export function emit(event: JournalEvent): Promise<void> {
  return act(async () => {
    for (const listener of [...listeners]) listener(event);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

export type Handler = (input: unknown) => unknown;

/** Every channel answers from `handlers` (a value, or a thrown { code, message }); the others refuse. Calls are pushed to `calls`. */
export function fakeApi(handlers: Record<string, Handler>, calls: { channel: string; input: unknown }[]): void {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of channelNames) {
    api[channel] = async (input) => {
      calls.push({ channel, input });
      const handler = handlers[channel];
      if (!handler) return { ok: false, error: { code: 'BAD_INPUT', message: `not in this test: ${channel}` } };
      try {
        return { ok: true, value: await handler(input) };
      } catch (error) {
        return { ok: false, error: error as { code: string; message: string } };
      }
    };
  }
  setApiForTests(api as unknown as MutualApi);
}
