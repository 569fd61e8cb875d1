import { useEditorState, type Editor } from '@tiptap/react';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { normalizeHref } from './extensions/safeLink';
import { ErrorMessage } from '../components/ErrorMessage';

export interface EditorToolbarProps {
  editor: Editor;
  /** id of the editable element, for aria-controls. */
  controls?: string;
  /** Accessible name of the toolbar. @default 'Formatting' */
  label?: string;
}

interface Tool {
  id: 'bold' | 'italic' | 'bulletList' | 'blockquote' | 'link' | 'photo';
  label: string;
  glyph: string;
  shortcut?: string;
}

const mod = typeof navigator !== 'undefined' && /mac|iphone|ipad/i.test(navigator.platform) ? 'Meta' : 'Control';

const tools: Tool[] = [
  { id: 'bold', label: 'Bold', glyph: 'B', shortcut: 'Mod+B' },
  { id: 'italic', label: 'Italic', glyph: 'I', shortcut: 'Mod+I' },
  { id: 'bulletList', label: 'Bulleted list', glyph: '•', shortcut: 'Mod+Shift+8' },
  { id: 'blockquote', label: 'Quote', glyph: '“', shortcut: 'Mod+Shift+B' },
  { id: 'link', label: 'Link', glyph: '↗' },
  { id: 'photo', label: 'Add photo', glyph: '' },
];

/** A framed picture, drawn rather than a font's emoji, which not every system has. */
function PhotoGlyph() {
  return (
    <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 18 18" className="entry-toolbar__glyph">
      <rect x="1.5" y="3" width="15" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <circle cx="6" cy="7" r="1.5" fill="currentColor" />
      <path d="M3 13.5l4-4 3 3 2-2 3 3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * A small formatting toolbar: Bold, Italic, Bulleted list, Quote, Link, Add photo. One tab stop; the
 * arrow keys, Home and End move between buttons (the ARIA toolbar pattern). Link opens a small form
 * instead of window.prompt, which Electron does not provide; only http, https and mailto addresses
 * are accepted. Add photo opens the system's file chooser; the chosen pictures go to the journal
 * (the photo extension's `addPhotos`) and appear where the caret was.
 */
export function EditorToolbar({ editor, controls, label = 'Formatting' }: EditorToolbarProps) {
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      editable: e.isEditable,
    }),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [error, setError] = useState('');
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const filePicker = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const formId = useId();
  const errorId = `${formId}-error`;

  const run = (tool: Tool['id']) => {
    const chain = editor.chain().focus();
    if (tool === 'bold') chain.toggleBold().run();
    else if (tool === 'italic') chain.toggleItalic().run();
    else if (tool === 'bulletList') chain.toggleBulletList().run();
    else if (tool === 'blockquote') chain.toggleBlockquote().run();
    else if (tool === 'photo') filePicker.current?.click();
    else {
      const current = editor.getAttributes('link').href;
      setHref(typeof current === 'string' ? current : '');
      setError('');
      setLinkOpen(true);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = tools.length - 1;
    const next =
      event.key === 'ArrowRight' ? (focusIndex + 1) % tools.length
      : event.key === 'ArrowLeft' ? (focusIndex + last) % tools.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  const closeLink = () => {
    setLinkOpen(false);
    setError('');
    editor.commands.focus();
  };

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const safe = normalizeHref(href);
    if (!safe) {
      setError('That address can’t be linked. Links can start with http://, https:// or mailto:.');
      return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    if (editor.state.selection.empty && !editor.isActive('link')) {
      chain.insertContent({ type: 'text', text: href.trim(), marks: [{ type: 'link', attrs: { href: safe } }] }).run();
    } else {
      chain.setLink({ href: safe }).run();
    }
    closeLink();
  };

  const removeLink = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    closeLink();
  };

  return (
    <div className="entry-toolbar">
      <div className="entry-toolbar__buttons" role="toolbar" aria-label={label} aria-controls={controls} onKeyDown={onKeyDown}>
        {tools.map((tool, index) => (
          <button
            key={tool.id}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            className={`entry-toolbar__button entry-toolbar__button--${tool.id}`}
            aria-label={tool.label}
            aria-pressed={tool.id === 'link' || tool.id === 'photo' ? undefined : active[tool.id]}
            aria-expanded={tool.id === 'link' ? linkOpen : undefined}
            aria-controls={tool.id === 'link' && linkOpen ? formId : undefined}
            aria-keyshortcuts={tool.shortcut?.replace('Mod', mod)}
            title={tool.label}
            tabIndex={index === focusIndex ? 0 : -1}
            disabled={!active.editable}
            // Keep the selection in the text while the mouse is down.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              setFocusIndex(index);
              run(tool.id);
            }}
          >
            {tool.id === 'photo' ? <PhotoGlyph /> : <span aria-hidden="true">{tool.glyph}</span>}
          </button>
        ))}
      </div>
      <input
        ref={filePicker}
        type="file"
        accept="image/*,.heic,.heif"
        multiple
        hidden
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Emptied, so that choosing the same file again is a change too.
          event.target.value = '';
          if (files.length > 0) editor.chain().focus().addPhotos(files).run();
        }}
      />
      {linkOpen && (
        <form
          id={formId}
          className="entry-toolbar__link"
          role="group"
          aria-label="Add a link"
          onSubmit={applyLink}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              closeLink();
            }
          }}
        >
          <label htmlFor={inputId}>Link address</label>
          <input
            id={inputId}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={href}
            placeholder="https://"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setHref(event.target.value);
              setError('');
            }}
            autoFocus
          />
          <button type="submit">Add link</button>
          {active.link && (
            <button type="button" onClick={removeLink}>
              Remove link
            </button>
          )}
          <button type="button" onClick={closeLink}>
            Cancel
          </button>
          <ErrorMessage id={errorId} error={error} className="entry-toolbar__error" />
        </form>
      )}
    </div>
  );
}
