/**
 * People: everyone who appears in the journal, and a simple page for each — how they like to
 * receive care, details they shared, and the entries they appear in. (The next issue deepens it.)
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { EntrySummary, PersonKind, PersonPage, PersonSummary } from '../../../electron/shared/contract';
import { personKindLabels, personKinds } from '../../lib/personKinds';
import { call } from '../../lib/api';
import { formatLongDate, formatShortDate } from '../../lib/date';
import { useSession } from '../../lib/session';
import { ViewHeading } from '../../components/ViewHeading';

export function People(props: { personId?: string }) {
  const { navigate } = useSession();
  if (props.personId) return <PersonView personId={props.personId} onBack={() => navigate({ name: 'people' })} />;
  return <PeopleList onOpen={(id) => navigate({ name: 'people', personId: id })} />;
}

function PeopleList(props: { onOpen: (id: string) => void }) {
  const [people, setPeople] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PersonKind>('friend');
  const [note, setNote] = useState('');

  const load = useCallback(async () => {
    const result = await call('people.list', {});
    if (result.ok) setPeople(result.value);
    else setError(result.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Give the person a name.');
      return;
    }
    const result = await call('people.upsert', { name: trimmed, kind });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setName('');
    setError(null);
    setNote(`${result.value.name} was added.`);
    void load();
  };

  return (
    <section className="view people" aria-labelledby="people-title">
      <div className="view-header">
        <ViewHeading id="people-title">People</ViewHeading>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {people && people.length === 0 && <p className="quiet">No one yet. Mention someone with @ in an entry, or add them here.</p>}
      {people && people.length > 0 && (
        <ul className="people-list" aria-label="People">
          {people.map((p) => (
            <li key={p.id}>
              <button type="button" className="person-open" onClick={() => props.onOpen(p.id)}>
                <span className="person-name">{p.name}</span>
                <span className="quiet">
                  {personKindLabels[p.kind]}
                  {' · '}
                  {p.entryCount === 1 ? 'in 1 entry' : `in ${p.entryCount} entries`}
                  {p.lastReflectedOn ? ` · last on ${formatShortDate(p.lastReflectedOn)}` : ''}
                  {p.openUnsaid > 0 ? ` · ${p.openUnsaid} still unsaid` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} aria-labelledby="add-person-title">
        <h2 id="add-person-title">Add a person</h2>
        <div className="field">
          <label htmlFor="person-name">Name</label>
          <input id="person-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoComplete="off" />
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
        <div className="actions">
          <button type="submit">Add person</button>
        </div>
        <p role="status" className="quiet">
          {note}
        </p>
      </form>
    </section>
  );
}

function PersonView(props: { personId: string; onBack: () => void }) {
  const { openEntry } = useSession();
  const [page, setPage] = useState<PersonPage | null>(null);
  const [entries, setEntries] = useState<EntrySummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([call('people.get', { id: props.personId }), call('entries.list', { personId: props.personId, limit: 200 })]).then(
      ([person, list]) => {
        if (!live) return;
        if (person.ok) setPage(person.value);
        else setError(person.error.message);
        if (list.ok) setEntries(list.value.items);
      },
    );
    return () => {
      live = false;
    };
  }, [props.personId]);

  const person = page?.person;
  return (
    <section className="view person" aria-labelledby="person-title">
      <div className="view-header">
        <button type="button" className="link" onClick={props.onBack}>
          All people
        </button>
        <ViewHeading id="person-title">{person?.name ?? 'Person'}</ViewHeading>
        {person && <p className="quiet">{personKindLabels[person.kind]}</p>}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {person && (
        <dl className="person-facts">
          {(
            [
              ['How they like to receive care', person.care],
              ['Needs', person.needs],
              ['Boundaries', person.boundaries],
              ['Notes', person.notes],
            ] as const
          )
            .filter(([, v]) => v.trim())
            .map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      )}
      {page && page.details.length > 0 && (
        <>
          <h2>Details they shared</h2>
          <ul className="details">
            {page.details.map((d) => (
              <li key={d.id}>
                {d.text} <span className="quiet">({formatShortDate(d.notedOn)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Entries</h2>
      {entries.length === 0 ? (
        <p className="quiet">No entries mention them yet.</p>
      ) : (
        <ul className="plain-list">
          {entries.map((e) => (
            <li key={e.id}>
              <button type="button" className="entry-link" onClick={() => openEntry(e.id)}>
                <span className="journal-date">{formatLongDate(e.date)}</span>
                <span className="journal-excerpt">{e.excerpt}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
