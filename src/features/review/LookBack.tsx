/**
 * The weekly look back: the last seven days as a quiet page to reflect on. Details people shared
 * that are coming up (a nudge to check in), the people of the week with the words actually
 * written about them — given, received, left unsaid — and the unsaid items still open, each
 * markable said or let go right here. Counts are never shown as a tally to balance.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { DueReminder, WeekLookBack, WeekPassage, WeekPerson } from '../../../electron/shared/contract';
import type { SectionKind, UnsaidState } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { formatLongDate, formatShortDate, todayIso } from '../../lib/date';
import { listNames } from '../../lib/names';
import { UnsaidMarkButtons } from '../../components/UnsaidMarkButtons';
import { useSession } from '../../lib/session';
import { ViewHeading } from '../../components/ViewHeading';
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

export function LookBack() {
  const { openEntry, navigate, newEntry } = useSession();
  const [today] = useState(() => todayIso());
  const [week, setWeek] = useState<WeekLookBack | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; undo?: { itemId: string; entryId: string } } | null>(null);
  const [busyItem, setBusyItem] = useState<string | null>(null);
  const unsaidHeading = useRef<HTMLHeadingElement>(null);
  const unsaidList = useRef<HTMLUListElement>(null);
  const focusAfterLoad = useRef<number | null>(null);

  const load = useCallback(async () => {
    const result = await call('review.week', { today });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setWeek(result.value);
  }, [today]);

  useEffect(() => {
    void load();
  }, [load]);

  // After an item leaves the list, keep the keyboard where it was: the next item, or the heading.
  useEffect(() => {
    const index = focusAfterLoad.current;
    if (index === null || !week) return;
    focusAfterLoad.current = null;
    const buttons = unsaidList.current?.querySelectorAll<HTMLButtonElement>('.unsaid-said');
    const next = buttons?.[Math.min(index, buttons.length - 1)];
    if (next) next.focus();
    else unsaidHeading.current?.focus();
  }, [week]);

  const setState = async (item: { itemId: string; entryId: string; text: string }, state: UnsaidState, index: number) => {
    setBusyItem(item.itemId);
    const result = await call('entries.setUnsaidState', { itemId: item.itemId, entryId: item.entryId, state });
    setBusyItem(null);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setNotice(
      state === 'open'
        ? { text: `“${item.text}” is open again.` }
        : { text: `“${item.text}” is marked ${state === 'said' ? 'said' : 'let go'}. The entry shows it too.`, undo: { itemId: item.itemId, entryId: item.entryId } },
    );
    focusAfterLoad.current = state === 'open' ? null : index;
    await load();
  };

  const undo = async () => {
    if (!notice?.undo) return;
    const { itemId, entryId } = notice.undo;
    const result = await call('entries.setUnsaidState', { itemId, entryId, state: 'open' });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setNotice({ text: 'Undone: the item is open again.' });
    await load();
  };

  return (
    <section className="view lookback" aria-labelledby="lookback-title">
      <div className="view-header">
        <ViewHeading id="lookback-title">Look back</ViewHeading>
        {week && (
          <p className="quiet">
            The last seven days, {formatLongDate(week.from)} to {formatLongDate(week.to)}: a moment to notice how you showed up for the people in your
            life, and how they showed up for you.
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div role="status" className="lookback-notice">
        {notice && (
          <p>
            {notice.text}{' '}
            {notice.undo && (
              <button type="button" className="link" onClick={() => void undo()}>
                Undo
              </button>
            )}
          </p>
        )}
      </div>
      {!week && !error && <p className="quiet">Gathering your week…</p>}
      {week && (
        <>
          {week.reminders.length > 0 && <Reminders reminders={week.reminders} today={today} onOpenPerson={(personId) => navigate({ name: 'people', personId })} />}
          <section className="lookback-part" aria-labelledby="lookback-people">
            <h2 id="lookback-people">The people of your week</h2>
            {week.people.length === 0 ? (
              <div className="lookback-quiet">
                {week.entries === 0 ? (
                  <>
                    <p>Nothing written in the last seven days. Whenever you are ready, a few lines are enough.</p>
                    <button type="button" className="primary" onClick={newEntry}>
                      Write an entry
                    </button>
                  </>
                ) : (
                  <p>You wrote {entriesPhrase(week.entries)} this week, without naming anyone. Mention someone with @ to gather them here.</p>
                )}
              </div>
            ) : (
              <ul className="lookback-people">
                {week.people.map((person) => (
                  <PersonWeek key={person.personId} person={person} onOpenPerson={() => navigate({ name: 'people', personId: person.personId })} onOpenEntry={openEntry} />
                ))}
              </ul>
            )}
          </section>
          <section className="lookback-part" aria-labelledby="lookback-unsaid">
            <h2 id="lookback-unsaid" ref={unsaidHeading} tabIndex={-1}>
              Still unsaid
            </h2>
            {week.openUnsaid.length === 0 ? (
              <p className="quiet">Nothing from this week is waiting to be said.</p>
            ) : (
              <>
                <p className="quiet">Things you meant to say this week. When one has been said, or you have chosen to let it go, mark it here; the entry changes too.</p>
                <ul className="lookback-unsaid" ref={unsaidList}>
                  {week.openUnsaid.map((item, index) => (
                    <UnsaidRow
                      key={item.itemId}
                      item={item}
                      busy={busyItem === item.itemId}
                      onOpenEntry={() => openEntry(item.entryId)}
                      onMark={(state) => void setState(item, state, index)}
                    />
                  ))}
                </ul>
              </>
            )}
          </section>
        </>
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

function PersonWeek(props: { person: WeekPerson; onOpenPerson: () => void; onOpenEntry: (id: string) => void }) {
  const { person } = props;
  const id = useId();
  const byPart = new Map<SectionKind, WeekPassage[]>();
  for (const p of person.passages) byPart.set(p.section, [...(byPart.get(p.section) ?? []), p]);
  return (
    <li className="lookback-person">
      <h3 id={`${id}-name`} className="lookback-person-name">
        {person.name}
      </h3>
      <p className="quiet lookback-person-meta">
        In {person.entryIds.length === 1 ? 'one of your entries' : `${person.entryIds.length} of your entries`} this week.{' '}
        <button type="button" className="link" onClick={props.onOpenPerson}>
          Open {person.name}’s page
        </button>
      </p>
      {partOrder
        .filter((part) => byPart.has(part))
        .map((part) => (
          <div key={part} className={`lookback-passages part-${part}`}>
            <h4>{partTitles[part]}</h4>
            <ul>
              {byPart.get(part)!.map((p, i) => (
                <li key={`${p.entryId}-${i}`}>
                  <span className="lookback-quote">{p.text}</span>
                  {p.state === 'said' && <span className="lookback-tag">said</span>}
                  {p.state === 'letGo' && <span className="lookback-tag">let go</span>}{' '}
                  <button type="button" className="link lookback-entry-link" onClick={() => props.onOpenEntry(p.entryId)}>
                    <span className="visually-hidden">Open the entry of </span>
                    {formatShortDate(p.date)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </li>
  );
}

function UnsaidRow(props: { item: WeekLookBack['openUnsaid'][number]; busy: boolean; onOpenEntry: () => void; onMark: (state: UnsaidState) => void }) {
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
      <UnsaidMarkButtons className="lookback-unsaid-actions" labelledBy={`${id}-text`} busy={props.busy} onMark={props.onMark} />
    </li>
  );
}
