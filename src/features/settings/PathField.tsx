/**
 * A place on the computer for an export, a backup, a restore or an import.
 *
 * In the desktop app the place is chosen only with "Choose…", in the system's own dialog: the
 * field shows the chosen path, and what is sent to the journal is the handle the dialog gave for
 * it (electron/main/pathGrants.ts), since the app's journal takes no typed paths. In a plain
 * browser (the web host) there is no dialog, so the person types a full path, which is sent as is.
 */
import { useState } from 'react';
import type { PathUse } from '../../../electron/shared/shell';
import { shellFiles, type FileFilter } from '../../lib/shell';
import { ErrorMessage } from '../../components/ErrorMessage';

export type PathKind = 'folder' | 'file' | 'save';

export function PathField(props: {
  id: string;
  label: string;
  value: string;
  /** A new path: typed (handle null), or chosen in the dialog with its handle. */
  onChange: (value: string, handle: string | null) => void;
  kind: PathKind;
  /** What the place is for; the dialog's handle is good for this use only. */
  use: PathUse;
  /** The dialog's title ("Choose a backup to restore"). */
  dialogTitle: string;
  filter?: FileFilter;
  /** What belongs here, e.g. "A new file, like /home/you/Documents/mutual.json" (for typing it). */
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
    const request = {
      title: props.dialogTitle,
      use: props.use,
      ...(props.filter ? { filter: props.filter } : {}),
      ...(looksAbsolute(props.value) ? { defaultPath: props.value } : {}),
    };
    const r = props.kind === 'folder' ? await files.chooseFolder(request) : props.kind === 'file' ? await files.chooseFile(request) : await files.chooseSavePath(request);
    if (!r.ok) {
      setDialogProblem(r.error.message);
      return;
    }
    setDialogProblem(null);
    if (r.value.path) props.onChange(r.value.path, r.value.handle);
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
          readOnly={files !== null}
          placeholder={files ? 'Nothing chosen yet' : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
          onChange={(e) => {
            setDialogProblem(null);
            props.onChange(e.target.value, null);
          }}
        />
        {files && (
          <button type="button" onClick={() => void choose()} disabled={props.disabled} aria-label={`Choose… (${props.label})`}>
            Choose…
          </button>
        )}
      </div>
      <p id={hintId} className="quiet field-hint">
        {files ? 'Choose… opens your system’s own dialog.' : props.hint}
      </p>
      <ErrorMessage id={problemId} error={problem} />
    </div>
  );
}

/** Whether a typed path is a full path (the journal checks again; this only saves a round trip). */
export function looksAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * What to send to the journal for a place: in the app the dialog's handle, in a browser the typed
 * path. Null when there is nothing to send yet (nothing chosen, or nothing typed).
 */
export function placeToSend(path: string, handle: string | null, inApp: boolean = shellFiles() !== null): string | null {
  if (inApp) return handle;
  const typed = path.trim();
  return typed === '' ? null : typed;
}

/** "Type the full path of X." in a browser; "Use Choose… to pick X." in the app. */
export function askForPlace(what: string, inApp: boolean = shellFiles() !== null): string {
  return inApp ? `Use Choose… to pick ${what}.` : `Type the full path of ${what}.`;
}
