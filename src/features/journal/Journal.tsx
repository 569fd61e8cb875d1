/**
 * The journal's home: "on this day", then every entry — as a timeline, newest first, with its date,
 * the people in it and its first lines (virtualized and loaded page by page, so ten thousand
 * entries open as fast as ten), or as a calendar of a year of days.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EntrySummary } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { formatLongDate, todayIso } from '../../lib/date';
import { listNames } from '../../lib/names';
import { useSession } from '../../lib/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ViewHeading } from '../../components/ViewHeading';
import { JournalCalendar } from './JournalCalendar';
import { OnThisDay } from './OnThisDay';
import './journal.css';

const PAGE = 100;
const ROW_HEIGHT = 104;

type Mode = 'list' | 'calendar';
/** The way the person last looked at the journal, kept while the app runs. */
let lastMode: Mode = 'list';

export function Journal() {
  const { openEntry, newEntry } = useSession();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, EntrySummary[]>());
  const requested = useRef(new Set<number>());
  const [, setLoadedCount] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [toDelete, setToDelete] = useState<EntrySummary | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [mode, setModeState] = useState<Mode>(lastMode);
  const setMode = (next: Mode) => {
    lastMode = next;
    setModeState(next);
  };
  const today = useMemo(() => todayIso(), []);

  const loadPage = useCallback(async (page: number, gen: number) => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    const result = await call('entries.list', { limit: PAGE, offset: page * PAGE });
    if (gen !== generationRef.current) return;
    if (!result.ok) {
      requested.current.delete(page);
      setError(result.error.message);
      return;
    }
    pages.current.set(page, result.value.items);
    setTotal(result.value.total);
    setLoadedCount((n) => n + 1);
  }, []);

  const generationRef = useRef(0);
  useEffect(() => {
    generationRef.current = generation;
    pages.current.clear();
    requested.current.clear();
    void loadPage(0, generation);
  }, [generation, loadPage]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();

  // Load the pages the visible rows need.
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (!total) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page += 1) {
      if (!pages.current.has(page)) void loadPage(page, generationRef.current);
    }
  }, [first, last, total, loadPage]);

  const entryAt = (index: number): EntrySummary | undefined => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE];

  const confirmDelete = async () => {
    if (!toDelete) return;
    setDeleting(true);
    const result = await call('entries.delete', { id: toDelete.id });
    setDeleting(false);
    if (!result.ok) {
      setError(result.error.message);
    } else {
      setNotice(`The entry of ${formatLongDate(toDelete.date)} was deleted.`);
      setGeneration((g) => g + 1);
    }
    setToDelete(null);
  };

  return (
    <section className={`view journal journal-mode-${mode}`} aria-labelledby="journal-title">
      <div className="view-header journal-header">
        <div>
          <ViewHeading id="journal-title">Journal</ViewHeading>
          {total !== null && total > 0 && (
            <p className="quiet">
              {total === 1 ? '1 entry' : `${total.toLocaleString()} entries`}
              {mode === 'list' ? ', newest first' : ''}
            </p>
          )}
        </div>
        {total !== null && total > 0 && (
          <div className="journal-mode" role="group" aria-label="Show the journal as">
            <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
              List
            </button>
            <button type="button" aria-pressed={mode === 'calendar'} onClick={() => setMode('calendar')}>
              Calendar
            </button>
          </div>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {notice}
      </p>
      {total === 0 && (
        <div className="empty">
          <p>Nothing written yet. Your reflections will gather here, newest first.</p>
          <button type="button" className="primary" onClick={newEntry}>
            Write your first entry
          </button>
        </div>
      )}
      {total !== null && total > 0 && <OnThisDay today={today} />}
      {total !== null && total > 0 && mode === 'calendar' && <JournalCalendar today={today} />}
      {total !== null && total > 0 && mode === 'list' && (
        <div className="journal-scroller" ref={scrollRef}>
          <ul className="journal-list" aria-label="Entries, newest first" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const entry = entryAt(item.index);
              return (
                <li
                  key={entry?.id ?? `placeholder-${item.index}`}
                  className="journal-row"
                  aria-setsize={total}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  {entry ? (
                    <>
                      <button type="button" className="journal-open" onClick={() => openEntry(entry.id)}>
                        <span className="journal-date">{formatLongDate(entry.date)}</span>
                        {entry.people.length > 0 && <span className="journal-people">With {listNames(entry.people)}</span>}
                        <span className="journal-excerpt">{entry.excerpt || 'No words yet.'}</span>
                      </button>
                      <button
                        type="button"
                        className="journal-delete quiet-button"
                        aria-label={`Delete entry of ${formatLongDate(entry.date)}`}
                        onClick={() => setToDelete(entry)}
                      >
                        Delete
                      </button>
                    </>
                  ) : (
                    <span className="quiet journal-loading">Loading…</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {toDelete && (
        <ConfirmDialog
          title="Delete this entry?"
          confirmLabel="Delete"
          cancelLabel="Keep it"
          busy={deleting}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setToDelete(null)}
        >
          <p>
            The entry of {formatLongDate(toDelete.date)} will be removed from your journal for good. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
