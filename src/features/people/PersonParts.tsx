/**
 * The parts of a person's page the person keeps by hand: details they shared (with an optional
 * remind-on date), merging two names that are the same person, and exporting everything about them.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Detail, Person } from '../../../electron/shared/contract';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/shared/exportWarning';
import { useJournalMutation, useJournalQuery } from '../../lib/data';
import { formatShortDate, isIsoDate, todayIso } from '../../lib/date';
import { personKindLabels } from '../../lib/personKinds';
import { shellFiles } from '../../lib/shell';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { entriesPhrase } from './months';

export function DetailsSection(props: { person: Person; details: Detail[] }) {
  const idBase = useId();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  // Deleting asks first: a detail is something the person chose to remember.
  const [deleting, setDeleting] = useState<Detail | null>(null);
  const deleteDetail = useJournalMutation('people.deleteDetail');

  const remove = (detail: Detail) =>
    deleteDetail.mutate(
      { id: detail.id },
      {
        onSuccess: () => setNotice(`“${detail.text}” was deleted.`),
        onSettled: () => setDeleting(null),
      },
    );

  return (
    <section className="person-part" aria-labelledby={`${idBase}-title`}>
      <h2 id={`${idBase}-title`}>Details they shared</h2>
      <ErrorMessage error={deleteDetail.error} />
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
                    if (message) setNotice(message);
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
          busy={deleteDetail.isPending}
          onConfirm={() => remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>“{deleting.text}” will no longer be on {props.person.name}’s page or in your reminders.</p>
        </ConfirmDialog>
      )}
      <DetailForm
        personId={props.person.id}
        detail={null}
        onDone={(message) => {
          if (message) setNotice(message);
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
  const add = useJournalMutation('people.addDetail');
  const update = useJournalMutation('people.updateDetail');
  const busy = add.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setProblem('Write the detail first.');
    if (!isIsoDate(notedOn)) return setProblem('The day it was shared needs a date, like 2026-11-28.');
    if (remindOn && !isIsoDate(remindOn)) return setProblem('The remind-on date needs a date, like 2026-11-28, or nothing.');
    setProblem(null);
    const done = (saved: Detail) => {
      if (adding) {
        setText('');
        setRemindOn('');
        setNotedOn(todayIso());
      }
      props.onDone(adding ? `“${saved.text}” was added.` : `“${saved.text}” was saved.`);
    };
    const onError = (error: { message: string }) => setProblem(error.message);
    if (props.detail) update.mutate({ id: props.detail.id, text: text.trim(), notedOn, remindOn: remindOn || null }, { onSuccess: done, onError });
    else add.mutate({ personId: props.personId, text: text.trim(), notedOn, remindOn: remindOn || null }, { onSuccess: done, onError });
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
      <ErrorMessage error={problem} className="person-detail-problem" />
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
  const exporting = useJournalMutation('people.export');
  const busy = exporting.isPending;
  const settings = useJournalQuery('settings.get', {});
  const backupFolder = settings.data?.backupFolder;

  // A default beside the journal's backups folder: the person sees it and can change it.
  useEffect(() => {
    if (backupFolder === undefined) return;
    const folder = backupFolder.replace(/[\\/]+$/, '');
    const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
    const parent = folder.slice(0, Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\')));
    setOut((current) => current || `${parent || folder}${sep}${fileNameFor(props.person.name)}`);
  }, [backupFolder, props.person.name]);

  const choose = async () => {
    if (!files) return;
    const r = await files.chooseSavePath({ title: `Export everything about ${props.person.name}`, use: 'person-export', filter: 'any', ...(out ? { defaultPath: out } : {}) });
    if (r.ok && r.value.path) {
      setOut(r.value.path);
      setOutHandle(r.value.handle);
    } else if (!r.ok) setProblem(r.error.message);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (files && !outHandle) return setProblem('Choose where to save the file with Choose…');
    if (!out.trim()) return setProblem('Type the full path of the file to write, like /home/you/Documents/Sam.md.');
    setDone('');
    setProblem(null);
    // In the app the journal takes only a place chosen in the system's dialog (its handle); a
    // browser on the web host sends the typed path.
    exporting.mutate(
      { personId: props.person.id, out: files ? (outHandle ?? '') : out.trim() },
      {
        onSuccess: (r) => setDone(`Everything about ${props.person.name} (${entriesPhrase(r.entries)}) was written to ${r.file}.`),
        onError: (error) => setProblem(error.message),
      },
    );
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
        <ErrorMessage id={`${idBase}-problem`} error={problem} />
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
 * Merging two names that are the same person into the one whose page this is. The dialog names
 * plainly what will happen before anything moves; the safe answer has focus first.
 */
export function MergeDialog(props: { keep: Person; onCancel: () => void; onMerged: (otherName: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const id = useId();
  const people = useJournalQuery('people.list', { includeArchived: true });
  const others = people.data?.filter((p) => p.id !== props.keep.id) ?? null;
  const [otherId, setOtherId] = useState('');
  const merge = useJournalMutation('people.merge');
  const busy = merge.isPending;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const loaded = others !== null;
  useEffect(() => {
    if (loaded) requestAnimationFrame(() => selectRef.current?.focus());
  }, [loaded]);

  const other = others?.find((p) => p.id === otherId) ?? null;
  const keepName = props.keep.name;

  const run = () => {
    if (!other) return;
    merge.mutate({ keepId: props.keep.id, mergeId: other.id }, { onSuccess: () => props.onMerged(other.name) });
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
      <h2 id={`${id}-title`}>Merge {keepName} with…</h2>
      <p>When two names in your journal are the same person, merge them so everything about them is in one place.</p>
      <div className="field">
        <label htmlFor={`${id}-other`}>Who is also {keepName}?</label>
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
            <p>Then “{other.name}” is no longer listed on its own. Nothing written is lost, but this cannot be undone.</p>
          </>
        ) : (
          <p className="quiet">Choose who {keepName} is also known as; this then says exactly what will happen.</p>
        )}
      </div>
      <ErrorMessage error={people.error ?? merge.error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel} disabled={busy}>
          Keep them apart
        </button>
        <button type="button" className="primary" onClick={run} disabled={!other || busy}>
          {other ? `Merge ${other.name} into ${keepName}` : 'Merge'}
        </button>
      </div>
    </dialog>
  );
}
