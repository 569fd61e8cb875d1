/**
 * Export: the whole journal, one person, or a span of dates, to a Markdown folder or one JSON file.
 * Before anything is written the person is told plainly that exports are not encrypted, and may
 * go on or stop.
 */
import { useState, type FormEvent } from 'react';
import type { PersonRef } from '../../../electron/shared/contract';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/shared/exportWarning';
import { call } from '../../lib/api';
import { isIsoDate } from '../../lib/date';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ENTRIES, StatusProgress, counted } from './JobProgress';
import { askForPlace, PathField, placeToSend } from './PathField';
import { useJob } from './useJob';
import { fieldProblem, otherProblem } from './problems';

type Format = 'markdown' | 'json';

interface Request {
  format: Format;
  /** Where, as the person sees it. */
  out: string;
  /** What the journal is given for it: the dialog's handle in the app, the typed path in a browser. */
  place: string;
  personId?: string;
  from?: string;
  to?: string;
}

export function ExportPanel(props: { people: PersonRef[] }) {
  const [format, setFormat] = useState<Format>('markdown');
  const [personId, setPersonId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [out, setOut] = useState('');
  const [outHandle, setOutHandle] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState<Request | null>(null);
  const [sent, setSent] = useState<Request | null>(null);
  const job = useJob('export');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (job.busy) return;
    const place = placeToSend(out, outHandle);
    if (!place) return setProblem(askForPlace(format === 'json' ? 'the file to write' : 'the folder to write'));
    if ((from && !isIsoDate(from)) || (to && !isIsoDate(to))) return setProblem('Dates look like 2026-11-28.');
    if (from && to && from > to) return setProblem('The first date is after the last one. Swap them and try again.');
    setProblem(null);
    job.reset();
    setAsking({ format, out: out.trim(), place, ...(personId ? { personId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };

  const goOn = () => {
    const request = asking;
    setAsking(null);
    if (!request) return;
    setSent(request);
    const { place, ...shown } = request;
    void job.start(() => call('export.run', { ...shown, out: place }));
  };

  const status = job.status;
  const pathProblem = fieldProblem(job.refused, 'out');
  const person = props.people.find((p) => p.id === sent?.personId);

  return (
    <section className="data-panel" aria-labelledby="export-title">
      <h3 id="export-title">Export</h3>
      <p>
        Make a copy of your journal you can read anywhere: one Markdown file per entry and per person, or one JSON file. Photos come along
        as picture files: in the Markdown folder&rsquo;s photos folder, or in a folder named like the JSON file with &ldquo;-photos&rdquo; after it.
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset className="choice-group" disabled={job.busy}>
          <legend>Format</legend>
          <label className="choice">
            <input type="radio" name="export-format" value="markdown" checked={format === 'markdown'} onChange={() => setFormat('markdown')} />
            Markdown folder
          </label>
          <label className="choice">
            <input type="radio" name="export-format" value="json" checked={format === 'json'} onChange={() => setFormat('json')} />
            JSON file
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="export-person">Whose entries</label>
          <select id="export-person" value={personId} disabled={job.busy} onChange={(e) => setPersonId(e.target.value)}>
            <option value="">Everyone — the whole journal</option>
            {props.people.map((p) => (
              <option key={p.id} value={p.id}>
                Only entries about {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="export-from">From (optional)</label>
            <input id="export-from" type="date" value={from} disabled={job.busy} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="export-to">To (optional)</label>
            <input id="export-to" type="date" value={to} disabled={job.busy} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        <PathField
          id="export-out"
          label={format === 'json' ? 'Save the JSON file as' : 'Save the Markdown folder as'}
          kind={format === 'json' ? 'save' : 'folder'}
          use="export"
          filter={format === 'json' ? 'json' : undefined}
          dialogTitle={format === 'json' ? 'Save the export as' : 'Choose a new folder for the export'}
          hint={
            format === 'json'
              ? 'A full path to a new file, like /home/you/Documents/mutual-export.json.'
              : 'A full path to a new or empty folder, like /home/you/Documents/mutual-export.'
          }
          value={out}
          onChange={(v, handle) => {
            setOut(v);
            setOutHandle(handle);
            setProblem(null);
          }}
          problem={pathProblem}
          disabled={job.busy}
        />
        <ErrorMessage error={problem} />
        <ErrorMessage error={job.refused && !pathProblem ? job.refused.message : null}>Nothing was written.</ErrorMessage>
        <div className="actions">
          <button type="submit" className="primary" disabled={job.busy}>
            Export…
          </button>
        </div>
      </form>
      {asking && (
        <ConfirmDialog title="Exports are not encrypted" confirmLabel="Go on and export" cancelLabel="Stop" onConfirm={goOn} onCancel={() => setAsking(null)}>
          <p className="export-warning">{EXPORT_NOT_ENCRYPTED_WARNING}</p>
          <p>
            Mutual will write {asking.format === 'json' ? 'a JSON file' : 'a Markdown folder'} to <code className="path">{asking.out}</code>.
          </p>
        </ConfirmDialog>
      )}
      {status && <StatusProgress label="Exporting" status={status} noun={ENTRIES} onCancel={() => void job.cancel()} cancelling={job.cancelling} />}
      <div role="status" className="job-summary">
        {status?.state === 'done' && <ExportSummary result={status.result} request={sent} personName={person?.name ?? null} />}
        {status?.state === 'cancelled' && <p>The export was cancelled. Nothing was written.</p>}
      </div>
      <ErrorMessage error={status?.state === 'failed' ? otherProblem(status.error) : null}>Nothing was written, and your journal is unchanged.</ErrorMessage>
    </section>
  );
}

/** `request` is null when the export was started before the person last left Settings. */
function ExportSummary(props: { result: unknown; request: Request | null; personName: string | null }) {
  const result = (props.result ?? {}) as { entries?: number; people?: number };
  const entries = result.entries ?? 0;
  const people = counted(result.people ?? 0, { one: 'person', many: 'people' });
  const { request } = props;
  if (!request) {
    return (
      <p>
        Exported {counted(entries, ENTRIES)} and {people}. These files are not encrypted.
      </p>
    );
  }
  const what = request.format === 'json' ? 'one JSON file' : 'a Markdown folder';
  const about = props.personName ? ` about ${props.personName}` : '';
  const span = request.from || request.to ? ` (${request.from ?? 'the start'} to ${request.to ?? 'today'})` : '';
  return (
    <p>
      Exported {counted(entries, ENTRIES)}
      {about}
      {span} and {people} as {what} to <code className="path">{request.out}</code>. These files are not encrypted.
    </p>
  );
}
