// @vitest-environment jsdom
/**
 * The data layer marks stale what every write changed, whoever made the call (a screen's mutation
 * or the composer's plain `call`), and every channel the journal treats as a write says what it
 * changes — so a view cannot keep showing what the journal has moved past.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import handlersSource from '../../../electron/core/handlers.ts?raw';
import { channelNames } from '../../../electron/shared/channels';
import type { MutualApi } from '../../../electron/shared/contract';
import { call, setApiForTests } from '../../../src/lib/api';
import { createJournalQueryClient, invalidatedBy, journalQuery, JournalDataProvider } from '../../../src/lib/data';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => setApiForTests(null));

describe('which reads each write changes', () => {
  it('lists every write channel of the journal', () => {
    const declared = /writeChannels = new Set<ChannelName>\(\[([^\]]*)\]\)/.exec(handlersSource)?.[1] ?? '';
    const writes = [...declared.matchAll(/'([\w.]+)'/g)].map((m) => m[1]!);
    expect(writes.length).toBeGreaterThan(5);
    for (const channel of writes) expect(invalidatedBy[channel], channel).toBeDefined();
    // Jobs that write are listed too (they change the journal when they end).
    for (const channel of ['import.run', 'backup.run', 'backup.restore']) expect(invalidatedBy[channel], channel).toBeDefined();
  });

  it('names only channels that exist', () => {
    const known = new Set<string>(channelNames);
    for (const reads of Object.values(invalidatedBy)) for (const read of reads ?? []) expect(known.has(read), read).toBe(true);
  });

  it('a saved entry changes the lists of entries, the day lists, the people, their pages and search', () => {
    expect(invalidatedBy['entries.save']).toEqual(
      expect.arrayContaining(['entries.list', 'review.day', 'review.onThisDay', 'review.week', 'people.list', 'people.openUnsaid', 'people.timeline', 'people.rhythm', 'search.query', 'tags.list']),
    );
    expect(invalidatedBy['entries.delete']).toEqual(expect.arrayContaining(['review.onThisDay', 'entries.list']));
    expect(invalidatedBy['settings.set']).toEqual(['settings.get']);
  });
});

describe('after a successful call', () => {
  it('reads again what the write changed, even for a plain call outside any query', async () => {
    let listed = 0;
    const api: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const channel of channelNames) api[channel] = async () => ({ ok: false, error: { code: 'BAD_INPUT', message: 'not in this test' } });
    api['review.onThisDay'] = async () => ({ ok: true, value: Array.from({ length: ++listed }, () => ({})) });
    api['entries.delete'] = async () => ({ ok: true, value: { deleted: true } });
    api['settings.get'] = async () => ({ ok: true, value: {} });
    setApiForTests(api as unknown as MutualApi);

    const client = createJournalQueryClient();
    const host = document.createElement('div');
    const root = createRoot(host);
    await act(async () => root.render(<JournalDataProvider client={client}>{null}</JournalDataProvider>));
    await client.fetchQuery(journalQuery('review.onThisDay', {}));
    await client.fetchQuery(journalQuery('settings.get', {}));
    expect(listed).toBe(1);

    await act(async () => {
      await call('entries.delete', { id: 'e1' });
    });
    // Not on screen, so forgotten: the next view to ask reads it again instead of showing it stale.
    expect(client.getQueryState(['review.onThisDay', {}])).toBeUndefined();
    expect(client.getQueryState(['settings.get', {}])?.isInvalidated).toBe(false);

    // A failed write changes nothing.
    await client.fetchQuery({ ...journalQuery('review.onThisDay', {}), staleTime: 0 });
    await act(async () => {
      await call('entries.save', { id: 'e1', doc: { type: 'doc', content: [] } as never });
    });
    expect(client.getQueryState(['review.onThisDay', {}])?.isInvalidated).toBe(false);
    expect(listed).toBe(2);
    await act(async () => root.unmount());
  });
});
