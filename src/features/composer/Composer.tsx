/**
 * The composer: one guided entry (Given, Received, Unsaid, Note — the editor's regions), its
 * date, and autosave. Saving is debounced (≤ 500 ms) and flushed when the editor loses focus,
 * before the journal locks and when the page goes away. A failed save keeps every character on
 * screen and keeps retrying; "Saved" is shown only once the journal confirmed the latest words.
 *
 * Opened from search, the entry shows what matched marked and scrolled to (the editor's
 * SearchHighlight: decorations, so autosave never sees them) until the person types or presses Escape.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Entry } from '../../../electron/shared/contract';
import { emptyDoc, type EntryDoc } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { formatLongDate, isIsoDate, todayIso } from '../../lib/date';
import { stashDraft, type Draft } from '../../lib/drafts';
import { useFlusher, type SearchHighlight } from '../../lib/session';
import { ViewHeading } from '../../components/ViewHeading';
import { EntryEditor, type EntryEditorHandle } from '../../editor/EntryEditor';
import { mentionsSettled, withoutPendingMentions } from '../../editor/extensions/personMention';
import { focusSection } from '../../editor/extensions/section';
import { searchHighlightState } from '../../editor/extensions/searchHighlight';
import { Autosaver, saveStateText, type SaveState } from './autosave';
import { cleanPastedHtml, needsCleaning } from './cleanPaste';
import './composer.css';

const SAVE_DELAY_MS = 400;

interface Loaded {
  id: string | null;
  date: string;
  doc: EntryDoc;
}

export function Composer(props: { entryId: string | null; draft?: Draft | null; highlight?: SearchHighlight }) {
  const [loaded, setLoaded] = useState<Loaded | null>(() =>
    props.draft ? { id: props.draft.entryId, date: props.draft.date, doc: props.draft.doc } : props.entryId ? null : { id: null, date: todayIso(), doc: emptyDoc() },
  );
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (loaded || !props.entryId) return;
    let live = true;
    void call('entries.get', { id: props.entryId }).then((r) => {
      if (!live) return;
      if (r.ok) setLoaded({ id: r.value.id, date: r.value.date, doc: r.value.doc });
      else setLoadError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [loaded, props.entryId]);

  if (loadError) {
    return (
      <section className="view composer" aria-labelledby="composer-title">
        <ViewHeading id="composer-title">Entry</ViewHeading>
        <p role="alert" className="error">
          {loadError}
        </p>
      </section>
    );
  }
  if (!loaded) {
    return (
      <section className="view composer" aria-labelledby="composer-title" aria-busy="true">
        <ViewHeading id="composer-title" focus={false}>
          Entry
        </ViewHeading>
        <p className="quiet composer-loading">Opening the entry…</p>
      </section>
    );
  }
  return <LoadedComposer initial={loaded} unsavedDraft={Boolean(props.draft)} highlight={props.highlight} />;
}

function LoadedComposer(props: { initial: Loaded; unsavedDraft: boolean; highlight?: SearchHighlight }) {
  const { initial, highlight } = props;
  const idRef = useRef<string | null>(initial.id);
  const [date, setDate] = useState(initial.date);
  const dateRef = useRef(initial.date);
  const editorRef = useRef<EntryEditorHandle | null>(null);
  // The editor's latest document, read only when a save needs it (see EntryEditor's onChange).
  const lastDocRef = useRef<() => EntryDoc>(() => initial.doc);
  // The status line subscribes on its own, so a change of state never re-renders the editor.
  const [statusListeners] = useState(() => new Set<(s: SaveState) => void>());
  const isNew = initial.id === null;

  // The editor hands over the document on every change; the save takes the latest one. A mention
  // of a person still being created is waited for (beforeSave); should that outlast the wait, it
  // is sent as the typed "@Name" rather than as a mention without a person.
  const currentDoc = useCallback((): EntryDoc => withoutPendingMentions(lastDocRef.current()), []);

  const [saver] = useState(
    () =>
      new Autosaver<Loaded>({
        delayMs: SAVE_DELAY_MS,
        snapshot: () => ({ id: idRef.current, date: dateRef.current, doc: currentDoc() }),
        beforeSave: () => {
          const editor = editorRef.current?.editor;
          return editor ? mentionsSettled(editor) : null;
        },
        save: async (s) => {
          if (s.id === null) {
            const r = await call('entries.create', { date: s.date, doc: s.doc });
            if (r.ok) idRef.current = (r.value as Entry).id;
            return r;
          }
          return call('entries.save', { id: s.id, date: s.date, doc: s.doc });
        },
        onState: (state) => statusListeners.forEach((l) => l(state)),
      }),
  );

  const flush = useCallback(() => saver.flush(), [saver]);
  useFlusher(flush);

  // A draft kept from before a lock is saved as soon as the composer opens.
  useEffect(() => {
    if (props.unsavedDraft) saver.change();
  }, [props.unsavedDraft, saver]);

  // Leaving the composer saves what is left; if that fails the words are kept for after unlock.
  useEffect(() => {
    saver.resume();
    return () => {
      const dirty = saver.dirty;
      if (!dirty) {
        saver.dispose();
        return;
      }
      const doc = currentDoc();
      const snapshotDate = dateRef.current;
      saver.dispose();
      void saver.flush().then((saved) => {
        if (!saved) stashDraft({ entryId: idRef.current, date: snapshotDate, doc });
      });
    };
  }, [saver, currentDoc]);

  const onEditorChange = useCallback(
    (read: () => EntryDoc) => {
      lastDocRef.current = read;
      saver.change();
    },
    [saver],
  );
  const onEditorBlur = useCallback(() => void saver.flush(), [saver]);

  // Opened from search: mark the matches and go to the first one (in the hit's section). This runs
  // after the editor's own mount effects (focus in Given), so it has the last word on the caret.
  const [marked, setMarked] = useState(false);
  useEffect(() => {
    const editor = editorRef.current?.editor;
    if (!editor || !highlight) return;
    const sync = () => setMarked(searchHighlightState(editor.state).matches.length > 0);
    editor.on('transaction', sync);
    const found = highlight.terms.length > 0 && editor.commands.setSearchHighlight(highlight);
    // Found only by a person's name or a filter: at least open the part it was found in.
    if (!found && highlight.section) focusSection(editor, highlight.section, 'start');
    sync();
    return () => {
      editor.off('transaction', sync);
    };
  }, [highlight]);
  const clearMarks = useCallback(() => editorRef.current?.editor.commands.clearSearchHighlight(), []);

  // See cleanPaste.ts: strip inline handlers and styles before the editor parses pasted HTML.
  const onPasteCapture = useCallback((e: React.ClipboardEvent<HTMLDivElement>) => {
    const html = e.clipboardData.getData('text/html');
    const view = editorRef.current?.editor.view;
    if (!html || !view || !needsCleaning(html) || !view.dom.contains(e.target as Node)) return;
    e.preventDefault();
    e.stopPropagation();
    view.pasteHTML(cleanPastedHtml(html));
  }, []);

  const editorElement = useMemo(
    () => (
      <EntryEditor
        ref={editorRef}
        initialDoc={initial.doc}
        onChange={onEditorChange}
        onBlur={onEditorBlur}
        autoFocus
        promptSeed={initial.id ?? initial.date}
        label="Entry text"
      />
    ),
    [initial, onEditorChange, onEditorBlur],
  );

  return (
    <section
      className="view composer"
      aria-labelledby="composer-title"
      onKeyDown={marked ? (e) => e.key === 'Escape' && !e.defaultPrevented && clearMarks() : undefined}
    >
      <div className="composer-header">
        <ViewHeading id="composer-title" focus={false}>
          {isNew ? 'New entry' : formatLongDate(isIsoDate(date) ? date : initial.date)}
        </ViewHeading>
        <div className="field">
          <label htmlFor="entry-date">Entry date</label>
          <input
            id="entry-date"
            type="date"
            value={date}
            max="9999-12-31"
            required
            onBlur={() => void saver.flush()}
            onChange={(e) => {
              setDate(e.target.value);
              if (isIsoDate(e.target.value)) {
                dateRef.current = e.target.value;
                saver.change();
              }
            }}
          />
        </div>
      </div>
      <SaveStatus saver={saver} listeners={statusListeners} />
      {marked && (
        <div className="search-marks-note">
          <p className="quiet">Words from your search are marked. Start typing or press Escape to clear them.</p>
          <button type="button" className="link" onClick={() => clearMarks()}>
            Clear marks
          </button>
        </div>
      )}
      <div className="composer-editor" onPasteCapture={onPasteCapture}>
        {editorElement}
      </div>
    </section>
  );
}

function SaveStatus(props: { saver: Autosaver<Loaded>; listeners: Set<(s: SaveState) => void> }) {
  const { saver, listeners } = props;
  const [state, setState] = useState<SaveState>(saver.current);
  useEffect(() => {
    listeners.add(setState);
    return () => {
      listeners.delete(setState);
    };
  }, [listeners]);
  return (
    <div className={`save-status${state.kind === 'failed' ? ' failed' : ''}`}>
      <p role="status" className="save-status-text">
        {saveStateText(state)}
      </p>
      {state.kind === 'failed' && (
        <button type="button" className="link" onClick={() => saver.retryNow()}>
          Try again now
        </button>
      )}
    </div>
  );
}
