/**
 * Everything about one person: how they like to receive care, their needs and boundaries, details
 * they shared, what is still unsaid (markable said or let go right here — the entry changes too,
 * and Undo is offered for a few seconds), the rhythm of the last twelve months, "on this day" with
 * them, and every reflection that mentions them, grouped into Given, Received and Unsaid; and their
 * photo, added, changed or removed here. Each part loads on its own, so the page paints as soon as
 * the person is known. When the person was added by a mention or an import, the page asks what
 * they are to you.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Person, PersonKind } from '../../../electron/shared/contract';
import { useJournalMutation, useJournalQuery } from '../../lib/data';
import { todayIso } from '../../lib/date';
import { personKindLabels, personKinds, personKindWords } from '../../lib/personKinds';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ViewHeading } from '../../components/ViewHeading';
import { DetailsSection, ExportSection, MergeDialog } from './PersonParts';
import { PersonPhotoControls, PersonPicture } from './PersonPhoto';
import { OnThisDaySection, prefetchPersonParts, RhythmSection, TimelineSection, UnsaidSection } from './PersonReflections';

const profileFields = [
  ['care', 'How they like to receive care'],
  ['needs', 'Needs'],
  ['boundaries', 'Boundaries'],
  ['notes', 'Notes'],
] as const;

/** The kinds in the words of "Maya is a… friend". */
const kindWords = personKindWords;
const askedKinds: PersonKind[] = ['friend', 'romantic', 'family', 'professional', 'other'];

export function PersonPage(props: { personId: string; onBack: () => void }) {
  const client = useQueryClient();
  const [today] = useState(() => {
    const day = todayIso();
    // Every part's first page is asked for now, beside the person (this page is keyed by person).
    prefetchPersonParts(client, props.personId, day);
    return day;
  });
  const page = useJournalQuery('people.get', { id: props.personId });
  const upsert = useJournalMutation('people.upsert');
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);

  const person = page.data?.person;

  const setArchived = (archived: boolean) => {
    if (!person) return;
    upsert.mutate(
      { id: person.id, name: person.name, archived },
      { onSuccess: () => setNotice(archived ? `${person.name} was archived. Everything written about them is kept.` : `${person.name} is back among your people.`) },
    );
  };

  return (
    <section className="view person" aria-labelledby="person-title">
      <div className="view-header">
        <button type="button" className="link" onClick={props.onBack}>
          All people
        </button>
        <div className="person-header">
          {person && <PersonPicture name={person.name} photoId={person.photoId} size="page" />}
          <div>
            <ViewHeading id="person-title">{person?.name ?? 'Person'}</ViewHeading>
            {person && (
              <p className="quiet">
                {personKindLabels[person.kind]}
                {person.archived ? ' · archived' : ''}
              </p>
            )}
            {person && <PersonPhotoControls person={person} onChanged={setNotice} />}
          </div>
        </div>
      </div>
      <ErrorMessage error={page.error} onRetry={() => void page.refetch()} retrying={page.isFetching} />
      <ErrorMessage error={upsert.error} />
      {person && page.data && (
        <>
          {!person.kindChosen && <AskKind person={person} onChosen={(kind) => setNotice(`Saved: ${person.name}’s relationship is ${personKindLabels[kind]}.`)} />}
          <div className="actions person-actions">
            <button type="button" onClick={() => setEditing(true)} aria-expanded={editing} disabled={editing}>
              Edit profile
            </button>
            <button type="button" onClick={() => setMerging(true)} aria-haspopup="dialog">
              Merge with…
            </button>
            <button type="button" onClick={() => setArchived(!person.archived)} disabled={upsert.isPending}>
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
              }}
            />
          ) : (
            <Profile person={person} />
          )}
          <RhythmSection person={person} today={today} />
          <UnsaidSection person={person} />
          <DetailsSection person={person} details={page.data.details} />
          <OnThisDaySection person={person} today={today} />
          <TimelineSection person={person} />
          <ExportSection person={person} />
          {merging && (
            <MergeDialog
              keep={person}
              onCancel={() => setMerging(false)}
              onMerged={(otherName) => {
                setMerging(false);
                setNotice(`${otherName} and ${person.name} are one person now. Every entry, detail and unsaid item is here.`);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

/** "Maya is a… friend / partner / family / colleague": asked until the person chooses. */
function AskKind(props: { person: Person; onChosen: (kind: PersonKind) => void }) {
  const id = useId();
  const choose = useJournalMutation('people.upsert');
  const [later, setLater] = useState(false);
  if (later) return null;
  return (
    <div className="person-ask-kind" role="group" aria-labelledby={`${id}-ask`}>
      <p id={`${id}-ask`} className="person-ask-kind-question">
        {props.person.name} is a…
      </p>
      <div className="person-ask-kind-choices">
        {askedKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            disabled={choose.isPending}
            onClick={() => choose.mutate({ id: props.person.id, name: props.person.name, kind }, { onSuccess: () => props.onChosen(kind) })}
          >
            {kindWords[kind]}
          </button>
        ))}
        <button type="button" className="link" onClick={() => setLater(true)}>
          Not now
        </button>
      </div>
      <ErrorMessage error={choose.error} />
    </div>
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
  const upsert = useJournalMutation('people.upsert');
  const busy = upsert.isPending;

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Give the person a name.');
    setProblem(null);
    upsert.mutate({ id: props.person.id, name: name.trim(), kind, ...fields }, { onSuccess: props.onSaved });
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
      <ErrorMessage error={problem ?? upsert.error} />
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
