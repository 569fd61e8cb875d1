/**
 * The journal's home: "on this day", then every entry — as a timeline, newest first, each row with
 * its date and time of day, its title, the people in it, its tags and a thumbnail of its first photo
 * (virtualized against the page's own scrolling and loaded page by page, so ten thousand entries
 * open as fast as ten), or as a calendar of a year of days. Its tags are listed, with counts, one
 * button away.
 *
 * A row is one Tab stop that opens the entry; Delete asks to delete it, and its other actions are
 * in the row's menu (the context-menu key, Shift+F10, or the "⋯" button). The arrow keys move
 * between rows.
 */
import { useQueries } from '@tanstack/react-query';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { EntrySummary } from '../../../electron/shared/contract';
import { journalQuery, useJournalMutation, useJournalQuery } from '../../lib/data';
import { clockTime, formatLongDate, todayIso } from '../../lib/date';
import { listNames } from '../../lib/names';
import { photoUrl } from '../../lib/photos';
import { useSession } from '../../lib/session';
import { tagLabel } from '../../lib/tags';
import { usePageOffset } from '../../lib/usePageOffset';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { RowMenu } from '../../components/RowMenu';
import { ViewHeading } from '../../components/ViewHeading';
import { JournalCalendar } from './JournalCalendar';
import { OnThisDay } from './OnThisDay';
import { TagsPanel } from './TagsPanel';
import './journal.css';

const PAGE = 100;
const ROW_HEIGHT = 96;

type Mode = 'list' | 'calendar';
/** The way the person last looked at the journal, kept while the app runs. */
let lastMode: Mode = 'list';

export function Journal() {
  const { newEntry } = useSession();
  const first = useJournalQuery('entries.list', { limit: PAGE, offset: 0 });
  const total = first.data?.total ?? null;
  const [toDelete, setToDelete] = useState<EntrySummary | null>(null);
  const [notice, setNotice] = useState('');
  const [tagsOpen, setTagsOpen] = useState(false);
  const [mode, setModeState] = useState<Mode>(lastMode);
  const headingRef = useRef<HTMLDivElement>(null);
  const remove = useJournalMutation('entries.delete');
  const setMode = (next: Mode) => {
    lastMode = next;
    setModeState(next);
  };
  const today = useMemo(() => todayIso(), []);
  const tagsId = useId();

  const confirmDelete = () => {
    if (!toDelete) return;
    const entry = toDelete;
    remove.mutate(
      { id: entry.id },
      {
        onSuccess: () => {
          setNotice(`The entry of ${formatLongDate(entry.date)}${clockTime(entry.writtenAt) ? ` at ${clockTime(entry.writtenAt)}` : ''} was deleted.`);
          // The row is gone: once the dialog has closed, the keyboard goes back to the top of the
          // view rather than to nowhere.
          requestAnimationFrame(() => headingRef.current?.querySelector<HTMLElement>('h1')?.focus());
        },
        onSettled: () => setToDelete(null),
      },
    );
  };

  const hasEntries = total !== null && total > 0;
  return (
    <section className={`view journal journal-mode-${mode}`} aria-labelledby="journal-title">
      <div className="view-header journal-header" ref={headingRef}>
        <div>
          <ViewHeading id="journal-title">Journal</ViewHeading>
          {hasEntries && (
            <p className="quiet">
              {total === 1 ? '1 entry' : `${total.toLocaleString()} entries`}
              {mode === 'list' ? ', newest first' : ''}
            </p>
          )}
        </div>
        {hasEntries && (
          <div className="journal-tools">
            <button type="button" aria-expanded={tagsOpen} aria-controls={tagsId} onClick={() => setTagsOpen((o) => !o)}>
              Tags
            </button>
            <div className="journal-mode" role="group" aria-label="Show the journal as">
              <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
                List
              </button>
              <button type="button" aria-pressed={mode === 'calendar'} onClick={() => setMode('calendar')}>
                Calendar
              </button>
            </div>
          </div>
        )}
      </div>
      <div id={tagsId}>{hasEntries && tagsOpen && <TagsPanel />}</div>
      <ErrorMessage error={first.error} onRetry={() => void first.refetch()} retrying={first.isFetching} />
      <ErrorMessage error={remove.error} />
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
      {hasEntries && <OnThisDay today={today} />}
      {hasEntries && mode === 'calendar' && <JournalCalendar today={today} />}
      {hasEntries && mode === 'list' && <JournalList total={total} onDelete={setToDelete} />}
      {toDelete && (
        <ConfirmDialog
          title="Delete this entry?"
          confirmLabel="Delete"
          cancelLabel="Keep it"
          busy={remove.isPending}
          onConfirm={confirmDelete}
          onCancel={() => setToDelete(null)}
        >
          <p>
            The entry of {formatLongDate(toDelete.date)}
            {toDelete.title ? <>, “{toDelete.title}”,</> : null} will be removed from your journal for good. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function JournalList(props: { total: number; onDelete: (entry: EntrySummary) => void }) {
  const { total } = props;
  const { openEntry } = useSession();
  const listRef = useRef<HTMLUListElement>(null);
  const hintId = useId();
  const scrollMargin = usePageOffset(listRef);
  const virtualizer = useWindowVirtualizer({
    count: total,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin,
  });
  const items = virtualizer.getVirtualItems();

  // The pages the rows in view need; the first one always (it carries the total).
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const pageNumbers = useMemo(() => {
    const pages = new Set([0]);
    for (let p = Math.floor(firstIndex / PAGE); p <= Math.floor(lastIndex / PAGE); p += 1) pages.add(p);
    return [...pages];
  }, [firstIndex, lastIndex]);
  const pages = useQueries({ queries: pageNumbers.map((p) => journalQuery('entries.list', { limit: PAGE, offset: p * PAGE })) });
  const entryAt = (index: number): EntrySummary | undefined => {
    const at = pageNumbers.indexOf(Math.floor(index / PAGE));
    return at < 0 ? undefined : pages[at]?.data?.items[index % PAGE];
  };

  // Arrow keys move between rows; a row out of view is scrolled to, then focused once drawn.
  const focusRow = useCallback(
    (index: number) => {
      if (index < 0 || index >= total) return;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      let tries = 0;
      const attempt = () => {
        const button = listRef.current?.querySelector<HTMLButtonElement>(`li[data-index="${index}"] .journal-open`);
        if (button) button.focus();
        else if (tries++ < 10) requestAnimationFrame(attempt);
      };
      attempt();
    },
    [total, virtualizer],
  );

  return (
    <>
      <p id={hintId} className="visually-hidden">
        Press Delete to delete an entry, or Shift+F10 for its menu. The up and down arrows move between entries.
      </p>
      <ul ref={listRef} className="journal-list" aria-label="Entries, newest first" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = entryAt(item.index);
          return (
            <li
              key={entry?.id ?? `placeholder-${item.index}`}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="journal-row"
              aria-setsize={total}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
            >
              {entry ? (
                <JournalRow
                  entry={entry}
                  hintId={hintId}
                  onOpen={() => openEntry(entry.id)}
                  onDelete={() => props.onDelete(entry)}
                  onMove={(by) => focusRow(item.index + by)}
                />
              ) : (
                <span className="quiet journal-loading">Loading…</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function JournalRow(props: { entry: EntrySummary; hintId: string; onOpen: () => void; onDelete: () => void; onMove: (by: number) => void }) {
  const { entry } = props;
  const [menuOpen, setMenuOpen] = useState(false);
  const openRef = useRef<HTMLButtonElement>(null);
  const time = clockTime(entry.writtenAt);
  const date = formatLongDate(entry.date);
  return (
    <div className={`journal-row-inner${menuOpen ? ' menu-open' : ''}`}>
      <button
        ref={openRef}
        type="button"
        className={entry.photoId ? 'journal-open has-photo' : 'journal-open'}
        aria-describedby={props.hintId}
        aria-keyshortcuts="Delete Shift+F10"
        onClick={props.onOpen}
        onKeyDown={(e) => {
          if (e.altKey || e.ctrlKey || e.metaKey) return;
          if (e.key === 'Delete') props.onDelete();
          else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) setMenuOpen(true);
          else if (e.key === 'ArrowDown') props.onMove(1);
          else if (e.key === 'ArrowUp') props.onMove(-1);
          else return;
          e.preventDefault();
        }}
        onContextMenu={(e) => {
          e.preventDefault();
          setMenuOpen(true);
        }}
      >
        <span className="journal-when">
          <span className="journal-date">{date}</span>
          {time && <span className="journal-time"> · {time}</span>}
        </span>
        <span className="journal-title">{entry.title || 'No words yet'}</span>
        {(entry.people.length > 0 || entry.tags.length > 0) && (
          <span className="journal-meta">
            {entry.people.length > 0 && <span className="journal-people">With {listNames(entry.people)}</span>}
            {entry.tags.length > 0 && (
              <span className="tag-chips journal-tags">
                <span className="visually-hidden">Tags: </span>
                {entry.tags.map((tag) => (
                  <span key={tag} className="tag-chip">
                    {tagLabel(tag)}
                  </span>
                ))}
              </span>
            )}
          </span>
        )}
        {entry.photoId && (
          // The entry's first photo. Its description is the entry's own words, not the row's name: the
          // row is named by its date and title, so the picture is silent here. Not lazy: the list
          // is virtual, so a row exists only near the screen, and waiting for layout to start the
          // request only delayed the thumbnail.
          <img className="journal-thumb" src={photoUrl(entry.photoId, 'small')} alt="" width={64} height={64} decoding="async" />
        )}
      </button>
      <RowMenu
        label={`More for the entry of ${date}${time ? ` at ${time}` : ''}`}
        open={menuOpen}
        onOpenChange={setMenuOpen}
        returnFocus={() => openRef.current?.focus()}
        items={[
          { label: 'Open', onSelect: props.onOpen },
          { label: 'Delete…', onSelect: props.onDelete },
        ]}
      />
    </div>
  );
}
