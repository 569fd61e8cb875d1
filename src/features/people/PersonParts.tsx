/**
 * The parts of a person's page the person keeps by hand: details they shared (with an optional
 * remind-on date), merging two records of the same person, and exporting everything about them.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Detail, Person, PersonSummary } from '../../../electron/shared/contract';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/shared/exportWarning';
import { call } from '../../lib/api';
import { formatShortDate, isIsoDate, todayIso } from '../../lib/date';
import { personKindLabels } from '../../lib/personKinds';
import { shellFiles } from '../../lib/shell';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { entriesPhrase } from './months';

export function DetailsSection(props: { person: Person; details: Detail[]; onChanged: () => void }) {
  const idBase = useId();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Deleting asks first: a detail is something the person chose to remember.
  const [deleting, setDeleting] = useState<Detail | null>(null);

  const remove = async (detail: Detail) => {
    const r = await call('people.deleteDetail', { id: detail.id });
    setDeleting(null);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setNotice(`“${detail.text}” was deleted.`);
    props.onChanged();
  };

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Details they shared</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="quiet">
        {notice}
      </p>
      {props.details.length === 0 ? (
        <p className="quiet">A birthday, an exam on Thursday, that they love peonies: small things to remember and ask about.</p>
      ) : (
        <ul className="person-details">
          {props.details.map((d) =>
            editing === d.id ? (
              <li key={d.id}>
                <DetailForm
                  personId={props.person.id}
                  detail={d}
                  onDone={(message) => {
                    setEditing(null);
                    if (message) {
                      setNotice(message);
                      props.onChanged();
                    }
                  }}
                />
              </li>
            ) : (
              <li key={d.id} className="person-detail">
                <span id={`${idBase}-${d.id}`} className="person-detail-text">
                  {d.text}
                </span>
                <span className="quiet">
                  {' '}
                  noted {formatShortDate(d.notedOn)}
                  {d.remindOn ? ` · remind on ${formatShortDate(d.remindOn)}` : ''}
                </span>
                <span className="person-detail-actions">
                  <button type="button" className="quiet-button" aria-describedby={`${idBase}-${d.id}`} onClick={() => setEditing(d.id)}>
                    Edit
                  </button>
                  <button type="button" className="quiet-button" aria-describedby={`${idBase}-${d.id}`} onClick={() => setDeleting(d)}>
                    Delete
                  </button>
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this detail?"
          confirmLabel="Delete"
          cancelLabel="Keep it"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>“{deleting.text}” will no longer be on {props.person.name}’s page or in your reminders.</p>
        </ConfirmDialog>
      )}
      <DetailForm
        personId={props.person.id}
        detail={null}
        onDone={(message) => {
          if (!message) return;
          setNotice(message);
          props.onChanged();
        }}
      />
    </section>
  );
}

/** Adds a detail (detail null) or changes one. `onDone(message)`: saved, with what to announce; `onDone(null)`: cancelled. */
function DetailForm(props: { personId: string; detail: Detail | null; onDone: (message: string | null) => void }) {
  const id = useId();
  const adding = props.detail === null;
  const [text, setText] = useState(props.detail?.text ?? '');
  const [notedOn, setNotedOn] = useState(props.detail?.notedOn ?? todayIso());
  const [remindOn, setRemindOn] = useState(props.detail?.remindOn ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setProblem('Write the detail first.');
    if (!isIsoDate(notedOn)) return setProblem('The day it was shared needs a date, like 2026-11-28.');
    if (remindOn && !isIsoDate(remindOn)) return setProblem('The remind-on date needs a date, like 2026-11-28, or nothing.');
    setBusy(true);
    const r = props.detail
      ? await call('people.updateDetail', { id: props.detail.id, text: text.trim(), notedOn, remindOn: remindOn || null })
      : await call('people.addDetail', { personId: props.personId, text: text.trim(), notedOn, remindOn: remindOn || null });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    setProblem(null);
    if (adding) {
      setText('');
      setRemindOn('');
      setNotedOn(todayIso());
    }
    props.onDone(adding ? `“${r.value.text}” was added.` : `“${r.value.text}” was saved.`);
  };

  return (
    <form className="person-detail-form" onSubmit={submit} aria-label={adding ? 'Add a detail they shared' : 'Edit this detail'}>
      <div className="field grow">
        <label htmlFor={`${id}-text`}>{adding ? 'A detail they shared' : 'Detail'}</label>
        <input id={`${id}-text`} type="text" value={text} maxLength={2000} autoComplete="off" onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-noted`}>Shared on</label>
        <input id={`${id}-noted`} type="date" value={notedOn} onChange={(e) => setNotedOn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-remind`}>Remind me on (optional)</label>
        <input id={`${id}-remind`} type="date" value={remindOn} onChange={(e) => setRemindOn(e.target.value)} />
      </div>
      <div className="field person-detail-submit">
        <button type="submit" className={adding ? 'primary' : undefined} disabled={busy}>
          {adding ? 'Add detail' : 'Save detail'}
        </button>
        {!adding && (
          <button type="button" disabled={busy} onClick={() => props.onDone(null)}>
            Cancel
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="error person-detail-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

function fileNameFor(name: string): string {
  const printable = [...name].filter((c) => c.charCodeAt(0) >= 32).join('');
  const safe = printable.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'person';
  return `${safe} — Mutual.md`;
}

export function ExportSection(props: { person: Person }) {
  const idBase = useId();
  const files = shellFiles();
  const [out, setOut] = useState('');
  const [outHandle, setOutHandle] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  // A default beside the journal's backups folder: the person sees it and can change it.
  useEffect(() => {
    let live = true;
    void call('settings.get', {}).then((r) => {
      if (!live || !r.ok) return;
      const folder = r.value.backupFolder.replace(/[\\/]+$/, '');
      const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
      const parent = folder.slice(0, Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\')));
      setOut((current) => current || `${parent || folder}${sep}${fileNameFor(props.person.name)}`);
    });
    return () => {
      live = false;
    };
  }, [props.person.name]);

  const choose = async () => {
    if (!files) return;
    const r = await files.chooseSavePath({ title: `Export everything about ${props.person.name}`, use: 'person-export', filter: 'any', ...(out ? { defaultPath: out } : {}) });
    if (r.ok && r.value.path) {
      setOut(r.value.path);
      setOutHandle(r.value.handle);
    } else if (!r.ok) setProblem(r.error.message);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (files && !outHandle) return setProblem('Choose where to save the file with Choose…');
    if (!out.trim()) return setProblem('Type the full path of the file to write, like /home/you/Documents/Sam.md.');
    setBusy(true);
    setDone('');
    // In the app the journal takes only a place chosen in the system's dialog (its handle); a
    // browser on the web host sends the typed path.
    const r = await call('people.export', { personId: props.person.id, out: files ? (outHandle ?? '') : out.trim() });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    setProblem(null);
    setDone(`Everything about ${props.person.name} (${entriesPhrase(r.value.entries)}) was written to ${r.value.file}.`);
  };

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Export everything about {props.person.name}</h2>
      <p className="quiet">One Markdown file: their profile, details they shared, what is still unsaid, and every reflection about them.</p>
      <p className="warning">{EXPORT_NOT_ENCRYPTED_WARNING}</p>
      <form onSubmit={submit} className="person-export-form">
        <div className="field grow">
          <label htmlFor={`${idBase}-out`}>Save to (a full path)</label>
          <div className="person-export-row">
            <input
              id={`${idBase}-out`}
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={out}
              // In the app the place comes from the system's dialog only (Choose…).
              readOnly={files !== null}
              onChange={(e) => setOut(e.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${idBase}-problem` : undefined}
            />
            {files && (
              <button type="button" onClick={() => void choose()}>
                Choose…
              </button>
            )}
          </div>
        </div>
        {problem && (
          <p id={`${idBase}-problem`} role="alert" className="error">
            {problem}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Export to Markdown
          </button>
        </div>
        <p role="status" className="quiet">
          {done}
        </p>
      </form>
    </section>
  );
}

/**
 * Merging two records of the same person into the one whose page this is. The dialog names
 * plainly what will happen before anything moves; the safe answer has focus first.
 */
export function MergeDialog(props: { keep: Person; onCancel: () => void; onMerged: (otherName: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const id = useId();
  const [others, setOthers] = useState<PersonSummary[] | null>(null);
  const [otherId, setOtherId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    void call('people.list', { includeArchived: true }).then((r) => {
      if (!r.ok) return setProblem(r.error.message);
      setOthers(r.value.filter((p) => p.id !== props.keep.id));
      requestAnimationFrame(() => selectRef.current?.focus());
    });
  }, [props.keep.id]);

  const other = others?.find((p) => p.id === otherId) ?? null;
  const keepName = props.keep.name;

  const merge = async () => {
    if (!other) return setProblem('Choose the other record first.');
    setBusy(true);
    const r = await call('people.merge', { keepId: props.keep.id, mergeId: other.id });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    props.onMerged(other.name);
  };

  return (
    <dialog
      ref={ref}
      className="dialog merge-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>Merge another record into {keepName}</h2>
      <p>When two records are the same person, merge them so everything about them is in one place.</p>
      <div className="field">
        <label htmlFor={`${id}-other`}>The other record</label>
        <select ref={selectRef} id={`${id}-other`} value={otherId} onChange={(e) => setOtherId(e.target.value)} disabled={!others || busy}>
          <option value="">{others ? 'Choose a person…' : 'Loading people…'}</option>
          {others?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({personKindLabels[p.kind]}, {entriesPhrase(p.entryCount)}
              {p.archived ? ', archived' : ''})
            </option>
          ))}
        </select>
      </div>
      <div id={`${id}-what`} className="merge-what" aria-live="polite">
        {other ? (
          <>
            <p>
              Everything about <strong>{other.name}</strong> moves to <strong>{keepName}</strong>: the {entriesPhrase(other.entryCount)} that mention them (each
              mention will show {keepName}), the details they shared, and their unsaid items. Their profile notes are added to {keepName}’s.
            </p>
            <p>
              Then the record “{other.name}” is removed. Nothing written is lost, but this cannot be undone.
            </p>
          </>
        ) : (
          <p className="quiet">Choose the record to merge; this dialog then says exactly what will happen.</p>
        )}
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={props.onCancel} disabled={busy}>
          Keep them apart
        </button>
        <button type="button" className="primary" onClick={() => void merge()} disabled={!other || busy}>
          {other ? `Merge ${other.name} into ${keepName}` : 'Merge'}
        </button>
      </div>
    </dialog>
  );
}
