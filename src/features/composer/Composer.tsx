/**
 * The composer: one guided entry (Given, Received, Unsaid, Note — the editor's regions), its
 * date, and autosave. Saving is debounced (≤ 500 ms) and flushed when the editor loses focus,
 * before the journal locks and when the page goes away. A failed save keeps every character on
 * screen and keeps retrying; "Saved" is shown only once the journal confirmed the latest words.
 *
 * Opened from search, the entry shows what matched marked and scrolled to (the editor's
 * SearchHighlight: decorations, so autosave never sees them) until the person types or presses Escape.
 *
 * A saved entry is titled with its day and, when known, the time it was written ("Monday,
 * 12 October 2004 · 21:38"); its tags show as chips under the title. Right after first run, the
 * first new entry shows the short introduction instead (src/features/firstrun/Introduction.tsx).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { Entry } from '../../../electron/shared/contract';
import { clockTimeOf } from '../../../electron/shared/dates';
import { emptyDoc, type EntryDoc } from '../../../electron/shared/doc';
import { call } from '../../lib/api';
import { formatLongDate, isIsoDate, todayIso } from '../../lib/date';
import { stashDraft, type Draft } from '../../lib/drafts';
import { tagLabel, tagQuery } from '../../lib/tags';
import { useFlusher, useSession, type SearchHighlight } from '../../lib/session';
import { ViewHeading } from '../../components/ViewHeading';
import { EntryEditor, type EntryEditorHandle } from '../../editor/EntryEditor';
import { tagsInDoc } from '../../editor/extensions/tag';
import { Introduction, SampleEntryNote } from '../firstrun/Introduction';
import { introductionDue, introductionShown, isSampleEntry, rememberSampleEntry } from '../firstrun/introduction';
import { creationsSettled, withoutPendingMentions, type PersonMentionStorage } from '../../editor/extensions/personMention';
import { focusSection } from '../../editor/extensions/section';
import { searchHighlightState } from '../../editor/extensions/searchHighlight';
import { Autosaver, saveStateText, type SaveState } from './autosave';
import { routePaste } from './cleanPaste';
import { followSavedVersion, useSyncRefresh } from './syncRefresh';
import { ErrorMessage } from '../../components/ErrorMessage';
import './composer.css';

const SAVE_DELAY_MS = 400;

interface Loaded {
  id: string | null;
  date: string;
  doc: EntryDoc;
  /** When it was written (local time with offset), if known. */
  writtenAt?: string | null;
  /** The version loaded (its time of last change), which saves name as their base. */
  updatedAt?: string;
}

export function Composer(props: { entryId: string | null; draft?: Draft | null; highlight?: SearchHighlight }) {
  const session = useSession();
  const [loaded, setLoaded] = useState<Loaded | null>(() =>
    props.draft ? { id: props.draft.entryId, date: props.draft.date, doc: props.draft.doc } : props.entryId ? null : { id: null, date: todayIso(), doc: emptyDoc() },
  );
  const [loadError, setLoadError] = useState<string | null>(null);
  const [introduction, setIntroduction] = useState(() => props.entryId === null && !props.draft && introductionDue());

  // Shown once: a second "New entry" goes straight to writing.
  useEffect(() => {
    if (introduction) introductionShown();
  }, [introduction]);

  useEffect(() => {
    if (loaded || !props.entryId) return;
    let live = true;
    void call('entries.get', { id: props.entryId }).then((r) => {
      if (!live) return;
      if (r.ok) setLoaded({ id: r.value.id, date: r.value.date, doc: r.value.doc, writtenAt: r.value.writtenAt, updatedAt: r.value.updatedAt });
      else setLoadError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [loaded, props.entryId]);

  if (introduction) {
    return <Introduction onWrite={() => setIntroduction(false)} onOpenSample={(id) => session.openEntry(id)} />;
  }

  if (loadError) {
    return (
      <section className="view composer" aria-labelledby="composer-title">
        <ViewHeading id="composer-title">Entry</ViewHeading>
        <ErrorMessage error={loadError} />
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

/** "21:38" when the entry was written on the day it is dated; empty otherwise (a time of another day would mislead). */
function timeOfDay(writtenAt: string | null | undefined, date: string): string {
  return writtenAt && writtenAt.slice(0, 10) === date ? clockTimeOf(writtenAt) : '';
}

function LoadedComposer(props: { initial: Loaded; unsavedDraft: boolean; highlight?: SearchHighlight }) {
  const { initial, highlight } = props;
  const session = useSession();
  const [editor, setEditor] = useState<Editor | null>(null);
  // People being created for @mentions: kept past the editor, for the save made on leaving.
  const mentionStore = useRef<PersonMentionStorage | undefined>(undefined);
  const onEditor = useCallback((e: Editor | null) => {
    if (e) mentionStore.current = e.storage.mention;
    setEditor(e);
  }, []);
  const idRef = useRef<string | null>(initial.id);
  // The version the editor's document started from: a save made after another computer changed
  // the entry adds its typing to that change instead of undoing it (electron/core/sync/staleSave.ts).
  const baseRef = useRef<string | undefined>(initial.updatedAt);
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
  const currentDoc = useCallback((): EntryDoc => withoutPendingMentions(lastDocRef.current(), mentionStore.current?.created), []);

  const [saver] = useState(
    () =>
      new Autosaver<Loaded>({
        delayMs: SAVE_DELAY_MS,
        snapshot: () => ({ id: idRef.current, date: dateRef.current, doc: currentDoc() }),
        beforeSave: () => creationsSettled(mentionStore.current),
        save: async (s) => {
          if (s.id === null) {
            const r = await call('entries.create', { date: s.date, doc: s.doc });
            if (r.ok) {
              idRef.current = (r.value as Entry).id;
              baseRef.current = (r.value as Entry).updatedAt;
            }
            return r;
          }
          const r = await call('entries.save', { id: s.id, date: s.date, doc: s.doc, base: baseRef.current });
          if (r.ok) baseRef.current = followSavedVersion(r.value, s.doc, editorRef.current?.editor ?? null, currentDoc, (shown) => (lastDocRef.current = shown));
          return r;
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

  // Changed on another computer while open here: shown as it is now, unless typing is unsaved.
  useSyncRefresh({
    entryId: () => idRef.current,
    editor: () => editorRef.current?.editor ?? null,
    clean: () => !saver.dirty,
    onReplaced: (entry) => {
      baseRef.current = entry.updatedAt;
      const shown = editorRef.current?.editor;
      if (shown) lastDocRef.current = () => shown.getJSON() as unknown as EntryDoc;
      if (entry.date !== dateRef.current && document.activeElement?.id !== 'entry-date') {
        dateRef.current = entry.date;
        setDate(entry.date);
      }
    },
  });
  const openEntry = useCallback((id: string) => session.openEntry(id), [session]);

  // The sample entry from the introduction can go again from its own page.
  const isSample = isSampleEntry(initial.id);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const deleteSample = useCallback(async () => {
    const id = idRef.current;
    if (!id) return;
    setDeleting(true);
    setDeleteError(null);
    // Saved first, so that nothing is lost if deleting fails; then never saved again.
    await saver.flush();
    const result = await call('entries.delete', { id });
    if (!result.ok) {
      setDeleting(false);
      setDeleteError(result.error.message);
      return;
    }
    saver.discard();
    rememberSampleEntry(null);
    session.newEntry();
  }, [saver, session]);

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

  // See cleanPaste.ts: pictures go to the journal, and inline handlers and styles are stripped
  // before the editor parses pasted HTML.
  const onPasteCapture = useCallback((e: React.ClipboardEvent<HTMLDivElement>) => {
    const editor = editorRef.current?.editor;
    const target = e.target as Element;
    // A photo's description field is inside the editor but takes its own paste.
    if (!editor || !editor.isEditable || !editor.view.dom.contains(target) || target.closest?.('input, textarea')) return;
    const data = e.clipboardData;
    const route = routePaste({ html: data.getData('text/html'), text: data.getData('text/plain'), files: [...data.files] });
    if (route.kind === 'default') return;
    e.preventDefault();
    e.stopPropagation();
    if (route.kind === 'html') editor.view.pasteHTML(route.html);
    if (route.photos.length > 0) editor.commands.addPhotos(route.photos);
    if (route.leftOut > 0) {
      editor.storage.image.tell(
        `${route.leftOut === 1 ? 'A picture' : `${route.leftOut} pictures`} in what you pasted ${route.leftOut === 1 ? 'was' : 'were'} left out: Mutual never fetches anything from elsewhere. Save ${route.leftOut === 1 ? 'it' : 'each one'} as a file and add it with “Add photo”.`,
      );
    }
  }, []);

  const editorElement = useMemo(
    () => (
      <EntryEditor
        ref={editorRef}
        initialDoc={initial.doc}
        onChange={onEditorChange}
        onBlur={onEditorBlur}
        autoFocus
        newEntry={initial.id === null}
        onOpenEntry={openEntry}
        onEditor={onEditor}
        promptSeed={initial.id ?? initial.date}
        label="Entry text"
      />
    ),
    [initial, onEditorChange, onEditorBlur, openEntry, onEditor],
  );
  const shownDate = isIsoDate(date) ? date : initial.date;
  const time = timeOfDay(initial.writtenAt, shownDate);

  return (
    <section
      className="view composer"
      aria-labelledby="composer-title"
      onKeyDown={marked ? (e) => e.key === 'Escape' && !e.defaultPrevented && clearMarks() : undefined}
    >
      <div className="composer-header">
        <ViewHeading id="composer-title" focus={false}>
          {isNew ? (
            'New entry'
          ) : (
            <>
              {formatLongDate(shownDate)}
              {time && (
                <>
                  {' · '}
                  <time dateTime={initial.writtenAt ?? undefined}>{time}</time>
                </>
              )}
            </>
          )}
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
      <EntryTags editor={editor} />
      {isSample && <SampleEntryNote busy={deleting} onDelete={() => void deleteSample()} onWrite={() => session.newEntry()} />}
      <ErrorMessage error={deleteError} />
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

/**
 * The entry's tags as chips, following the text as it changes (at most once a frame). Each one
 * searches the journal for the entries carrying it.
 */
function EntryTags(props: { editor: Editor | null }) {
  const { editor } = props;
  const { navigate } = useSession();
  const [tags, setTags] = useState<string[]>([]);
  useEffect(() => {
    if (!editor) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      const next = tagsInDoc(editor.state.doc);
      setTags((shown) => (shown.length === next.length && shown.every((t, i) => t === next[i]) ? shown : next));
    };
    const later = () => {
      frame ||= requestAnimationFrame(read);
    };
    read();
    editor.on('update', later);
    return () => {
      editor.off('update', later);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [editor]);
  if (tags.length === 0) return null;
  return (
    <ul className="entry-tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <button type="button" className="entry-tags__tag" aria-label={`Entries tagged ${tagLabel(tag)}`} onClick={() => navigate({ name: 'search', q: tagQuery(tag) })}>
            {tagLabel(tag)}
          </button>
        </li>
      ))}
    </ul>
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
