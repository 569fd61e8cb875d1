/**
 * The journal as a calendar: a year of days, the days written marked. Each day is a button named
 * with its full date and how many entries it holds; a day with one entry opens it, a day with
 * several asks which one. One tab stop for the whole year: the arrow keys move by day and week,
 * Home and End to the week's ends, Page Up and Page Down by month (with Shift, by year) — the
 * date-picker pattern screen-reader users know.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { EntrySummary } from '../../../electron/shared/contract';
import { errorInfoOf, journalQuery, useJournalQuery } from '../../lib/data';
import { clockTime, formatLongDate } from '../../lib/date';
import { listNames } from '../../lib/names';
import { useSession } from '../../lib/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { addDays, addMonths, addYears, firstDayOfWeek, monthName, monthWeeks, weekBounds, weekdayNames, yearOf } from './calendarDates';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

const countsByDay = (days: { date: string; count: number }[]) => new Map(days.map((d) => [d.date, d.count]));

function entriesLabel(count: number): string {
  if (count === 0) return 'nothing written';
  return count === 1 ? '1 entry' : `${count} entries`;
}

/** Where a key takes the focused day, or null for keys the calendar leaves alone. */
function moveFor(key: string, shift: boolean, from: string, firstDay: number): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(from, -1);
    case 'ArrowRight':
      return addDays(from, 1);
    case 'ArrowUp':
      return addDays(from, -7);
    case 'ArrowDown':
      return addDays(from, 7);
    case 'Home':
      return weekBounds(from, firstDay).start;
    case 'End':
      return weekBounds(from, firstDay).end;
    case 'PageUp':
      return shift ? addYears(from, -1) : addMonths(from, -1);
    case 'PageDown':
      return shift ? addYears(from, 1) : addMonths(from, 1);
    default:
      return null;
  }
}

export function JournalCalendar(props: { today: string }) {
  const { today } = props;
  const { openEntry } = useSession();
  const id = useId();
  const firstDay = useMemo(() => firstDayOfWeek(navigator.language), []);
  const weekdays = useMemo(() => weekdayNames(firstDay), [firstDay]);
  const [active, setActive] = useState(today);
  const year = yearOf(active);
  const calendar = useJournalQuery('review.calendar', { year }, { select: countsByDay });
  const client = useQueryClient();
  const [dayError, setDayError] = useState<string | null>(null);
  const [picking, setPicking] = useState<{ date: string; entries: EntrySummary[] } | null>(null);
  const monthsRef = useRef<HTMLDivElement>(null);
  const focusActive = useRef(false);

  // Move focus only when the keyboard moved the day (not on first paint or on "Next year").
  useEffect(() => {
    if (!focusActive.current) return;
    focusActive.current = false;
    monthsRef.current?.querySelector<HTMLButtonElement>(`button[data-date="${active}"]`)?.focus();
  }, [active]);

  const counts = calendar.data ?? null;
  const written = counts ? counts.size : 0;

  // Once the year has arrived, bring today's month into view (the year starts in January).
  const shownToday = useRef(false);
  useEffect(() => {
    if (!counts || shownToday.current) return;
    shownToday.current = true;
    monthsRef.current?.querySelector(`button[data-date="${today}"]`)?.closest('.calendar-month')?.scrollIntoView({ block: 'nearest' });
  }, [counts, today]);

  const openDay = async (date: string) => {
    if (!counts?.get(date)) return;
    let entries: EntrySummary[];
    try {
      entries = await client.fetchQuery(journalQuery('review.day', { date }));
    } catch (error) {
      setDayError(errorInfoOf(error).message);
      return;
    }
    setDayError(null);
    const [first] = entries;
    if (entries.length === 1 && first) openEntry(first.id);
    else if (entries.length > 1) setPicking({ date, entries });
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const from = (e.target as HTMLElement).dataset.date;
    if (!from || e.altKey || e.ctrlKey || e.metaKey) return;
    const next = moveFor(e.key, e.shiftKey, from, firstDay);
    if (!next) return;
    e.preventDefault();
    focusActive.current = true;
    setActive(next);
  };

  return (
    <div className="calendar" aria-busy={counts === null}>
      <div className="calendar-bar">
        <button type="button" onClick={() => setActive(addYears(active, -1))} aria-label={`Previous year, ${year - 1}`}>
          <span aria-hidden="true">‹ </span>
          {year - 1}
        </button>
        <h2 id={`${id}-year`} className="calendar-year" aria-live="polite">
          {year}
        </h2>
        <button type="button" onClick={() => setActive(addYears(active, 1))} aria-label={`Next year, ${year + 1}`}>
          {year + 1}
          <span aria-hidden="true"> ›</span>
        </button>
        {year !== yearOf(today) && (
          <button type="button" className="link" onClick={() => setActive(today)}>
            Back to this year
          </button>
        )}
      </div>
      <p className="quiet calendar-summary">
        {counts === null ? 'Loading…' : written === 0 ? `Nothing written in ${year}.` : `Written on ${written === 1 ? '1 day' : `${written} days`} in ${year}.`}{' '}
        <span className="visually-hidden">Use the arrow keys to move between days, Page Up and Page Down to change month.</span>
      </p>
      <ErrorMessage error={calendar.error} onRetry={() => void calendar.refetch()} retrying={calendar.isFetching} />
      <ErrorMessage error={dayError} />
      <div className="calendar-months" ref={monthsRef} onKeyDown={onKeyDown}>
        {MONTHS.map((month) => {
          const headingId = `${id}-m${month}`;
          return (
            <div className="calendar-month" key={month}>
              <h3 id={headingId} className="calendar-month-name">
                {monthName(month)} <span className="visually-hidden">{year}</span>
              </h3>
              <table role="grid" aria-labelledby={headingId} className="calendar-grid">
                <thead>
                  <tr>
                    {weekdays.map((w) => (
                      <th key={w.long} scope="col" abbr={w.long}>
                        {w.short}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {monthWeeks(year, month, firstDay).map((week, w) => (
                    <tr key={w}>
                      {week.map((date, d) => {
                        if (!date) return <td key={`empty-${d}`} className="calendar-pad" />;
                        const count = counts?.get(date) ?? 0;
                        const classes = ['calendar-day', count > 0 ? 'written' : '', count > 1 ? 'several' : ''].filter(Boolean).join(' ');
                        return (
                          <td key={date}>
                            <button
                              type="button"
                              className={classes}
                              data-date={date}
                              tabIndex={date === active ? 0 : -1}
                              aria-label={`${formatLongDate(date)}, ${entriesLabel(count)}`}
                              aria-disabled={count === 0 ? true : undefined}
                              aria-current={date === today ? 'date' : undefined}
                              onFocus={() => setActive(date)}
                              onClick={() => void openDay(date)}
                            >
                              {Number(date.slice(8))}
                            </button>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      </div>
      {picking && (
        <DayPicker
          date={picking.date}
          entries={picking.entries}
          onPick={(entryId) => {
            setPicking(null);
            openEntry(entryId);
          }}
          onClose={() => setPicking(null)}
        />
      )}
    </div>
  );
}

/** Several entries on one day: a small modal list to pick from. Escape or Close returns to the day. */
function DayPicker(props: { date: string; entries: EntrySummary[]; onPick: (id: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    // React removes the dialog before this cleanup runs, so the browser cannot return focus itself.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog day-picker"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={`${id}-title`}>{formatLongDate(props.date)}</h2>
      <p className="quiet">{props.entries.length} entries on this day. Which one would you like to open?</p>
      <ul className="day-picker-list">
        {props.entries.map((entry) => {
          const time = clockTime(entry.writtenAt);
          return (
            <li key={entry.id}>
              <button type="button" className="entry-link day-picker-entry" onClick={() => props.onPick(entry.id)}>
                <span className="day-picker-title">
                  {time && <span className="journal-time">{time} · </span>}
                  {entry.title || 'No words yet'}
                </span>
                {entry.people.length > 0 && <span className="journal-people">With {listNames(entry.people)}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
