/**
 * A path the person types (a full path — the web host is a plain browser with no file dialog),
 * with a "Choose…" button beside it when the desktop shell offers its own dialogs.
 */
import { useState } from 'react';
import { shellFiles, type FileFilter } from '../../lib/shell';

export type PathKind = 'folder' | 'file' | 'save';

export function PathField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  kind: PathKind;
  /** The dialog's title ("Choose a backup to restore"). */
  dialogTitle: string;
  filter?: FileFilter;
  /** What belongs here, e.g. "A new file, like /home/you/Documents/mutual.json". */
  hint: string;
  /** The journal's message about this path, if it refused it. */
  problem?: string | null;
  disabled?: boolean;
}) {
  const files = shellFiles();
  const [dialogProblem, setDialogProblem] = useState<string | null>(null);
  const hintId = `${props.id}-hint`;
  const problemId = `${props.id}-problem`;
  const problem = props.problem ?? dialogProblem;

  const choose = async () => {
    if (!files) return;
    const request = { title: props.dialogTitle, ...(props.filter ? { filter: props.filter } : {}), ...(props.value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(props.value) ? { defaultPath: props.value } : {}) };
    const r = props.kind === 'folder' ? await files.chooseFolder(request) : props.kind === 'file' ? await files.chooseFile(request) : await files.chooseSavePath(request);
    if (!r.ok) {
      setDialogProblem(r.error.message);
      return;
    }
    setDialogProblem(null);
    if (r.value.path) props.onChange(r.value.path);
  };

  return (
    <div className="field path-field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="path-field-row">
        <input
          id={props.id}
          type="text"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          value={props.value}
          disabled={props.disabled}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
          onChange={(e) => {
            setDialogProblem(null);
            props.onChange(e.target.value);
          }}
        />
        {files && (
          <button type="button" onClick={() => void choose()} disabled={props.disabled} aria-label={`Choose… (${props.label})`}>
            Choose…
          </button>
        )}
      </div>
      <p id={hintId} className="quiet field-hint">
        {props.hint}
      </p>
      {problem && (
        <p id={problemId} className="error">
          {problem}
        </p>
      )}
    </div>
  );
}

/** Whether a typed path is a full path (the journal checks again; this only saves a round trip). */
export function looksAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}
