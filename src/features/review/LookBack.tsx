/**
 * The weekly look back: seven days as a quiet page to reflect on — this week first, and earlier
 * weeks one step at a time. Details people shared that are coming up (a nudge to check in), the
 * people of the week, what was written about them entry by entry (an entry about two people once,
 * with both names), and the unsaid items still open, each markable said or let go right here,
 * with Undo for a few seconds. Counts are never shown as a tally to balance.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import type { DueReminder, PersonRef, WeekLookBack, WeekPassage } from '../../../electron/shared/contract';
import type { SectionKind, UnsaidState } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { useJournalMutation, useJournalQuery } from '../../lib/data';
import { formatLongDate, formatShortDate, todayIso } from '../../lib/date';
import { listNames } from '../../lib/names';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useToast } from '../../components/Toast';
import { UnsaidMarkButtons } from '../../components/UnsaidMarkButtons';
import { useSession } from '../../lib/session';
import { ViewHeading } from '../../components/ViewHeading';
import { addDays } from '../journal/calendarDates';
import './review.css';

const partTitles: Record<SectionKind, string> = {
  given: 'Given',
  received: 'Received',
  unsaid: 'Left unsaid',
  note: 'Noted',
};
const partOrder: SectionKind[] = ['given', 'received', 'unsaid', 'note'];

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "today", "tomorrow", "on Thursday, 5 March 2026". */
function whenFrom(today: string, date: string): string {
  const days = daysBetween(today, date);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `on ${formatLongDate(date)}`;
}

function entriesPhrase(n: number): string {
  return n === 1 ? 'one entry' : `${n} entries`;
}

/** One entry of the week: its passages about people, each once, with who they are about. */
interface WeekEntry {
  entryId: string;
  date: string;
  people: PersonRef[];
  passages: (WeekPassage & { people: PersonRef[] })[];
}

/**
 * The week entry by entry. The journal lists each person's passages; a passage about two people is
 * in both lists, and here it becomes one passage with both names.
 */
function entriesOfWeek(week: WeekLookBack): WeekEntry[] {
  const entries = new Map<string, WeekEntry>();
  for (const person of week.people) {
    const ref = { id: person.personId, name: person.name };
    for (const passage of person.passages) {
      let entry = entries.get(passage.entryId);
      if (!entry) {
        entry = { entryId: passage.entryId, date: passage.date, people: [], passages: [] };
        entries.set(passage.entryId, entry);
      }
      if (!entry.people.some((p) => p.id === ref.id)) entry.people.push(ref);
      const same = entry.passages.find((p) => p.section === passage.section && (passage.itemId ? p.itemId === passage.itemId : p.text === passage.text));
      if (same) {
        if (!same.people.some((p) => p.id === ref.id)) same.people.push(ref);
      } else entry.passages.push({ ...passage, people: [ref] });
    }
  }
  const byName = (a: PersonRef, b: PersonRef) => a.name.localeCompare(b.name);
  for (const entry of entries.values()) {
    entry.people.sort(byName);
    for (const p of entry.passages) p.people.sort(byName);
  }
  // Newest day first; the journal's own order within a day.
  return [...entries.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

export function LookBack() {
  const { openEntry, navigate, newEntry } = useSession();
  const toast = useToast();
  const [today] = useState(() => todayIso());
  // The last day of the week shown: today, or a day seven, fourteen… days before it.
  const [end, setEnd] = useState(today);
  const query = useJournalQuery('review.week', { today: end }, { placeholderData: keepPreviousData });
  const week = query.data;
  const setState = useJournalMutation('entries.setUnsaidState');
  // Marked items leave the list at once; each is taken out by itself, so marking two quickly keeps both out.
  const [leaving, setLeaving] = useState<ReadonlySet<string>>(new Set());
  const unsaidHeading = useRef<HTMLHeadingElement>(null);
  const unsaidList = useRef<HTMLUListElement>(null);
  const entries = useMemo(() => (week ? entriesOfWeek(week) : []), [week]);
  const isThisWeek = end === today;
  const without = (itemId: string) => (prev: ReadonlySet<string>) => new Set([...prev].filter((id) => id !== itemId));

  const mark = (item: { itemId: string; entryId: string; text: string }, state: Exclude<UnsaidState, 'open'>, index: number) => {
    setLeaving((prev) => new Set(prev).add(item.itemId));
    // Keep the keyboard where it was: the next item, or the heading.
    requestAnimationFrame(() => {
      const buttons = unsaidList.current?.querySelectorAll<HTMLButtonElement>('.unsaid-said');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      if (next) next.focus();
      else unsaidHeading.current?.focus();
    });
    setState.mutate(
      { itemId: item.itemId, entryId: item.entryId, state },
      {
        onError: () => setLeaving(without(item.itemId)),
        onSuccess: () =>
          toast({
            text: `“${item.text}” is marked ${state === 'said' ? 'said' : 'let go'}. The entry shows it too.`,
            action: {
              label: 'Undo',
              run: () =>
                void call('entries.setUnsaidState', { itemId: item.itemId, entryId: item.entryId, state: 'open' }).then((r) => {
                  if (r.ok) {
                    setLeaving(without(item.itemId));
                    toast({ text: `Undone: “${item.text}” is open again.` });
                  } else toast({ text: `“${item.text}” could not be opened again: ${r.error.message}` });
                }),
            },
          }),
      },
    );
  };

  const openUnsaid = week?.openUnsaid.filter((i) => !leaving.has(i.itemId)) ?? [];

  return (
    <section className="view lookback" aria-labelledby="lookback-title">
      <div className="view-header">
        <ViewHeading id="lookback-title">Look back</ViewHeading>
        {week && (
          <p className="quiet">
            {isThisWeek ? 'The last seven days' : 'Seven days'}, {formatLongDate(week.from)} to {formatLongDate(week.to)}: a moment to notice how you showed up for
            the people in your life, and how they showed up for you.
          </p>
        )}
        <div className="lookback-weeks" role="group" aria-label="Which week">
          <button type="button" onClick={() => setEnd(addDays(end, -7))}>
            <span aria-hidden="true">‹ </span>Earlier week
          </button>
          <button type="button" onClick={() => setEnd(addDays(end, 7) > today ? today : addDays(end, 7))} disabled={isThisWeek}>
            Later week<span aria-hidden="true"> ›</span>
          </button>
          {!isThisWeek && (
            <button type="button" className="link" onClick={() => setEnd(today)}>
              Back to this week
            </button>
          )}
        </div>
      </div>
      <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      <ErrorMessage error={setState.error} />
      {!week && !query.error && <p className="quiet">Gathering your week…</p>}
      {week && (
        <div className="lookback-week" aria-busy={query.isPlaceholderData}>
          {isThisWeek && week.reminders.length > 0 && (
            <Reminders reminders={week.reminders} today={today} onOpenPerson={(personId) => navigate({ name: 'people', personId })} />
          )}
          <section className="lookback-part" aria-labelledby="lookback-people">
            <h2 id="lookback-people">The people of {isThisWeek ? 'your week' : 'that week'}</h2>
            {week.people.length === 0 ? (
              <div className="lookback-quiet">
                {week.entries === 0 ? (
                  <>
                    <p>Nothing written in {isThisWeek ? 'the last seven days' : 'these seven days'}. Whenever you are ready, a few lines are enough.</p>
                    {isThisWeek && (
                      <button type="button" className="primary" onClick={newEntry}>
                        Write an entry
                      </button>
                    )}
                  </>
                ) : (
                  <p>
                    You wrote {entriesPhrase(week.entries)} {isThisWeek ? 'this week' : 'that week'}, without naming anyone. Mention someone with @ to gather them here.
                  </p>
                )}
              </div>
            ) : (
              <ul className="lookback-people">
                {week.people.map((person) => (
                  <li key={person.personId} className="lookback-person">
                    <h3 className="lookback-person-name">{person.name}</h3>
                    <p className="quiet lookback-person-meta">
                      In {person.entryIds.length === 1 ? 'one of your entries' : `${person.entryIds.length} of your entries`}.{' '}
                      <button type="button" className="link" onClick={() => navigate({ name: 'people', personId: person.personId })}>
                        Open {person.name}’s page
                      </button>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {entries.length > 0 && (
            <section className="lookback-part" aria-labelledby="lookback-written">
              <h2 id="lookback-written">What you wrote about them</h2>
              <ul className="lookback-entries">
                {entries.map((entry) => (
                  <EntryWeek key={entry.entryId} entry={entry} onOpen={() => openEntry(entry.entryId)} />
                ))}
              </ul>
            </section>
          )}
          <section className="lookback-part" aria-labelledby="lookback-unsaid">
            <h2 id="lookback-unsaid" ref={unsaidHeading} tabIndex={-1}>
              Still unsaid
            </h2>
            {openUnsaid.length === 0 ? (
              <p className="quiet">Nothing from {isThisWeek ? 'this week' : 'that week'} is waiting to be said.</p>
            ) : (
              <>
                <p className="quiet">
                  Things you meant to say {isThisWeek ? 'this week' : 'that week'}. When one has been said, or you have chosen to let it go, mark it here; the entry
                  changes too.
                </p>
                <ul className="lookback-unsaid" ref={unsaidList}>
                  {openUnsaid.map((item, index) => (
                    <UnsaidRow key={item.itemId} item={item} onOpenEntry={() => openEntry(item.entryId)} onMark={(state) => mark(item, state, index)} />
                  ))}
                </ul>
              </>
            )}
          </section>
        </div>
      )}
    </section>
  );
}

function Reminders(props: { reminders: DueReminder[]; today: string; onOpenPerson: (personId: string) => void }) {
  return (
    <section className="lookback-part lookback-nudges" aria-labelledby="lookback-coming">
      <h2 id="lookback-coming">Coming up: a chance to check in</h2>
      <p className="quiet">Details people shared with you, with a day in the week ahead.</p>
      <ul className="lookback-nudge-list">
        {props.reminders.map((r) => (
          <li key={r.detailId} className="lookback-nudge">
            <p className="lookback-nudge-text">
              <span className="lookback-quote">{r.text}</span> — {r.name}, {whenFrom(props.today, r.remindOn)}.
            </p>
            <p className="quiet lookback-nudge-ask">
              Maybe check in with {r.name}?{' '}
              <button type="button" className="link" onClick={() => props.onOpenPerson(r.personId)}>
                Open {r.name}’s page
              </button>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function EntryWeek(props: { entry: WeekEntry; onOpen: () => void }) {
  const { entry } = props;
  const id = useId();
  const byPart = new Map<SectionKind, WeekEntry['passages']>();
  for (const p of entry.passages) byPart.set(p.section, [...(byPart.get(p.section) ?? []), p]);
  const everyone = listNames(entry.people);
  return (
    <li className="lookback-entry" aria-labelledby={`${id}-when`}>
      <h3 id={`${id}-when`} className="lookback-entry-when">
        <button type="button" className="link lookback-entry-link" onClick={props.onOpen}>
          <span className="visually-hidden">Open the entry of </span>
          {formatLongDate(entry.date)}
        </button>
        <span className="lookback-entry-people"> · with {everyone}</span>
      </h3>
      {partOrder
        .filter((part) => byPart.has(part))
        .map((part) => (
          <div key={part} className={`lookback-passages part-${part}`}>
            <h4>{partTitles[part]}</h4>
            <ul>
              {byPart.get(part)!.map((p, i) => (
                <li key={`${p.itemId ?? i}`}>
                  <span className="lookback-quote">{p.text}</span>
                  {p.state === 'said' && <span className="lookback-tag">said</span>}
                  {p.state === 'letGo' && <span className="lookback-tag">let go</span>}
                  {entry.people.length > 1 && p.people.length < entry.people.length && <span className="quiet lookback-about"> — {listNames(p.people)}</span>}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </li>
  );
}

function UnsaidRow(props: { item: WeekLookBack['openUnsaid'][number]; onOpenEntry: () => void; onMark: (state: Exclude<UnsaidState, 'open'>) => void }) {
  const { item } = props;
  const id = useId();
  return (
    <li className="lookback-unsaid-item">
      <p id={`${id}-text`} className="lookback-quote">
        {item.text}
      </p>
      <p className="quiet lookback-unsaid-meta">
        {item.people.length > 0 && <>With {listNames(item.people)} · </>}
        <button type="button" className="link lookback-entry-link" onClick={props.onOpenEntry}>
          <span className="visually-hidden">Open the entry of </span>
          {formatShortDate(item.date)}
        </button>
      </p>
      <UnsaidMarkButtons className="lookback-unsaid-actions" labelledBy={`${id}-text`} busy={false} onMark={props.onMark} />
    </li>
  );
}
