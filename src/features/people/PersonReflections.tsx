/**
 * The parts of a person's page drawn from the journal itself: the rhythm, what is still unsaid,
 * "on this day" with them, and every reflection that mentions them. Each loads on its own.
 */
import { startTransition, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { OnThisDayItem, OpenUnsaidItem, OutputOf, Person, PersonRhythm, TimelineEntry, UnsaidState } from '../../../electron/shared/contract';
import type { Result } from '../../../electron/shared/result';
import type { SectionKind } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { formatLongDate, formatShortDate, todayIso } from '../../lib/date';
import { UnsaidMarkButtons } from '../../components/UnsaidMarkButtons';
import { useSession } from '../../lib/session';
import { RhythmChart } from './RhythmChart';

const UNSAID_PAGE = 20;
const TIMELINE_PAGE = 20;

const partTitles: Record<SectionKind, string> = { given: 'Given', received: 'Received', unsaid: 'Unsaid', note: 'Note' };
const partOrder: SectionKind[] = ['given', 'received', 'unsaid', 'note'];

type Outcome<C extends 'people.rhythm' | 'people.openUnsaid' | 'review.onThisDay' | 'people.timeline'> = Promise<Result<OutputOf<C>>>;

export interface EarlyLoads {
  rhythm: Outcome<'people.rhythm'>;
  unsaid: Outcome<'people.openUnsaid'>;
  onThisDay: Outcome<'review.onThisDay'>;
  timeline: Outcome<'people.timeline'>;
}

/**
 * The first page of every part, asked for at once when a person's page opens (alongside the
 * person), so the parts need not wait for the person to arrive before asking.
 */
export function startPersonLoads(personId: string): EarlyLoads {
  const today = todayIso();
  return {
    rhythm: call('people.rhythm', { personId, today }),
    unsaid: call('people.openUnsaid', { personId, limit: UNSAID_PAGE, offset: 0 }),
    onThisDay: call('review.onThisDay', { personId, today }),
    timeline: call('people.timeline', { personId, limit: TIMELINE_PAGE, offset: 0 }),
  };
}

function Loading() {
  return <p className="quiet">Loading…</p>;
}

export function RhythmSection(props: { person: Person; early?: EarlyLoads['rhythm'] }) {
  const idBase = useId();
  const [rhythm, setRhythm] = useState<PersonRhythm | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (props.early ?? call('people.rhythm', { personId: props.person.id, today: todayIso() })).then((r) => {
      if (!live) return;
      // A transition: the chart is the costliest part to draw, and the page's heading paints first.
      if (r.ok) startTransition(() => setRhythm(r.value));
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [props.person.id]);
  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Rhythm</h2>
      {error && <p className="error">{error}</p>}
      {!rhythm && !error && <Loading />}
      {rhythm && (
        <>
          <RhythmChart name={props.person.name} rhythm={rhythm} idBase={idBase} />
          {rhythm.question && (
            <p className="rhythm-question">
              <span className="visually-hidden">A question to reflect on: </span>
              {rhythm.question}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function UnsaidSection(props: { person: Person; early?: EarlyLoads['unsaid'] }) {
  const { openEntry } = useSession();
  const idBase = useId();
  const [items, setItems] = useState<OpenUnsaidItem[] | null>(null);
  const [entriesLoaded, setEntriesLoaded] = useState(0);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const early = useRef(props.early);

  const loadMore = useCallback(
    async (offset: number) => {
      const r = await (offset === 0 && early.current ? early.current : call('people.openUnsaid', { personId: props.person.id, limit: UNSAID_PAGE, offset }));
      early.current = undefined;
      if (!r.ok) return setError(r.error.message);
      const entries = new Set(r.value.map((i) => i.entryId)).size;
      setItems((prev) => [...(offset === 0 ? [] : (prev ?? [])), ...r.value]);
      setEntriesLoaded(offset + entries);
      setMore(entries === UNSAID_PAGE);
    },
    [props.person.id],
  );
  useEffect(() => {
    void loadMore(0);
  }, [loadMore]);

  const mark = async (item: OpenUnsaidItem, state: UnsaidState, index: number) => {
    setBusy(item.itemId);
    const r = await call('entries.setUnsaidState', { itemId: item.itemId, entryId: item.entryId, state });
    setBusy(null);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setNotice(`“${item.text}” is marked ${state === 'said' ? 'said' : 'let go'}. The entry of ${formatLongDate(item.date)} shows it too.`);
    const rest = (items ?? []).filter((i) => i.itemId !== item.itemId);
    // An entry whose items are all marked no longer counts towards the pages loaded.
    if (!rest.some((i) => i.entryId === item.entryId)) setEntriesLoaded((n) => Math.max(0, n - 1));
    setItems(rest);
    // Focus stays in the list: the next item's first button, or the heading when none is left.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.unsaid-said');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      if (next) next.focus();
      else headingRef.current?.focus();
    });
  };

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`} ref={headingRef} tabIndex={-1}>
        Still unsaid
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="quiet">
        {notice}
      </p>
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p className="quiet">Nothing about {props.person.name} is waiting to be said.</p>}
      {items && items.length > 0 && (
        <>
          <p className="quiet">From every entry that mentions {props.person.name}. When one has been said, or you have chosen to let it go, mark it here; the entry changes too.</p>
          <ul className="person-unsaid" ref={listRef}>
            {items.map((item, index) => (
              <UnsaidRow key={item.itemId} item={item} busy={busy === item.itemId} onOpen={() => openEntry(item.entryId)} onMark={(state) => void mark(item, state, index)} />
            ))}
          </ul>
          {more && (
            <button type="button" onClick={() => void loadMore(entriesLoaded)}>
              Show more unsaid items
            </button>
          )}
        </>
      )}
    </section>
  );
}

function UnsaidRow(props: { item: OpenUnsaidItem; busy: boolean; onOpen: () => void; onMark: (state: UnsaidState) => void }) {
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
        <UnsaidMarkButtons className="person-unsaid-actions" labelledBy={`${id}-text`} busy={props.busy} onMark={props.onMark} />
      </div>
    </li>
  );
}

export function OnThisDaySection(props: { person: Person; early?: EarlyLoads['onThisDay'] }) {
  const { openEntry } = useSession();
  const idBase = useId();
  const [items, setItems] = useState<OnThisDayItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (props.early ?? call('review.onThisDay', { personId: props.person.id, today: todayIso() })).then((r) => {
      if (!live) return;
      if (r.ok) setItems(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [props.person.id]);
  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>On this day with {props.person.name}</h2>
      {error && <p className="error">{error}</p>}
      {!items && !error && <Loading />}
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

export function TimelineSection(props: { person: Person; early?: EarlyLoads['timeline'] }) {
  const { openEntry } = useSession();
  const idBase = useId();
  const [items, setItems] = useState<TimelineEntry[] | null>(null);
  const early = useRef(props.early);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (offset: number) => {
      setLoading(true);
      const r = await (offset === 0 && early.current ? early.current : call('people.timeline', { personId: props.person.id, limit: TIMELINE_PAGE, offset }));
      early.current = undefined;
      setLoading(false);
      if (!r.ok) return setError(r.error.message);
      startTransition(() => {
        setItems((prev) => [...(offset === 0 ? [] : (prev ?? [])), ...r.value.items]);
        setTotal(r.value.total);
      });
    },
    [props.person.id],
  );
  useEffect(() => {
    void load(0);
  }, [load]);

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Reflections about {props.person.name}</h2>
      {error && <p className="error">{error}</p>}
      {!items && !error && <Loading />}
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
          {items.length < total && (
            <button type="button" onClick={() => void load(items.length)} disabled={loading}>
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

function TimelineItem(props: { entry: TimelineEntry; personId: string; onOpen: () => void }) {
  const { entry } = props;
  const parts = partOrder.filter((part) => entry.passages[part].length > 0);
  const others = entry.people.filter((p) => p.id !== props.personId).map((p) => p.name);
  const withOthers = others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return (
    <li className="person-timeline-entry">
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
