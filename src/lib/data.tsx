/**
 * The renderer's one data layer, on TanStack Query: every read of the journal is a query keyed
 * `[channel, input]`, every write a mutation, and what a write changed is marked stale in one
 * place — `invalidatedBy`, applied after every successful call whoever made it (api.ts
 * `onApiSuccess`). A screen therefore never keeps a list the journal has moved past, and never
 * needs its own "still mounted" guard: an answer for a screen that is gone lands in the cache, not
 * in a dead component.
 *
 * The cache lives only while the journal is unlocked: it is emptied when the unlocked app goes away
 * (a lock), so no word of the journal stays in memory behind the Unlock screen.
 */
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient, type QueryKey, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { ChannelName } from '../../electron/shared/channels';
import type { InputOf, OutputOf } from '../../electron/shared/contract';
import type { ErrorCode, ErrorInfo, Result } from '../../electron/shared/result';
import { call, onApiSuccess } from './api';
import { onJournalEvent } from './events';
import { forgetPhotos } from './photos';

/** A failed call, as TanStack Query's error: the journal's code and its message for the person. */
export class JournalError extends Error {
  readonly code: ErrorCode;
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
  }
}

/** The value of a call, or its failure thrown as a JournalError. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new JournalError(result.error);
  return result.value;
}

/** What the person can be told about any failure. */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof JournalError) return error.info;
  return { code: 'INTERNAL', message: 'Something went wrong inside Mutual. Your journal was not changed by this failure; try again.' };
}

export type JournalKey<C extends ChannelName> = readonly [C, InputOf<C>];

export function journalKey<C extends ChannelName>(channel: C, input: InputOf<C>): JournalKey<C> {
  return [channel, input] as const;
}

/** The query for one read channel and input (for useQuery, useQueries, prefetching). */
export function journalQuery<C extends ChannelName>(channel: C, input: InputOf<C>): UseQueryOptions<OutputOf<C>, JournalError, OutputOf<C>, JournalKey<C>> {
  return { queryKey: journalKey(channel, input), queryFn: () => unwrap(call(channel, input)) };
}

export function useJournalQuery<C extends ChannelName, T = OutputOf<C>>(
  channel: C,
  input: InputOf<C>,
  options: Omit<UseQueryOptions<OutputOf<C>, JournalError, T, JournalKey<C>>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<OutputOf<C>, JournalError, T, JournalKey<C>>({ ...journalQuery(channel, input), ...options } as UseQueryOptions<OutputOf<C>, JournalError, T, JournalKey<C>>);
}

/** A write. Its callbacks given to `mutate` run only while the screen that asked is still there. */
export function useJournalMutation<C extends ChannelName, Context = unknown>(
  channel: C,
  options: Omit<UseMutationOptions<OutputOf<C>, JournalError, InputOf<C>, Context>, 'mutationFn'> = {},
) {
  return useMutation<OutputOf<C>, JournalError, InputOf<C>, Context>({ mutationFn: (input) => unwrap(call(channel, input)), ...options });
}

// What each write changes, by the reads that show it. Writes that change nothing shown (an export,
// a cancel) map to nothing; reads are left out. tests/unit/renderer/invalidation.test.ts checks
// that every write channel of the journal (electron/core/handlers.ts writeChannels) is listed, so a
// new one cannot be forgotten here.
const entryReads = [
  'entries.list',
  'entries.get',
  'review.calendar',
  'review.day',
  'review.onThisDay',
  'review.week',
  'people.list',
  'people.timeline',
  'people.openUnsaid',
  'people.rhythm',
  'tags.list',
  'search.query',
] as const satisfies readonly ChannelName[];
const everything = [...entryReads, 'people.get', 'review.reminders'] as const satisfies readonly ChannelName[];
const details = ['people.get', 'review.week', 'review.reminders'] as const satisfies readonly ChannelName[];
/** What a sync round that changed something here may have changed: anything another computer wrote. */
const changedBySync = [...everything, 'settings.get'] as const satisfies readonly ChannelName[];

// Keyed by name rather than by ChannelName so a channel being added elsewhere (photos) can be listed
// here before it lands; the test above keeps the keys honest.
export const invalidatedBy: Readonly<Record<string, readonly ChannelName[] | undefined>> = {
  'vault.create': [],
  'vault.unlock': [],
  'vault.lock': [],
  'vault.changePassphrase': [],
  'vault.recover': [],
  'entries.create': entryReads,
  'entries.save': entryReads,
  'entries.delete': entryReads,
  'entries.setUnsaidState': entryReads,
  // A name or a kind shows wherever the person does: in every list of entries and on every page.
  'people.upsert': everything,
  'people.addDetail': details,
  'people.updateDetail': details,
  'people.deleteDetail': details,
  'people.merge': everything,
  'people.export': [],
  // A tag's name is part of the entries' words, so everything that shows those words changes.
  'tags.rename': entryReads,
  'settings.set': ['settings.get'],
  'export.run': [],
  // Jobs change the journal when they end, not when they start: see the job event below.
  'backup.run': [],
  'backup.restore': [],
  'import.preview': [],
  'import.run': [],
  'jobs.cancel': [],
  // Photos: an upload changes nothing shown until it is finished and placed.
  'photos.uploadChunk': [],
  'photos.uploadCancel': [],
  'photos.uploadFinish': everything,
  'people.setPhoto': everything,
  // Sync: setting up and "Sync now" run a round, which may bring in what other computers wrote.
  'sync.setup': [...changedBySync, 'sync.status'],
  'sync.now': [...changedBySync, 'sync.status'],
  'sync.stop': ['sync.status'],
  // A join ends with the journal unlocked: nothing of it was in the cache before.
  'sync.join': [],
};

/** What a finished job changed. */
const invalidatedByJob: Record<string, readonly ChannelName[]> = {
  import: everything,
  backup: ['settings.get'],
};

function invalidate(client: QueryClient, channels: readonly ChannelName[] | undefined): void {
  for (const channel of channels ?? []) {
    const queryKey = [channel] satisfies QueryKey;
    // Views on screen fetch again; views not on screen forget what they had, so when they come
    // back they never show — not even for a moment, under a click — what the journal moved past.
    client.removeQueries({ queryKey, type: 'inactive' });
    void client.invalidateQueries({ queryKey, refetchType: 'active' });
  }
}

/** Retried once, after a moment, only when the journal could not be reached or stumbled. */
function retry(failures: number, error: unknown): boolean {
  return failures < 1 && error instanceof JournalError && error.code === 'INTERNAL';
}

export function createJournalQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry,
        retryDelay: 300,
        // Freshness comes from invalidation after writes and from the journal's events, not from
        // guessing when the person looks at the window again.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // Nothing here depends on the network state: the journal is on this machine.
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/**
 * Holds the cache for the whole page and applies `invalidatedBy` after every successful write,
 * whoever made it.
 */
export function JournalDataProvider(props: { client?: QueryClient; children: ReactNode }) {
  const [client] = useState(() => props.client ?? createJournalQueryClient());
  useEffect(() => onApiSuccess((channel) => invalidate(client, invalidatedBy[channel])), [client]);
  return <QueryClientProvider client={client}>{props.children}</QueryClientProvider>;
}

/**
 * For the unlocked app (MainLayout): what a finished job changed is marked stale, so is what a sync
 * round brought in from another computer (and the sync status after every round), and leaving the
 * unlocked app (a lock) empties the cache, and what the page learnt about photos.
 */
export function useJournalCacheLifetime(): void {
  const client = useQueryClient();
  useEffect(() => {
    const off = onJournalEvent((event) => {
      if (event.name === 'job' && event.detail.state === 'done') invalidate(client, invalidatedByJob[event.detail.kind]);
      if (event.name === 'sync') invalidate(client, event.detail.changed > 0 ? [...changedBySync, 'sync.status'] : ['sync.status']);
    });
    return () => {
      off();
      client.clear();
      forgetPhotos();
    };
  }, [client]);
}
