/**
 * Import from another journal in two steps. First a look at what will come in (`import.preview`,
 * a job): the entries and their dates, tags, photos, entries without a usable time zone, entries
 * that look already imported, lines that cannot be dated, whatever is changed or left out — the
 * same facts `mutual import` prints — and the names that look like people: for each, the person
 * chooses to add them as a new person, use someone already in the journal, or not; a tag stays a
 * tag unless mapped to someone. Then the import itself (`import.run`), all or nothing: a failure
 * or Cancel leaves the journal exactly as it was.
 */
import { useState, type FormEvent } from 'react';
import type { ImportFormatName, PersonRef } from '../../../electron/shared/contract';
import type { ImportCandidate, ImportFinding, ImportPreview, ImportSummary } from '../../../electron/shared/importPreview';
import { photosLine } from '../../../electron/shared/importPreview';
import { call } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ENTRIES, StatusProgress, counted } from './JobProgress';
import { askForPlace, PathField, placeToSend, type PathKind } from './PathField';
import { useJob } from './useJob';
import { fieldProblem, otherProblem } from './problems';
import type { FileFilter } from '../../lib/shell';
import { ErrorMessage } from '../../components/ErrorMessage';

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
  { id: 'jrnl', label: 'jrnl journal (its journal file or JSON export)', format: 'jrnl', path: 'file', filter: 'any', hint: 'The full path of the journal file jrnl keeps (often journal.txt), or of the file made by jrnl --export json.' },
  { id: 'jrnl-folder', label: 'jrnl folder journal', format: 'jrnl', path: 'folder', hint: 'The full path of the folder jrnl keeps the journal in, with its YYYY/MM/DD.txt files.' },
  { id: 'markdown', label: 'Folder of Markdown files (Obsidian and others)', format: 'markdown', path: 'folder', hint: 'The full path of the folder. Each file needs a date in its front matter or in its name. A Markdown export from Mutual comes back as it was.' },
  { id: 'json', label: 'Mutual export (JSON file)', format: 'json', path: 'file', filter: 'json', hint: 'The full path of a JSON file exported from Mutual.' },
];

type Choice = 'create' | 'ignore' | `person:${string}`;

type Preview = ImportPreview;

interface Planned {
  format: ImportFormatName;
  /** Where from, as the person sees it. */
  source: string;
  /** What the journal is given for it: the dialog's handle in the app, the typed path in a browser. */
  place: string;
  /** jrnl: the time format the dates were read with (sent again with the import). */
  timeFormat: string | undefined;
  preview: Preview;
}

/** Names are offered as people first (matched when someone of that name is here); tags stay tags. */
function defaultChoice(c: ImportCandidate): Choice {
  if (c.as === 'tag') return 'ignore';
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
  const [timeFormat, setTimeFormat] = useState('');
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [keepUndated, setKeepUndated] = useState(false);
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
    const format_ = format === 'jrnl' && timeFormat.trim() ? timeFormat.trim() : undefined;
    const finished = await preview.start(() => call('import.preview', { format, source: place, ...(format_ ? { timeFormat: format_ } : {}) }));
    if (finished?.state === 'done') {
      const result = finished.result as Preview;
      setPlanned({ format, source: from, place, timeFormat: format_, preview: result });
      setChoices(Object.fromEntries(result.candidates.map((c) => [c.name, defaultChoice(c)])));
      setSkipDuplicates(false);
      setKeepUndated(false);
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
    const options = {
      ...(planned.timeFormat ? { timeFormat: planned.timeFormat } : {}),
      skipDuplicates: planned.preview.duplicates.count > 0 && skipDuplicates,
      keepUndated: planned.preview.undated.count > 0 && keepUndated,
    };
    const finished = await run.start(() => call('import.run', { format: planned.format, source: planned.place, people, ...options }));
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
  const imported = runStatus?.state === 'done' ? (runStatus.result as Partial<ImportSummary> | null) : null;
  const leftOut = [
    imported?.skipped?.duplicates ? counted(imported.skipped.duplicates, { one: 'entry already in your journal', many: 'entries already in your journal' }) : '',
    imported?.skipped?.empty ? counted(imported.skipped.empty, { one: 'empty entry', many: 'empty entries' }) : '',
  ].filter(Boolean);

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
        {kind.format === 'jrnl' && (
          <div className="field">
            <label htmlFor="import-time-format">Time format (optional)</label>
            <input
              id="import-time-format"
              type="text"
              value={timeFormat}
              spellCheck={false}
              autoComplete="off"
              placeholder="%Y-%m-%d %H:%M"
              aria-describedby="import-time-format-hint"
              disabled={busy || planned !== null}
              onChange={(e) => setTimeFormat(e.target.value)}
            />
            <p id="import-time-format-hint" className="quiet">
              Only if your jrnl config sets an unusual <code>timeformat</code>: copy it here. Common formats are found on their own.
            </p>
          </div>
        )}
        <ErrorMessage error={problem} />
        <ErrorMessage error={preview.refused && !pathProblem ? otherProblem(preview.refused) : null}>Nothing was imported.</ErrorMessage>
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
      <ErrorMessage error={previewStatus?.state === 'failed' ? otherProblem(previewStatus.error) : null}>Your journal is exactly as it was.</ErrorMessage>

      {planned && !run.busy && runStatus?.state !== 'done' && (
        <ImportPlan
          planned={planned}
          people={props.people}
          choices={choices}
          onChoose={(name, choice) => setChoices((c) => ({ ...c, [name]: choice }))}
          skipDuplicates={skipDuplicates}
          onSkipDuplicates={setSkipDuplicates}
          keepUndated={keepUndated}
          onKeepUndated={setKeepUndated}
          onImport={() => void importNow()}
          onStartOver={startOver}
        />
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
            in your Journal now{(imported.photos ?? 0) > 0 ? `, with ${counted(imported.photos ?? 0, { one: 'photo', many: 'photos' })}` : ''}.
            {leftOut.length > 0 && ` Left out: ${leftOut.join(' and ')}.`}
          </p>
        )}
        {imported?.findings?.map((f) => (
          <p key={f.key}>
            {findingText(f)}
          </p>
        ))}
        {runStatus?.state === 'cancelled' && <p>The import was cancelled. Your journal is exactly as it was before.</p>}
      </div>
      <ErrorMessage error={runStatus?.state === 'failed' ? otherProblem(runStatus.error) : null}>Your journal is exactly as it was before.</ErrorMessage>
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

const SHOWN = 12;

function listed(items: string[]): string {
  const shown = items.slice(0, SHOWN);
  return items.length > SHOWN ? `${shown.join(', ')} and ${items.length - SHOWN} more` : shown.join(', ');
}

/** One finding of a preview or an import, in a sentence: what, how many, where, examples. */
function findingText(f: ImportFinding): string {
  return `${f.what}: ${f.count} (${where(f.where, f.count)})${f.detail?.length ? ` [${f.detail.join(', ')}]` : ''}.`;
}

function where(places: string[], count: number): string {
  return count > places.length ? `${places.join('; ')}; …` : places.join('; ');
}

function CandidateChoice(props: { c: ImportCandidate; id: string; people: PersonRef[]; value: Choice; onChoose: (choice: Choice) => void }) {
  const { c } = props;
  return (
    <li className="field import-person">
      <label htmlFor={props.id}>
        {c.name} <span className="quiet">({c.as === 'tag' ? 'a tag, ' : ''}in {counted(c.count, ENTRIES)})</span>
      </label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChoose(e.target.value as Choice)}>
        {c.as === 'tag' && <option value="ignore">Keep as a tag</option>}
        <option value="create">Add as a new person</option>
        {props.people.map((p) => (
          <option key={p.id} value={`person:${p.id}`}>
            Same as {p.name}, already in my journal
          </option>
        ))}
        {c.as !== 'tag' && <option value="ignore">Not a person — leave as text</option>}
      </select>
    </li>
  );
}

function ImportPlan(props: {
  planned: Planned;
  people: PersonRef[];
  choices: Record<string, Choice>;
  onChoose: (name: string, choice: Choice) => void;
  skipDuplicates: boolean;
  onSkipDuplicates: (skip: boolean) => void;
  keepUndated: boolean;
  onKeepUndated: (keep: boolean) => void;
  onImport: () => void;
  onStartOver: () => void;
}) {
  const { planned } = props;
  const p = planned.preview;
  const { entries, candidates } = p;
  const own = planned.format === 'json';
  const names = candidates.filter((c) => c.as !== 'tag');
  const tags = candidates.filter((c) => c.as === 'tag');
  const coming = entries - (props.skipDuplicates ? p.duplicates.count : 0);
  const blocked = p.undated.count > 0 && !props.keepUndated;
  const range = p.firstDate && p.lastDate ? (p.firstDate === p.lastDate ? `, written on ${p.firstDate}` : `, written from ${p.firstDate} to ${p.lastDate}`) : '';
  const left = p.findings.filter((f) => f.dropped);
  const changed = p.findings.filter((f) => !f.dropped);
  return (
    <div className="import-plan">
      <h4>What will come in</h4>
      <p>
        {counted(entries, ENTRIES)} from <code className="path">{planned.source}</code>
        {range}
        {own ? ', with every part as it was.' : ', each into the Note part of a new entry.'}
      </p>
      <ul className="import-facts">
        {p.timeFormat && (
          <li>
            Dates read with the time format <code>{p.timeFormat}</code>.
          </li>
        )}
        {p.tags.length > 0 && <li>Tags: {listed(p.tags.map((t) => `#${t.name} (${t.count})`))}.</li>}
        {photosLine(p.photos) && <li>{photosLine(p.photos)}</li>}
        {p.zoneFallbacks.count > 0 && (
          <li>
            {counted(p.zoneFallbacks.count, { one: 'entry has', many: 'entries have' })} no time zone that can be used and{' '}
            {p.zoneFallbacks.count === 1 ? 'is' : 'are'} dated in UTC ({where(p.zoneFallbacks.where, p.zoneFallbacks.count)}).
          </li>
        )}
        {changed.map((f) => (
          <li key={f.key}>
            {findingText(f)}
          </li>
        ))}
      </ul>
      {left.length > 0 && (
        <>
          <p>Left out, and why:</p>
          <ul className="import-facts">
            {left.map((f) => (
              <li key={f.key}>
                {findingText(f)}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.duplicates.count > 0 && (
        <div className="field import-check">
          <p>
            {counted(p.duplicates.count, { one: 'entry has', many: 'entries have' })} the same date and words as one already in your journal (
            {where(p.duplicates.where, p.duplicates.count)}).
          </p>
          <label>
            <input type="checkbox" checked={props.skipDuplicates} onChange={(e) => props.onSkipDuplicates(e.target.checked)} /> Leave{' '}
            {p.duplicates.count === 1 ? 'it' : 'them'} out
          </label>
        </div>
      )}
      {p.undated.count > 0 && (
        <div className="field import-check" role="group" aria-labelledby="import-undated-title">
          <p id="import-undated-title">
            {counted(p.undated.count, { one: 'line', many: 'lines' })} could not be dated. Nothing is imported unless you say they stay text of the
            entry above them — or start over with the time format your jrnl uses.
          </p>
          <ul className="import-facts">
            {p.undated.lines.map((l) => (
              <li key={`${l.where}:${l.line}`}>
                {l.where}, line {l.line}: <code>{l.text}</code>
              </li>
            ))}
            {p.undated.count > p.undated.lines.length && <li>and {p.undated.count - p.undated.lines.length} more</li>}
          </ul>
          <label>
            <input type="checkbox" checked={props.keepUndated} onChange={(e) => props.onKeepUndated(e.target.checked)} /> Keep{' '}
            {p.undated.count === 1 ? 'it' : 'them'} as text of the entry above
          </label>
        </div>
      )}
      {own && p.people.length > 0 && (
        <>
          <p>
            {counted(p.people.length, { one: 'person', many: 'people' })} in the export. Anyone already in your journal (the same record) is kept
            as it is; the others are added.
          </p>
          <ul className="import-people-list">
            {p.people.map((person) => (
              <li key={person.id}>
                {person.name}
                {person.present ? ' — already in your journal' : ' — will be added'}
              </li>
            ))}
          </ul>
        </>
      )}
      {!own && p.people.length > 0 && (
        <p>
          People of this Mutual export: {listed(p.people.map((person) => person.name))}. Mentions of them come back as mentions; those not yet in
          your journal are added.
        </p>
      )}
      {!own && names.length > 0 && (
        <fieldset className="import-people">
          <legend>Names that look like people</legend>
          <p className="quiet">For each name, choose who they are. A name you leave as text stays in the words of the entry.</p>
          <ul>
            {names.map((c, i) => (
              <CandidateChoice key={c.name} c={c} id={`import-person-${i}`} people={props.people} value={props.choices[c.name] ?? defaultChoice(c)} onChoose={(choice) => props.onChoose(c.name, choice)} />
            ))}
          </ul>
        </fieldset>
      )}
      {!own && tags.length > 0 && (
        <fieldset className="import-people">
          <legend>Tags</legend>
          <p className="quiet">Tags stay tags. If a tag is someone, say who: it becomes a mention of them.</p>
          <ul>
            {tags.map((c, i) => (
              <CandidateChoice key={c.name} c={c} id={`import-tag-${i}`} people={props.people} value={props.choices[c.name] ?? defaultChoice(c)} onChoose={(choice) => props.onChoose(c.name, choice)} />
            ))}
          </ul>
        </fieldset>
      )}
      {!own && names.length === 0 && <p className="quiet">No names that look like people.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={props.onImport} disabled={coming <= 0 || blocked}>
          Import {counted(coming, ENTRIES)}
        </button>
        <button type="button" onClick={props.onStartOver}>
          Start over
        </button>
      </div>
    </div>
  );
}
