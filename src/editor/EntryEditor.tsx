import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { PersonKind } from '../../electron/shared/contract';
import { emptyDoc, mentionsOf, sectionKinds, type EntryDoc, type SectionKind } from '../../electron/shared/doc';
import { pickPrompt, type Prompt } from '../../electron/shared/prompts';
import { editorExtensions, entryEditorOptions } from './createExtensions';
import { EditorToolbar } from './EditorToolbar';
import type { PersonRef } from './extensions/personMention';
import { focusSection } from './extensions/section';
import { journalPeople } from './journalPeople';
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
  /** Anything stable per entry (its date or id): each entry opens with its own prompts. */
  promptSeed?: string | number;
  /** Prompt ids shown recently, to skip when others are left. */
  recentPromptIds?: readonly string[];
  /** Told whenever the shown prompts change (to remember them as recent). */
  onPromptsShown?: (prompts: Record<SectionKind, Prompt>) => void;
  /** @default true */
  editable?: boolean;
  /** Accessible name of the text area. @default 'Entry' */
  label?: string;
  /** Heading level of the section titles. @default 2 */
  headingLevel?: 2 | 3 | 4;
  /** Receives the editor once created (and null when it goes), e.g. to focus a section. */
  onEditor?: (editor: Editor | null) => void;
}

function kindsBySection(doc: EntryDoc, personKindOf?: (id: string) => PersonKind | undefined): Partial<Record<SectionKind, PersonKind>> {
  const out: Partial<Record<SectionKind, PersonKind>> = {};
  if (!personKindOf) return out;
  for (const { personId, section } of mentionsOf(doc)) {
    if (out[section]) continue;
    const kind = personKindOf(personId);
    if (kind) out[section] = kind;
  }
  return out;
}

/**
 * The composer's editor: one tiptap editor over the four sections of an entry, each a region
 * named Given, Received, Unsaid or Note, titled and with a guiding prompt and an "Another prompt"
 * button; a small formatting toolbar above. Styling lives in editor.css (no injected styles).
 *
 * Saving, dates and the status line belong to the screen: this component reports changes
 * (`onChange`) and blur (`onBlur`) and never talks to the journal itself.
 */
export function EntryEditor(props: EntryEditorProps) {
  const { editable = true, label = 'Entry', headingLevel = 2 } = props;
  const latest = useRef(props);
  latest.current = props;
  const contentId = useId();
  // Used only when the screen does not bring its own people functions.
  const [people] = useState(journalPeople);
  const kindOf = (id: string) => (latest.current.personKindOf ?? people.personKindOf)(id);

  const [initialDoc] = useState(() => props.doc ?? props.initialDoc ?? emptyDoc());
  // Sections whose prompt the person already changed keep it when people data arrives.
  const touched = useRef(new Set<SectionKind>());
  const [prompts, setPrompts] = useState<Record<SectionKind, Prompt>>(() => {
    const kinds = kindsBySection(initialDoc, props.personKindOf);
    return Object.fromEntries(
      sectionKinds.map((section) => [section, pickPrompt(section, { kind: kinds[section], seed: props.promptSeed, exclude: props.recentPromptIds })]),
    ) as Record<SectionKind, Prompt>;
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
        prompts: {
          headingLevel,
          onAnotherPrompt: (section) => {
            const current = editorRef.current;
            const doc = current ? (current.getJSON() as unknown as EntryDoc) : initialDoc;
            const kind = kindsBySection(doc, kindOf)[section];
            touched.current.add(section);
            setPrompts((shown) => ({
              ...shown,
              [section]: pickPrompt(section, { kind, seed: latest.current.promptSeed, after: shown[section].id, exclude: latest.current.recentPromptIds }),
            }));
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

  // With the journal's people loaded, prompts can speak to the relationship of whoever is mentioned.
  useEffect(() => {
    if (latest.current.personKindOf || latest.current.findPeople) return;
    let live = true;
    void people.preload().then(() => {
      if (!live) return;
      const kinds = kindsBySection(editor.getJSON() as unknown as EntryDoc, people.personKindOf);
      setPrompts((shown) => {
        let next = shown;
        for (const section of sectionKinds) {
          const kind = kinds[section];
          if (!kind || touched.current.has(section)) continue;
          const fitting = pickPrompt(section, { kind, seed: latest.current.promptSeed, exclude: latest.current.recentPromptIds });
          if (fitting.id !== shown[section].id) next = { ...next, [section]: fitting };
        }
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [editor, people]);

  useEffect(() => {
    editor.commands.setSectionPrompts(Object.fromEntries(sectionKinds.map((s) => [s, prompts[s].text])));
    latest.current.onPromptsShown?.(prompts);
  }, [editor, prompts]);

  return (
    <div className="entry-editor">
      <EditorToolbar editor={editor} controls={contentId} />
      <EditorContent editor={editor} className="entry-editor__surface" />
    </div>
  );
}
