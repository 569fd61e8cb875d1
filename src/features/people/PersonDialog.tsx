/** Renaming someone or changing the relationship, from the people list. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Person, PersonKind } from '../../../electron/shared/contract';
import { useJournalMutation } from '../../lib/data';
import { personKindLabels, personKinds } from '../../lib/personKinds';
import { ErrorMessage } from '../../components/ErrorMessage';

export function PersonDialog(props: { person: Person; onCancel: () => void; onSaved: (person: Person) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const [name, setName] = useState(props.person.name);
  const [kind, setKind] = useState<PersonKind>(props.person.kind);
  const [problem, setProblem] = useState<string | null>(null);
  const upsert = useJournalMutation('people.upsert');
  const busy = upsert.isPending;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    nameRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Give the person a name.');
    upsert.mutate({ id: props.person.id, name: name.trim(), kind }, { onSuccess: props.onSaved, onError: (error) => setProblem(error.message) });
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <form onSubmit={save}>
        <h2 id={`${id}-title`}>Edit {props.person.name}</h2>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            type="text"
            value={name}
            maxLength={200}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
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
        <ErrorMessage id={`${id}-problem`} error={problem} />
        <div className="actions">
          <button type="button" onClick={props.onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
