/**
 * Everything about one person: how they like to receive care, their needs and boundaries, details
 * they shared, what is still unsaid (markable said or let go right here — the entry changes too),
 * the rhythm of the last twelve months, "on this day" with them, and every reflection that
 * mentions them, grouped into Given, Received and Unsaid. Each part loads on its own, so the page
 * paints as soon as the person is known.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Person, PersonKind, PersonPage as PersonPageData } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { personKindLabels, personKinds } from '../../lib/personKinds';
import { ViewHeading } from '../../components/ViewHeading';
import { DetailsSection, ExportSection, MergeDialog } from './PersonParts';
import { OnThisDaySection, RhythmSection, startPersonLoads, TimelineSection, UnsaidSection } from './PersonReflections';

const profileFields = [
  ['care', 'How they like to receive care'],
  ['needs', 'Needs'],
  ['boundaries', 'Boundaries'],
  ['notes', 'Notes'],
] as const;

export function PersonPage(props: { personId: string; onBack: () => void }) {
  const [page, setPage] = useState<PersonPageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  // Bumped after a merge: every part reloads, since mentions and unsaid items moved here.
  const [generation, setGeneration] = useState(0);

  // The person first, then every part's first page, all asked for now (this page is keyed by
  // person), so the parts need not wait for the person before asking.
  const [early] = useState(() => ({ person: call('people.get', { id: props.personId }), ...startPersonLoads(props.personId) }));
  const firstLoad = useRef(true);

  const load = useCallback(async () => {
    const result = await (firstLoad.current ? early.person : call('people.get', { id: props.personId }));
    firstLoad.current = false;
    if (result.ok) {
      setPage(result.value);
      setError(null);
    } else setError(result.error.message);
  }, [props.personId, early]);
  useEffect(() => {
    void load();
  }, [load]);

  const person = page?.person;

  const setArchived = async (archived: boolean) => {
    if (!person) return;
    const result = await call('people.upsert', { id: person.id, name: person.name, archived });
    if (!result.ok) return setError(result.error.message);
    setNotice(archived ? `${person.name} was archived. Everything written about them is kept.` : `${person.name} is back among your people.`);
    void load();
  };

  return (
    <section className="view person" aria-labelledby="person-title">
      <div className="view-header">
        <button type="button" className="link" onClick={props.onBack}>
          All people
        </button>
        <ViewHeading id="person-title">{person?.name ?? 'Person'}</ViewHeading>
        {person && (
          <p className="quiet">
            {personKindLabels[person.kind]}
            {person.archived ? ' · archived' : ''}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {person && page && (
        <>
          <div className="actions person-actions">
            <button type="button" onClick={() => setEditing(true)} aria-expanded={editing} disabled={editing}>
              Edit profile
            </button>
            <button type="button" onClick={() => setMerging(true)}>
              Merge with another record…
            </button>
            <button type="button" onClick={() => void setArchived(!person.archived)}>
              {person.archived ? 'Unarchive' : 'Archive'}
            </button>
          </div>
          <p role="status" className="quiet person-notice">
            {notice}
          </p>
          {editing ? (
            <ProfileForm
              person={person}
              onCancel={() => setEditing(false)}
              onSaved={(saved) => {
                setEditing(false);
                setNotice(`${saved.name}’s profile was saved.`);
                void load();
              }}
            />
          ) : (
            <Profile person={person} />
          )}
          <RhythmSection key={`rhythm-${generation}`} person={person} early={generation === 0 ? early.rhythm : undefined} />
          <UnsaidSection key={`unsaid-${generation}`} person={person} early={generation === 0 ? early.unsaid : undefined} />
          <DetailsSection person={person} details={page.details} onChanged={() => void load()} />
          <OnThisDaySection key={`day-${generation}`} person={person} early={generation === 0 ? early.onThisDay : undefined} />
          <TimelineSection key={`timeline-${generation}`} person={person} early={generation === 0 ? early.timeline : undefined} />
          <ExportSection person={person} />
          {merging && (
            <MergeDialog
              keep={person}
              onCancel={() => setMerging(false)}
              onMerged={(otherName) => {
                setMerging(false);
                setNotice(`${otherName} was merged into ${person.name}. Every entry, detail and unsaid item is here now.`);
                setGeneration((g) => g + 1);
                void load();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function Profile(props: { person: Person }) {
  const filled = profileFields.filter(([key]) => props.person[key].trim());
  return (
    <section className="person-part" aria-labelledby="person-profile-title">
      <h2 id="person-profile-title">About {props.person.name}</h2>
      {filled.length === 0 ? (
        <p className="quiet">Nothing noted yet: how they like to receive care, what they need, their boundaries. “Edit profile” adds it.</p>
      ) : (
        <dl className="person-facts">
          {filled.map(([key, label]) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd>{props.person[key]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function ProfileForm(props: { person: Person; onCancel: () => void; onSaved: (p: Person) => void }) {
  const id = useId();
  const [name, setName] = useState(props.person.name);
  const [kind, setKind] = useState<PersonKind>(props.person.kind);
  const [fields, setFields] = useState(() => Object.fromEntries(profileFields.map(([key]) => [key, props.person[key]])) as Record<(typeof profileFields)[number][0], string>);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Give the person a name.');
    setBusy(true);
    const result = await call('people.upsert', { id: props.person.id, name: name.trim(), kind, ...fields });
    setBusy(false);
    if (!result.ok) return setProblem(result.error.message);
    props.onSaved(result.value);
  };

  return (
    <form className="person-part person-profile-form" onSubmit={save} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>About {props.person.name}</h2>
      <div className="person-form-row">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" value={name} maxLength={200} autoComplete="off" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Relationship</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as PersonKind)}>
            {personKinds.map((k) => (
              <option key={k} value={k}>
                {personKindLabels[k]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {profileFields.map(([key, label]) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{label}</label>
          <textarea id={`${id}-${key}`} rows={3} maxLength={20_000} value={fields[key]} onChange={(e) => setFields((f) => ({ ...f, [key]: e.target.value }))} />
        </div>
      ))}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save profile
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
