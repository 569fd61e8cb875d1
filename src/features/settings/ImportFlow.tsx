/**
 * Import from another journal in two steps. First a look at what will come in (`import.preview`,
 * a job): how many entries, and the names that look like people — for each, the person chooses to
 * add them as a new person, use someone already in the journal, or leave the name as text. Then
 * the import itself (`import.run`), all or nothing: a failure or Cancel leaves the journal exactly
 * as it was.
 */
import { useState, type FormEvent } from 'react';
import type { ImportCandidate, ImportFormatName, PersonRef } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ENTRIES, StatusProgress, counted } from './JobProgress';
import { askForPlace, PathField, placeToSend, type PathKind } from './PathField';
import { useJob } from './useJob';
import { fieldProblem, otherProblem } from './problems';
import type { FileFilter } from '../../lib/shell';

interface SourceKind {
  id: string;
  label: string;
  format: ImportFormatName;
  path: PathKind;
  filter?: FileFilter;
  hint: string;
}

export const sourceKinds: SourceKind[] = [
  { id: 'dayone-folder', label: 'Day One export (folder)', format: 'dayone', path: 'folder', hint: 'The full path of the unzipped Day One export folder, which holds Journal.json.' },
  { id: 'dayone-file', label: 'Day One export (.zip or .json file)', format: 'dayone', path: 'file', filter: 'dayone', hint: 'The full path of the Day One .zip export, or of its Journal.json.' },
  { id: 'jrnl', label: 'jrnl export (JSON file)', format: 'jrnl', path: 'file', filter: 'json', hint: 'The full path of the file made by jrnl --export json.' },
  { id: 'markdown', label: 'Folder of Markdown files (Obsidian and others)', format: 'markdown', path: 'folder', hint: 'The full path of the folder. Each file needs a date in its front matter or at the start of its name.' },
  { id: 'json', label: 'Mutual export (JSON file)', format: 'json', path: 'file', filter: 'json', hint: 'The full path of a JSON file exported from Mutual.' },
];

type Choice = 'create' | 'ignore' | `person:${string}`;

interface Preview {
  entries: number;
  candidates: ImportCandidate[];
}

interface Planned {
  format: ImportFormatName;
  /** Where from, as the person sees it. */
  source: string;
  /** What the journal is given for it: the dialog's handle in the app, the typed path in a browser. */
  place: string;
  preview: Preview;
}

function defaultChoice(c: ImportCandidate): Choice {
  return c.match ? `person:${c.match.id}` : 'create';
}

export function ImportFlow(props: { people: PersonRef[]; onImported: () => void }) {
  const session = useSession();
  const [kindId, setKindId] = useState(sourceKinds[0]!.id);
  const [source, setSource] = useState('');
  const [sourceHandle, setSourceHandle] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [ran, setRan] = useState<Planned | null>(null);
  const preview = useJob('import-preview');
  const run = useJob('import');
  const kind = sourceKinds.find((k) => k.id === kindId) ?? sourceKinds[0]!;
  const busy = preview.busy || run.busy;

  const look = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const place = placeToSend(source, sourceHandle);
    if (!place) return setProblem(askForPlace('what to import'));
    setProblem(null);
    setPlanned(null);
    setRan(null);
    run.reset();
    const format = kind.format;
    const from = source.trim();
    const finished = await preview.start(() => call('import.preview', { format, source: place }));
    if (finished?.state === 'done') {
      const result = finished.result as Preview;
      setPlanned({ format, source: from, place, preview: result });
      setChoices(Object.fromEntries(result.candidates.map((c) => [c.name, defaultChoice(c)])));
    }
  };

  const importNow = async () => {
    if (!planned || busy) return;
    const people: Record<string, 'create' | 'ignore' | { personId: string }> = {};
    if (planned.format !== 'json') {
      for (const c of planned.preview.candidates) {
        const choice = choices[c.name] ?? defaultChoice(c);
        people[c.name] = choice.startsWith('person:') ? { personId: choice.slice('person:'.length) } : (choice as 'create' | 'ignore');
      }
    }
    setRan(planned);
    const finished = await run.start(() => call('import.run', { format: planned.format, source: planned.place, people }));
    if (finished?.state === 'done') {
      setPlanned(null);
      props.onImported();
    }
  };

  const startOver = () => {
    setPlanned(null);
    setRan(null);
    preview.reset();
    run.reset();
  };

  const pathProblem = fieldProblem(preview.refused, 'source');
  const previewStatus = preview.status;
  const runStatus = run.status;
  const imported = runStatus?.state === 'done' ? (runStatus.result as { entries?: number; peopleCreated?: number } | null) : null;

  return (
    <section className="data-panel" aria-labelledby="import-title">
      <h3 id="import-title">Import from another journal</h3>
      <p>
        Bring in what you wrote elsewhere. Text from other journals lands in the Note part of each entry; a Mutual export comes back as it
        was. Nothing changes until you confirm, and an import either finishes whole or changes nothing.
      </p>
      <form onSubmit={look} noValidate>
        <div className="field">
          <label htmlFor="import-kind">What to import</label>
          <select
            id="import-kind"
            value={kindId}
            disabled={busy || planned !== null}
            onChange={(e) => {
              setKindId(e.target.value);
              setProblem(null);
            }}
          >
            {sourceKinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <PathField
          id="import-source"
          label="Import from"
          kind={kind.path}
          use="import"
          filter={kind.filter}
          dialogTitle={kind.path === 'folder' ? 'Choose the folder to import' : 'Choose the file to import'}
          hint={kind.hint}
          value={source}
          onChange={(v, handle) => {
            setSource(v);
            setSourceHandle(handle);
            setProblem(null);
          }}
          problem={pathProblem}
          disabled={busy || planned !== null}
        />
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {preview.refused && !pathProblem && (
          <p role="alert" className="error">
            {otherProblem(preview.refused)} Nothing was imported.
          </p>
        )}
        {!planned && (
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Look at what will come in
            </button>
          </div>
        )}
      </form>

      {previewStatus && !planned && !ran && (
        <StatusProgress
          label="Reading"
          status={previewStatus}
          noun={ENTRIES}
          expectedTotal={previewStatus.state === 'done' ? ((previewStatus.result as Preview | null)?.entries ?? null) : null}
          onCancel={() => void preview.cancel()}
          cancelling={preview.cancelling}
        />
      )}
      {previewStatus?.state === 'cancelled' && (
        <p role="status" className="job-summary">
          Stopped reading. Nothing was imported.
        </p>
      )}
      {previewStatus?.state === 'failed' && (
        <p role="alert" className="error">
          {otherProblem(previewStatus.error)} Your journal is exactly as it was.
        </p>
      )}

      {planned && !run.busy && runStatus?.state !== 'done' && (
        <ImportPlan planned={planned} people={props.people} choices={choices} onChoose={(name, choice) => setChoices((c) => ({ ...c, [name]: choice }))} onImport={() => void importNow()} onStartOver={startOver} />
      )}

      {runStatus && (
        <StatusProgress label="Importing" status={runStatus} noun={ENTRIES} expectedTotal={ran?.preview.entries ?? null} onCancel={() => void run.cancel()} cancelling={run.cancelling} />
      )}
      <div role="status" className="job-summary">
        {imported && (
          <p>
            Imported {counted(imported.entries ?? 0, ENTRIES)}
            {ran && (
              <>
                {' '}
                from <code className="path">{ran.source}</code>
              </>
            )}
            {(imported.peopleCreated ?? 0) > 0 ? `, and added ${counted(imported.peopleCreated ?? 0, { one: 'new person', many: 'new people' })}` : ''}. They are
            in your Journal now.
          </p>
        )}
        {runStatus?.state === 'cancelled' && <p>The import was cancelled. Your journal is exactly as it was before.</p>}
      </div>
      {runStatus?.state === 'failed' && (
        <p role="alert" className="error">
          {otherProblem(runStatus.error)} Your journal is exactly as it was before.
        </p>
      )}
      {imported && (
        <div className="actions">
          <button type="button" onClick={() => session.navigate({ name: 'journal' })}>
            Open the Journal
          </button>
          <button type="button" onClick={startOver}>
            Import something else
          </button>
        </div>
      )}
    </section>
  );
}

function ImportPlan(props: {
  planned: Planned;
  people: PersonRef[];
  choices: Record<string, Choice>;
  onChoose: (name: string, choice: Choice) => void;
  onImport: () => void;
  onStartOver: () => void;
}) {
  const { planned } = props;
  const { entries, candidates } = planned.preview;
  const own = planned.format === 'json';
  return (
    <div className="import-plan">
      <h4>What will come in</h4>
      <p>
        {counted(entries, ENTRIES)} from <code className="path">{planned.source}</code>
        {own ? ', with every part as it was.' : ', each into the Note part of a new entry.'}
      </p>
      {own && candidates.length > 0 && (
        <>
          <p>
            {counted(candidates.length, { one: 'person', many: 'people' })} in the export. Anyone already in your journal (the same record) is
            kept as it is; the others are added.
          </p>
          <ul className="import-people-list">
            {candidates.map((c) => (
              <li key={c.name}>
                {c.name}
                {c.match ? ' — already in your journal' : ' — will be added'}
              </li>
            ))}
          </ul>
        </>
      )}
      {!own && candidates.length > 0 && (
        <fieldset className="import-people">
          <legend>Names that look like people</legend>
          <p className="quiet">For each name, choose who they are. A name you leave as text stays in the words of the entry.</p>
          <ul>
            {candidates.map((c, i) => {
              const id = `import-person-${i}`;
              return (
                <li key={c.name} className="field import-person">
                  <label htmlFor={id}>
                    {c.name} <span className="quiet">(in {counted(c.count, ENTRIES)})</span>
                  </label>
                  <select id={id} value={props.choices[c.name] ?? defaultChoice(c)} onChange={(e) => props.onChoose(c.name, e.target.value as Choice)}>
                    <option value="create">Add as a new person</option>
                    {props.people.map((p) => (
                      <option key={p.id} value={`person:${p.id}`}>
                        Same as {p.name}, already in my journal
                      </option>
                    ))}
                    <option value="ignore">Not a person — leave as text</option>
                  </select>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {!own && candidates.length === 0 && <p className="quiet">No names that look like people.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={props.onImport} disabled={entries === 0}>
          Import {counted(entries, ENTRIES)}
        </button>
        <button type="button" onClick={props.onStartOver}>
          Start over
        </button>
      </div>
    </div>
  );
}
