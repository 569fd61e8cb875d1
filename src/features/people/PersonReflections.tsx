/**
 * The parts of a person's page drawn from the journal itself: the rhythm, what is still unsaid,
 * "on this day" with them, and every reflection that mentions them. Each loads on its own (the
 * page asks for all of them at once, see `prefetchPersonParts`), and each is read again whenever a
 * write changes what it shows (src/lib/data.tsx).
 */
import { infiniteQueryOptions, useInfiniteQuery, type QueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { OpenUnsaidItem, Person, TimelineEntry, UnsaidState } from '../../../electron/shared/contract';
import type { SectionKind } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { journalQuery, unwrap, useJournalMutation, useJournalQuery } from '../../lib/data';
import { formatLongDate, formatShortDate } from '../../lib/date';
import { photoUrl } from '../../lib/photos';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useToast } from '../../components/Toast';
import { UnsaidMarkButtons } from '../../components/UnsaidMarkButtons';
import { useSession } from '../../lib/session';
import { RhythmChart } from './RhythmChart';

const UNSAID_PAGE = 20;
const TIMELINE_PAGE = 20;

const partTitles: Record<SectionKind, string> = { given: 'Given', received: 'Received', unsaid: 'Unsaid', note: 'Note' };
const partOrder: SectionKind[] = ['given', 'received', 'unsaid', 'note'];

/** Open unsaid items, a page of entries at a time (`limit` and `offset` count entries, not items). */
function unsaidQuery(personId: string) {
  return infiniteQueryOptions({
    queryKey: ['people.openUnsaid', { personId, limit: UNSAID_PAGE, paged: true }] as const,
    queryFn: ({ pageParam }) => unwrap(call('people.openUnsaid', { personId, limit: UNSAID_PAGE, offset: pageParam })),
    initialPageParam: 0,
    getNextPageParam: (last: OpenUnsaidItem[], _all: OpenUnsaidItem[][], offset: number) => {
      const entries = new Set(last.map((i) => i.entryId)).size;
      return entries === UNSAID_PAGE ? offset + entries : undefined;
    },
  });
}

/** A timeline entry, with its first photo for a thumbnail. */
type TimelineItemWithPhoto = TimelineEntry;

function timelineQuery(personId: string) {
  return infiniteQueryOptions({
    queryKey: ['people.timeline', { personId, limit: TIMELINE_PAGE, paged: true }] as const,
    queryFn: ({ pageParam }) => unwrap(call('people.timeline', { personId, limit: TIMELINE_PAGE, offset: pageParam })),
    initialPageParam: 0,
    getNextPageParam: (last: { items: TimelineItemWithPhoto[]; total: number }, all: { items: TimelineItemWithPhoto[] }[]) => {
      const loaded = all.reduce((n, page) => n + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
  });
}

/**
 * The first page of every part, asked for at once when a person's page opens (alongside the
 * person), so the parts need not wait for the person to arrive before asking. The parts' own
 * queries then find them on their way (one request each, never two).
 */
export function prefetchPersonParts(client: QueryClient, personId: string, today: string): void {
  void client.prefetchQuery(journalQuery('people.rhythm', { personId, today }));
  void client.prefetchInfiniteQuery(unsaidQuery(personId));
  void client.prefetchQuery(journalQuery('review.onThisDay', { personId, today }));
  void client.prefetchInfiniteQuery(timelineQuery(personId));
}

function Loading() {
  return <p className="quiet">Loading…</p>;
}

export function RhythmSection(props: { person: Person; today: string }) {
  const idBase = useId();
  const rhythm = useJournalQuery('people.rhythm', { personId: props.person.id, today: props.today });
  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Rhythm</h2>
      <ErrorMessage error={rhythm.error} onRetry={() => void rhythm.refetch()} retrying={rhythm.isFetching} />
      {rhythm.isPending && <Loading />}
      {rhythm.data && (
        <>
          <RhythmChart name={props.person.name} rhythm={rhythm.data} idBase={idBase} />
          {rhythm.data.question && (
            <p className="rhythm-question">
              <span className="visually-hidden">A question to reflect on: </span>
              {rhythm.data.question}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function UnsaidSection(props: { person: Person }) {
  const { openEntry } = useSession();
  const idBase = useId();
  const toast = useToast();
  const query = useInfiniteQuery(unsaidQuery(props.person.id));
  const setState = useJournalMutation('entries.setUnsaidState');
  // Items marked here leave the list at once, before the journal's answer and the list read again
  // after it; each is taken out by itself, so marking two quickly never brings the first back.
  const [leaving, setLeaving] = useState<ReadonlySet<string>>(new Set());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const items = (query.data?.pages.flat() ?? []).filter((i) => !leaving.has(i.itemId));
  const without = (itemId: string) => (prev: ReadonlySet<string>) => new Set([...prev].filter((id) => id !== itemId));

  const mark = (item: OpenUnsaidItem, state: Exclude<UnsaidState, 'open'>, index: number) => {
    setLeaving((prev) => new Set(prev).add(item.itemId));
    // Focus stays in the list: the next item's first button, or the heading when none is left.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.unsaid-said');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      if (next) next.focus();
      else headingRef.current?.focus();
    });
    setState.mutate(
      { itemId: item.itemId, entryId: item.entryId, state },
      {
        onError: () => setLeaving(without(item.itemId)),
        onSuccess: () =>
          toast({
            text: `“${item.text}” is marked ${state === 'said' ? 'said' : 'let go'}. The entry of ${formatLongDate(item.date)} shows it too.`,
            action: { label: 'Undo', run: () => undo(item) },
          }),
      },
    );
  };

  const undo = (item: OpenUnsaidItem) => {
    // Not through this section's own mutation: Undo may come after the person has left the page.
    void call('entries.setUnsaidState', { itemId: item.itemId, entryId: item.entryId, state: 'open' }).then((r) => {
      if (r.ok) {
        setLeaving(without(item.itemId));
        toast({ text: `“${item.text}” is open again.` });
      } else toast({ text: `“${item.text}” could not be opened again: ${r.error.message}` });
    });
  };

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`} ref={headingRef} tabIndex={-1}>
        Still unsaid
      </h2>
      <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      <ErrorMessage error={setState.error} />
      {query.isPending && <Loading />}
      {query.data && items.length === 0 && <p className="quiet">Nothing about {props.person.name} is waiting to be said.</p>}
      {items.length > 0 && (
        <>
          <p className="quiet">From every entry that mentions {props.person.name}. When one has been said, or you have chosen to let it go, mark it here; the entry changes too.</p>
          <ul className="person-unsaid" ref={listRef}>
            {items.map((item, index) => (
              <UnsaidRow key={item.itemId} item={item} onOpen={() => openEntry(item.entryId)} onMark={(state) => mark(item, state, index)} />
            ))}
          </ul>
          {query.hasNextPage && (
            <button type="button" onClick={() => void query.fetchNextPage({ cancelRefetch: false })} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? 'Loading more…' : 'Show more unsaid items'}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function UnsaidRow(props: { item: OpenUnsaidItem; onOpen: () => void; onMark: (state: Exclude<UnsaidState, 'open'>) => void }) {
  const id = useId();
  const { item } = props;
  return (
    <li className="person-unsaid-item">
      <p id={`${id}-text`} className="person-quote">
        {item.text}
      </p>
      <div className="person-unsaid-row">
        <button type="button" className="link" onClick={props.onOpen}>
          <span className="visually-hidden">Open the entry of </span>
          {formatShortDate(item.date)}
        </button>
        <UnsaidMarkButtons className="person-unsaid-actions" labelledBy={`${id}-text`} busy={false} onMark={props.onMark} />
      </div>
    </li>
  );
}

export function OnThisDaySection(props: { person: Person; today: string }) {
  const { openEntry } = useSession();
  const idBase = useId();
  const query = useJournalQuery('review.onThisDay', { personId: props.person.id, today: props.today });
  const items = query.data;
  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>On this day with {props.person.name}</h2>
      <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      {query.isPending && <Loading />}
      {items && items.length === 0 && <p className="quiet">Nothing with {props.person.name} from this day in earlier months or years.</p>}
      {items && items.length > 0 && (
        <ul className="plain-list person-on-this-day">
          {items.map((item) => (
            <li key={item.entryId}>
              <button type="button" className="entry-link" onClick={() => openEntry(item.entryId)}>
                <span className="journal-date">
                  {item.when} · {formatLongDate(item.date)}
                </span>
                <span className="journal-excerpt">{item.excerpt}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TimelineSection(props: { person: Person }) {
  const { openEntry } = useSession();
  const idBase = useId();
  const query = useInfiniteQuery(timelineQuery(props.person.id));
  const pages = query.data?.pages;
  const items = pages?.flatMap((p) => p.items);
  const total = pages?.[pages.length - 1]?.total ?? 0;

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Reflections about {props.person.name}</h2>
      <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      {query.isPending && <Loading />}
      {items && items.length === 0 && <p className="quiet person-timeline-empty">No entry mentions {props.person.name} yet. Mention them with @ in an entry.</p>}
      {items && items.length > 0 && (
        <>
          <p className="quiet">
            {total === 1 ? 'One entry mentions them' : `${total.toLocaleString()} entries mention them`}, newest first, with the passages about them.
          </p>
          <ol className="person-timeline">
            {items.map((entry) => (
              <TimelineItem key={entry.entryId} entry={entry} personId={props.person.id} onOpen={() => openEntry(entry.entryId)} />
            ))}
          </ol>
          {query.hasNextPage && (
            <button type="button" onClick={() => void query.fetchNextPage({ cancelRefetch: false })} disabled={query.isFetchingNextPage}>
              Show more reflections
            </button>
          )}
          <p className="visually-hidden" role="status">
            {items.length < total ? `Showing ${items.length} of ${total}.` : ''}
          </p>
        </>
      )}
    </section>
  );
}

function TimelineItem(props: { entry: TimelineItemWithPhoto; personId: string; onOpen: () => void }) {
  const { entry } = props;
  const parts = partOrder.filter((part) => entry.passages[part].length > 0);
  const others = entry.people.filter((p) => p.id !== props.personId).map((p) => p.name);
  const withOthers = others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return (
    <li className={entry.photoId ? 'person-timeline-entry has-photo' : 'person-timeline-entry'}>
      {entry.photoId && (
        // Beside the passages, silent: the entry's photo is described in the entry itself.
        <img className="person-timeline-thumb" src={photoUrl(entry.photoId, 'small')} alt="" width={64} height={64} loading="lazy" decoding="async" />
      )}
      <h3 className="person-timeline-date">
        <button type="button" className="link" onClick={props.onOpen}>
          <span className="visually-hidden">Open the entry of </span>
          {formatLongDate(entry.date)}
        </button>
        {others.length > 0 && <span className="quiet person-timeline-others"> · with {withOthers}</span>}
      </h3>
      {parts.map((part) => (
        <div key={part} className={`person-timeline-part part-${part}`}>
          <h4>{partTitles[part]}</h4>
          <ul>
            {entry.passages[part].map((text, i) => (
              <li key={i} className="person-quote">
                {text}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </li>
  );
}
