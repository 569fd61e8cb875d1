/**
 * Everyone in the journal: their photo, name, relationship, when they were last reflected on, what
 * is still unsaid, and a small picture of the last twelve months. Add, rename, archive and bring back.
 * The list is virtualized against the page's own scrolling (only the rows in view are in the
 * page), so a thousand people scroll as smoothly as ten.
 */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { PersonKind, PersonSummary } from '../../../electron/shared/contract';
import { useJournalMutation, useJournalQuery } from '../../lib/data';
import { formatShortDate, todayIso } from '../../lib/date';
import { personKindLabels, personKinds } from '../../lib/personKinds';
import { usePageOffset } from '../../lib/usePageOffset';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ViewHeading } from '../../components/ViewHeading';
import { PersonDialog } from './PersonDialog';
import { PersonPicture } from './PersonPhoto';
import { lastTwelveMonths } from './months';
import { Sparkline } from './Sparkline';

const ROW_HEIGHT = 64;

export function PeopleList(props: { onOpen: (id: string) => void }) {
  const [showArchived, setShowArchived] = useState(false);
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState<PersonSummary | null>(null);
  const [today] = useState(() => todayIso());
  const months = useMemo(() => lastTwelveMonths(today), [today]);
  const list = useJournalQuery('people.list', { includeArchived: showArchived, today });
  const people = list.data ?? null;
  const archive = useJournalMutation('people.upsert');

  const shown = useMemo(() => {
    const wanted = filter.trim().toLocaleLowerCase();
    if (!people || !wanted) return people ?? [];
    return people.filter((p) => p.name.toLocaleLowerCase().includes(wanted));
  }, [people, filter]);

  // The list changes first (the write marks it stale and it is read again), then the news is
  // announced, so what is read matches what is shown.
  const afterRefresh = (message: string) => void list.refetch().then(() => setNotice(message));

  const setArchived = (person: PersonSummary, archived: boolean) =>
    archive.mutate(
      { id: person.id, name: person.name, archived },
      {
        onSuccess: () =>
          afterRefresh(
            archived
              ? `${person.name} was archived. Everything written about them is kept; tick “Show archived people” to find them again.`
              : `${person.name} is back among your people.`,
          ),
      },
    );

  return (
    <section className="view people" aria-labelledby="people-title">
      <div className="view-header">
        <ViewHeading id="people-title">People</ViewHeading>
        {people && people.length > 0 && <p className="quiet">{people.length === 1 ? '1 person' : `${people.length.toLocaleString()} people`}, by name.</p>}
      </div>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      <ErrorMessage error={archive.error} />
      <AddPerson onAdded={(name) => afterRefresh(`${name} was added.`)} />
      <div className="people-toolbar">
        <div className="field people-filter">
          <label htmlFor="people-filter">Find a person</label>
          <input id="people-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </div>
        <div className="field checkbox">
          <input id="people-archived" type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <label htmlFor="people-archived">Show archived people</label>
        </div>
      </div>
      <p role="status" className="quiet people-notice">
        {notice}
      </p>
      {people && people.length === 0 && <p className="quiet">No one yet. Mention someone with @ in an entry, or add them here.</p>}
      {people && people.length > 0 && shown.length === 0 && <p className="quiet">No one’s name has “{filter.trim()}” in it.</p>}
      {shown.length > 0 && (
        <PeopleRows
          people={shown}
          months={months}
          busy={archive.isPending ? (archive.variables?.id ?? null) : null}
          onOpen={props.onOpen}
          onEdit={setEditing}
          onArchive={(p) => setArchived(p, !p.archived)}
        />
      )}
      {editing && (
        <PersonDialog
          person={editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            afterRefresh(`${saved.name} was saved.`);
          }}
        />
      )}
    </section>
  );
}

function PeopleRows(props: {
  people: PersonSummary[];
  months: string[];
  busy: string | null;
  onOpen: (id: string) => void;
  onEdit: (p: PersonSummary) => void;
  onArchive: (p: PersonSummary) => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  const idBase = useId();
  const scrollMargin = usePageOffset(listRef);
  const virtualizer = useWindowVirtualizer({
    count: props.people.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin,
    // The first rows are drawn before the window is measured, so the list paints at once.
    initialRect: { width: 800, height: ROW_HEIGHT * 12 },
  });
  return (
    <div className="people-scroller">
      <ul ref={listRef} className="people-rows" aria-label="People" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const p = props.people[item.index]!;
          const nameId = `${idBase}-${item.index}`;
          return (
            <li
              key={p.id}
              className={`people-row${p.archived ? ' archived' : ''}`}
              aria-setsize={props.people.length}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`, height: ROW_HEIGHT }}
            >
              <PersonPicture name={p.name} photoId={p.photoId} size="row" />
              <div className="people-row-who">
                <button type="button" id={nameId} className="person-open" onClick={() => props.onOpen(p.id)}>
                  {p.name}
                </button>
                <span className="quiet people-row-meta">
                  {personKindLabels[p.kind]}
                  {p.archived ? ' · archived' : ''}
                  {' · '}
                  {p.lastReflectedOn ? `last reflected on ${formatShortDate(p.lastReflectedOn)}` : 'not in an entry yet'}
                </span>
              </div>
              <span className="people-row-unsaid quiet">{p.openUnsaid > 0 ? `${p.openUnsaid} still unsaid` : ''}</span>
              <Sparkline name={p.name} counts={p.monthly ?? []} months={props.months} />
              <span className="people-row-actions">
                <button type="button" className="quiet-button" aria-describedby={nameId} onClick={() => props.onEdit(p)}>
                  Edit
                </button>
                <button type="button" className="quiet-button" aria-describedby={nameId} disabled={props.busy === p.id} onClick={() => props.onArchive(p)}>
                  {p.archived ? 'Unarchive' : 'Archive'}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function AddPerson(props: { onAdded: (name: string) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PersonKind>('friend');
  const [problem, setProblem] = useState<string | null>(null);
  const upsert = useJournalMutation('people.upsert');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setProblem('Give the person a name.');
    upsert.mutate(
      { name: trimmed, kind },
      {
        onSuccess: (person) => {
          setName('');
          setProblem(null);
          props.onAdded(person.name);
        },
      },
    );
  };
  return (
    <form className="people-add" onSubmit={add} aria-labelledby="add-person-title">
      <h2 id="add-person-title" className="visually-hidden">
        Add a person
      </h2>
      <div className="field grow">
        <label htmlFor="person-name">Name</label>
        <input
          id="person-name"
          type="text"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'person-name-problem' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="person-kind">Relationship</label>
        <select id="person-kind" value={kind} onChange={(e) => setKind(e.target.value as PersonKind)}>
          {personKinds.map((k) => (
            <option key={k} value={k}>
              {personKindLabels[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <button type="submit" className="primary">
          Add person
        </button>
      </div>
      <ErrorMessage id="person-name-problem" error={problem} className="people-add-problem" />
      <ErrorMessage error={upsert.error} className="people-add-problem" />
    </form>
  );
}
