/**
 * What Mutual is for, in three sentences, once, after the recovery code: shown by the first new
 * entry in its place (so the rest of the app is already there), skipped with "Start writing".
 * "Look at a sample entry" writes the sample to the journal and opens it; its page offers to
 * delete it again.
 */
import { useState } from 'react';
import { call } from '../../lib/api';
import { todayIso } from '../../lib/date';
import { ViewHeading } from '../../components/ViewHeading';
import { rememberSampleEntry, sampleEntryDoc } from './introduction';
import { ErrorMessage } from '../../components/ErrorMessage';
import './introduction.css';

export function Introduction(props: { onWrite: () => void; onOpenSample: (entryId: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const openSample = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await call('entries.create', { date: todayIso(), doc: sampleEntryDoc() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    rememberSampleEntry(result.value.id);
    props.onOpenSample(result.value.id);
  };

  return (
    <section className="view introduction" aria-labelledby="introduction-title">
      <ViewHeading id="introduction-title">How Mutual works</ViewHeading>
      <div className="introduction__text">
        <p>
          <strong>Given</strong> is for what you did for someone, and <strong>Received</strong> for what someone did for
          you — a meal, an hour of listening, a note on the fridge.
        </p>
        <p>
          <strong>Unsaid</strong> keeps what you still want to tell someone, until you mark it said or let it go.
        </p>
        <p>
          There is no score: the acts differ and weigh the same, and Mutual shows the rhythm of your relationships only
          for you to reflect on.
        </p>
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="primary" onClick={props.onWrite}>
          Start writing
        </button>
        <button type="button" onClick={() => void openSample()} disabled={busy}>
          {busy ? 'Opening the sample…' : 'Look at a sample entry'}
        </button>
      </div>
    </section>
  );
}

/** Above the sample entry: what it is, and the way to delete it or move on. */
export function SampleEntryNote(props: { onDelete: () => void; onWrite: () => void; busy: boolean }) {
  return (
    <div className="sample-note" role="note" aria-label="Sample entry">
      <p>This is a sample entry. Look around, change it if you like, and delete it when you are ready.</p>
      <div className="actions">
        <button type="button" onClick={props.onDelete} disabled={props.busy}>
          {props.busy ? 'Deleting…' : 'Delete the sample entry'}
        </button>
        <button type="button" className="link" onClick={props.onWrite}>
          Write my own entry
        </button>
      </div>
    </div>
  );
}
