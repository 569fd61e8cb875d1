import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, useSyncExternalStore, type Ref } from 'react';
import type { PersonKind } from '../../electron/shared/contract';
import { emptyDoc, mentionsOf, plainText, sectionKinds, sectionOf, sectionTitles, type EntryDoc, type SectionKind } from '../../electron/shared/doc';
import { pickPrompt, prompts, type Prompt } from '../../electron/shared/prompts';
import { editorExtensions, entryEditorOptions, unrepresentable } from './createExtensions';
import { EditorToolbar } from './EditorToolbar';
import type { PersonRef } from './extensions/personMention';
import { focusSection } from './extensions/section';
import { PROMPT_ATTR, promptsOf, type SectionPrompts } from './extensions/sectionPrompt';
import { journalPeople } from './journalPeople';
import { journalTags } from './journalTags';
import { ErrorMessage } from '../components/ErrorMessage';
import './editor.css';

/** What the screen can ask of a mounted EntryEditor (React 19: pass `ref` as a prop). */
export interface EntryEditorHandle {
  /** The document as it is now. */
  getDoc: () => EntryDoc;
  /** Keyboard focus in a section (default Given), caret at its end. */
  focus: (section?: SectionKind) => void;
  /** The tiptap editor itself, for anything else. */
  editor: Editor;
}

export interface EntryEditorProps {
  /**
   * The entry to edit. Read once, when the editor is created: give the component a `key` (the
   * entry's id) so that opening another entry creates a fresh editor, and do not feed autosaved
   * documents back in. Defaults to an empty entry.
   */
  doc?: EntryDoc;
  /** Same as `doc`; the name the composer screen uses. */
  initialDoc?: EntryDoc;
  /**
   * Every change. `read` gives the document as it was after that change (it passes
   * entryDocSchema); it is built only when called, so a keystroke in a long entry does not
   * serialise the whole document — call it when saving. Debounce saving in the caller.
   */
  onChange: (read: () => EntryDoc) => void;
  /** Focus left the text: flush any pending save. */
  onBlur?: () => void;
  /** Handle to read the document and move focus. */
  ref?: Ref<EntryEditorHandle>;
  /** Focus the editor on mount: `true` for Given, or the section to start in. */
  autoFocus?: boolean | SectionKind;
  /**
   * People whose names match the text typed after "@". Defaults to the journal's people
   * (journalPeople: `people.list`, filtered in memory).
   */
  findPeople?: (query: string) => PersonRef[] | Promise<PersonRef[]>;
  /** Creates a person for "Add person “Name”". Defaults to `people.upsert` in the journal. */
  onCreatePerson?: (name: string) => Promise<PersonRef>;
  /** Creating a person failed (the typed name stays in the text). */
  onCreatePersonError?: (error: unknown, name: string) => void;
  /** Relationship kind of a person, so that prompts can speak to it. */
  personKindOf?: (personId: string) => PersonKind | undefined;
  /**
   * Tags whose names match the text typed after "#" (names without "#"). Defaults to the journal's
   * tags (journalTags: `tags.list`, filtered in memory).
   */
  findTags?: (query: string) => string[] | Promise<string[]>;
  /** Opens another entry of the journal, for a link to it (`mutual:entry/<id>`). */
  onOpenEntry?: (entryId: string) => void;
  /**
   * Whether this is an entry being written now rather than one reopened: only then do its empty
   * sections get fresh prompts, and its empty unsaid item show as an item to fill in. A reopened
   * entry shows the prompts kept with it, and none where none were kept.
   * @default true
   */
  newEntry?: boolean;
  /** Anything stable per entry (its date or id): each entry opens with its own prompts. */
  promptSeed?: string | number;
  /** Prompt ids shown recently, to skip when others are left. */
  recentPromptIds?: readonly string[];
  /** Told which library prompts are shown, when the editor opens and when one changes (to remember them as recent). */
  onPromptsShown?: (prompts: Partial<Record<SectionKind, Prompt>>) => void;
  /** @default true */
  editable?: boolean;
  /** Accessible name of the text area. @default 'Entry' */
  label?: string;
  /** Heading level of the section titles. @default 2 */
  headingLevel?: 2 | 3 | 4;
  /** Receives the editor once created (and null when it goes), e.g. to focus a section. */
  onEditor?: (editor: Editor | null) => void;
}

/** The relationship kind each section's prompt may speak to: of someone it mentions, else of whoever the entry mentions first. */
function kindsBySection(doc: EntryDoc, personKindOf?: (id: string) => PersonKind | undefined): Partial<Record<SectionKind, PersonKind>> {
  const out: Partial<Record<SectionKind, PersonKind>> = {};
  if (!personKindOf) return out;
  let anyKind: PersonKind | undefined;
  for (const { personId, section } of mentionsOf(doc)) {
    const kind = personKindOf(personId);
    if (!kind) continue;
    anyKind ??= kind;
    out[section] ??= kind;
  }
  for (const section of sectionKinds) out[section] ??= anyKind;
  return out;
}

function sectionHasText(doc: EntryDoc, kind: SectionKind): boolean {
  return plainText(sectionOf(doc, kind).content).trim() !== '';
}

/**
 * The prompt each section opens with. A prompt kept with the entry is shown again; a new entry's
 * empty sections get a fresh one; any other section (words already written, an imported entry)
 * gets none, rather than a new question above an old answer.
 */
function openingPrompts(
  doc: EntryDoc,
  fresh: boolean,
  pick: (section: SectionKind) => Prompt,
): { prompts: SectionPrompts; picked: Set<SectionKind> } {
  const stored = promptsOf(doc);
  const prompts: SectionPrompts = {};
  const picked = new Set<SectionKind>();
  for (const section of sectionKinds) {
    if (stored[section]) prompts[section] = stored[section];
    else if (fresh && !sectionHasText(doc, section)) {
      prompts[section] = pick(section).text;
      picked.add(section);
    }
  }
  return { prompts, picked };
}

function withPrompts(doc: EntryDoc, prompts: SectionPrompts): EntryDoc {
  const content = doc.content.map((section) => {
    const text = prompts[section.attrs.kind];
    // The schema keeps any further attribute of a section; SectionNode's type names only its kind.
    const attrs = section.attrs as Record<string, unknown>;
    return text && attrs[PROMPT_ATTR] !== text ? { ...section, attrs: { ...section.attrs, [PROMPT_ATTR]: text } } : section;
  });
  return { ...doc, content } as EntryDoc;
}

/**
 * The composer's editor: one tiptap editor over the four sections of an entry, each a region
 * named Given, Received, Unsaid or Note, titled and with a guiding prompt and an "Another prompt"
 * button; a small formatting toolbar above. Styling lives in editor.css (no injected styles).
 *
 * The prompts belong to the entry: they are kept in the document (the section's `prompt`
 * attribute), saved with the next words, and shown again when the entry is reopened.
 *
 * Saving, dates and the status line belong to the screen: this component reports changes
 * (`onChange`) and blur (`onBlur`) and never talks to the journal itself.
 */
export function EntryEditor(props: EntryEditorProps) {
  const [doc] = useState(() => props.doc ?? props.initialDoc ?? emptyDoc());
  const [problem] = useState(() => unrepresentable(doc));
  if (problem) return <UnshownEntry doc={doc} headingLevel={props.headingLevel ?? 2} />;
  return <EditableEntry {...props} />;
}

/**
 * An entry holding something the editor does not know (a newer kind of content): shown as plain
 * text, and never edited, so that nothing of it can be lost by saving what the editor understood.
 */
function UnshownEntry(props: { doc: EntryDoc; headingLevel: 2 | 3 | 4 }) {
  const Title = `h${props.headingLevel}` as const;
  return (
    <div className="entry-editor entry-editor--unshown">
      <p role="note" className="entry-editor__unshown-note">
        This entry holds something this version of Mutual cannot edit, so it is shown as plain text and left as it is.
      </p>
      {sectionKinds.map((kind) => {
        const lines = plainText(sectionOf(props.doc, kind).content).split('\n').filter(Boolean);
        return (
          <section key={kind} role="region" className="entry-section" aria-label={sectionTitles[kind]}>
            <Title className="entry-section__title">{sectionTitles[kind]}</Title>
            {lines.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </section>
        );
      })}
    </div>
  );
}

function EditableEntry(props: EntryEditorProps) {
  const { editable = true, label = 'Entry', headingLevel = 2, newEntry = true } = props;
  const latest = useRef(props);
  latest.current = props;
  const contentId = useId();
  // Used only when the screen does not bring its own people and tags functions.
  const [people] = useState(journalPeople);
  const [tags] = useState(journalTags);
  const kindOf = (id: string) => (latest.current.personKindOf ?? people.personKindOf)(id);

  // Sections whose prompt this editor chose (not kept from before) and the person did not change:
  // those may still be swapped for one that fits the relationship once people are known.
  const picked = useRef(new Set<SectionKind>());
  const [initialDoc] = useState(() => {
    const doc = props.doc ?? props.initialDoc ?? emptyDoc();
    const kinds = kindsBySection(doc, props.personKindOf);
    const opening = openingPrompts(doc, newEntry, (section) =>
      pickPrompt(section, { kind: kinds[section], seed: props.promptSeed, exclude: props.recentPromptIds }),
    );
    picked.current = opening.picked;
    return withPrompts(doc, opening.prompts);
  });

  const editorRef = useRef<Editor | null>(null);
  const extensions = useMemo(
    () =>
      editorExtensions({
        mention: {
          findPeople: (query) => (latest.current.findPeople ?? people.findPeople)(query),
          onCreatePerson: (name) => (latest.current.onCreatePerson ?? people.onCreatePerson)(name),
          onCreatePersonError: (error, name) => latest.current.onCreatePersonError?.(error, name),
        },
        tag: {
          findTags: (query) => (latest.current.findTags ?? tags.findTags)(query),
          onNewTag: (name) => tags.addTag(name),
        },
        link: {
          openEntry: (id) => latest.current.onOpenEntry?.(id),
        },
        prompts: {
          headingLevel,
          onAnotherPrompt: (section) => {
            const current = editorRef.current;
            if (!current) return;
            const doc = current.getJSON() as unknown as EntryDoc;
            const kind = kindsBySection(doc, kindOf)[section];
            const shown = promptsOf(current.state.doc)[section];
            const after = prompts.find((p) => p.section === section && p.text === shown)?.id;
            picked.current.delete(section);
            const next = pickPrompt(section, { kind, seed: latest.current.promptSeed, after, exclude: latest.current.recentPromptIds });
            current.commands.setSectionPrompt(section, next.text);
            latest.current.onPromptsShown?.({ [section]: next });
          },
        },
      }),
    // Built once per editor; the callbacks read the latest props through `latest`.
    [],
  );

  // Stable, so that re-rendering does not push new props into the view on every render.
  const editorProps = useMemo(
    () => ({
      attributes: { id: contentId, class: 'entry-editor__content', 'aria-label': label, 'aria-multiline': 'true', spellcheck: 'true' },
    }),
    [contentId, label],
  );

  const editor = useEditor(
    {
      ...entryEditorOptions,
      extensions,
      content: initialDoc,
      editable,
      immediatelyRender: true,
      // The toolbar subscribes to what it shows; the rest of the tree need not re-render per keystroke.
      shouldRerenderOnTransaction: false,
      editorProps,
      onUpdate: ({ editor: e }) => {
        // ProseMirror documents are immutable: this one stays the state after this change.
        const snapshot = e.state.doc;
        let json: EntryDoc | null = null;
        latest.current.onChange(() => (json ??= snapshot.toJSON() as EntryDoc));
      },
      onBlur: () => latest.current.onBlur?.(),
    },
    [],
  );

  useEffect(() => {
    editorRef.current = editor;
    latest.current.onEditor?.(editor);
    return () => {
      editorRef.current = null;
      latest.current.onEditor?.(null);
    };
  }, [editor]);

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable, false);
  }, [editor, editable]);

  useImperativeHandle(
    props.ref,
    () => ({
      getDoc: () => editor.getJSON() as unknown as EntryDoc,
      focus: (section = 'given') => {
        focusSection(editor, section);
      },
      editor,
    }),
    [editor],
  );

  useEffect(() => {
    const start = latest.current.autoFocus;
    if (start) focusSection(editor, start === true ? 'given' : start);
  }, [editor]);

  useEffect(() => {
    const shown: Partial<Record<SectionKind, Prompt>> = {};
    const texts = promptsOf(editor.state.doc);
    for (const section of sectionKinds) {
      const prompt = prompts.find((p) => p.section === section && p.text === texts[section]);
      if (prompt) shown[section] = prompt;
    }
    latest.current.onPromptsShown?.(shown);
  }, [editor]);

  // With the journal's people loaded, prompts this editor chose can speak to the relationship of
  // whoever is mentioned. Prompts kept with the entry stay as they were written with.
  useEffect(() => {
    if (latest.current.personKindOf || latest.current.findPeople || picked.current.size === 0) return;
    let live = true;
    void people.preload().then(() => {
      if (!live || editor.isDestroyed) return;
      const doc = editor.getJSON() as unknown as EntryDoc;
      const kinds = kindsBySection(doc, people.personKindOf);
      const next: SectionPrompts = {};
      const chosen: Partial<Record<SectionKind, Prompt>> = {};
      for (const section of picked.current) {
        const kind = kinds[section];
        if (!kind || sectionHasText(doc, section)) continue;
        const fitting = pickPrompt(section, { kind, seed: latest.current.promptSeed, exclude: latest.current.recentPromptIds });
        if (fitting.text !== promptsOf(editor.state.doc)[section]) {
          next[section] = fitting.text;
          chosen[section] = fitting;
        }
      }
      if (Object.keys(next).length === 0) return;
      editor.commands.setSectionPrompts(next);
      latest.current.onPromptsShown?.(chosen);
    });
    return () => {
      live = false;
    };
  }, [editor, people]);

  return (
    <div className={newEntry ? 'entry-editor entry-editor--new' : 'entry-editor'}>
      <EditorToolbar editor={editor} controls={contentId} />
      <PhotoUploads editor={editor} />
      <EditorContent editor={editor} className="entry-editor__surface" />
    </div>
  );
}

/**
 * Photos on their way, in words: a status line while they are sent (each also shows as a
 * placeholder with its progress in the text) and, for a file the journal would not keep, its own
 * words why, until the person dismisses them.
 */
function PhotoUploads(props: { editor: Editor }) {
  const storage = props.editor.storage.image;
  const state = useSyncExternalStore(storage.subscribe, () => storage.state);
  const count = state.uploads.length;
  const status = count > 0 ? (count === 1 ? 'Adding a photo…' : `Adding ${count} photos…`) : state.news;
  return (
    <div className="entry-photo-uploads">
      <p role="status" className="entry-photo-uploads__status">
        {status}
      </p>
      {state.refusals.map((refusal) => (
        <div key={refusal.id} className="entry-photo-uploads__refusal">
          <ErrorMessage error={refusal.message} about={refusal.name || undefined} onDismiss={() => storage.dismiss(refusal.id)} />
        </div>
      ))}
    </div>
  );
}
