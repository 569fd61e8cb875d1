import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { sectionKinds, sectionTitles, type EntryDoc, type SectionKind } from '../../../electron/shared/doc';
import { findSection, sectionPositions, sectionTextRange } from './section';

/** The guiding prompt shown under each section's title. */
export type SectionPrompts = Partial<Record<SectionKind, string>>;

/** The section attribute that keeps the prompt an entry was written with. */
export const PROMPT_ATTR = 'prompt';

function promptText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** The prompts kept in a document (editor or JSON), by section. */
export function promptsOf(doc: PMNode | EntryDoc): SectionPrompts {
  const out: SectionPrompts = {};
  if ('type' in doc && doc.type === 'doc' && Array.isArray((doc as EntryDoc).content)) {
    (doc as EntryDoc).content.forEach((section, index) => {
      const text = promptText((section.attrs as Record<string, unknown> | undefined)?.[PROMPT_ATTR]);
      const kind = sectionKinds[index];
      if (text && kind) out[kind] = text;
    });
    return out;
  }
  for (const { kind, node } of sectionPositions(doc as PMNode)) {
    const text = promptText(node.attrs[PROMPT_ATTR]);
    if (text) out[kind] = text;
  }
  return out;
}

export interface SectionPromptOptions {
  /**
   * Called when the person presses "Another prompt" under a section. The owner picks the next
   * prompt (see pickPrompt in electron/shared/prompts.ts) and passes it to `setSectionPrompt`.
   * Without it the button is not shown.
   * @default null
   */
  onAnotherPrompt: ((kind: SectionKind) => void) | null;
  /**
   * Visible text of the button; its accessible name adds the section ("Another prompt for Given").
   * @default 'Another prompt'
   */
  anotherPromptText: string;
  /**
   * Heading level of the section titles, to fit the screen's outline.
   * @default 2
   */
  headingLevel: 2 | 3 | 4;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    sectionPrompt: {
      /**
       * Replaces the prompts of the given sections (others keep theirs): kept with the entry, as an
       * attribute of the section, so a reopened entry shows the prompt it was written with. Not an
       * edit: it is not undone, not reported as a change, and saved with the next words.
       */
      setSectionPrompts: (prompts: SectionPrompts) => ReturnType;
      /** Shows `text` under a section's title (an empty text shows none). */
      setSectionPrompt: (kind: SectionKind, text: string) => ReturnType;
    };
  }
}

export const sectionPromptKey = new PluginKey('sectionPrompt');

/** Puts the caret at the start of a section's text, for a click on its title or prompt. */
function caretToSection(view: EditorView, kind: SectionKind): void {
  const range = sectionTextRange(view.state.doc, kind);
  if (!range || !view.editable) return;
  view.focus();
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from)).scrollIntoView());
}

/**
 * Draws each section's title, its guiding prompt and an "Another prompt" button as a widget at the
 * start of the section. The prompt itself is kept with the entry (the section's `prompt`
 * attribute, see setSectionPrompts); the widget is not editable content, the caret skips it, and a
 * click on the title or the prompt puts the caret in the section's text.
 */
export const SectionPrompt = Extension.create<SectionPromptOptions>({
  name: 'sectionPrompt',

  addOptions() {
    return { onAnotherPrompt: null, anotherPromptText: 'Another prompt', headingLevel: 2 };
  },

  addGlobalAttributes() {
    return [
      {
        types: ['section'],
        attributes: {
          [PROMPT_ATTR]: {
            // undefined, not null: JSON leaves it out, so entries without a prompt carry no key.
            default: undefined,
            rendered: false,
            parseHTML: (element) => element.getAttribute('data-prompt') ?? undefined,
          },
        },
      },
    ];
  },

  addCommands() {
    return {
      setSectionPrompts:
        (prompts) =>
        ({ tr, dispatch }) => {
          if (!dispatch) return true;
          for (const kind of sectionKinds) {
            if (!(kind in prompts)) continue;
            const found = findSection(tr.doc, kind);
            const text = promptText(prompts[kind]);
            if (found && found.node.attrs[PROMPT_ATTR] !== text) tr.setNodeAttribute(found.pos, PROMPT_ATTR, text);
          }
          tr.setMeta('addToHistory', false).setMeta('preventUpdate', true).setMeta(sectionPromptKey, true);
          return true;
        },
      setSectionPrompt:
        (kind, text) =>
        ({ commands }) =>
          commands.setSectionPrompts({ [kind]: text }),
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    const header = (view: EditorView, kind: SectionKind, text: string | undefined) => {
      const root = document.createElement('div');
      root.className = 'entry-section__header';
      root.contentEditable = 'false';
      // The header is outside the text; a click on it still means "write here".
      root.addEventListener('mousedown', (event) => {
        if (event.button !== 0 || (event.target instanceof Element && event.target.closest('button'))) return;
        event.preventDefault();
        caretToSection(view, kind);
      });
      const title = document.createElement(`h${options.headingLevel}`);
      title.className = 'entry-section__title';
      title.textContent = sectionTitles[kind];
      root.append(title);
      if (text) {
        const row = document.createElement('div');
        row.className = 'entry-section__prompt-row';
        const prompt = document.createElement('p');
        prompt.className = 'entry-section__prompt';
        prompt.textContent = text;
        row.append(prompt);
        if (options.onAnotherPrompt) {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'entry-section__another';
          button.textContent = options.anotherPromptText;
          button.setAttribute('aria-label', `${options.anotherPromptText} for ${sectionTitles[kind]}`);
          // Keep the caret where it was: the click is about the prompt, not the text.
          button.addEventListener('mousedown', (event) => event.preventDefault());
          button.addEventListener('click', () => options.onAnotherPrompt?.(kind));
          row.append(button);
        }
        root.append(row);
      }
      return root;
    };

    return [
      new Plugin({
        key: sectionPromptKey,
        props: {
          decorations(state) {
            return DecorationSet.create(
              state.doc,
              sectionPositions(state.doc).map(({ kind, pos, node }) => {
                const text = promptText(node.attrs[PROMPT_ATTR]);
                return Decoration.widget(pos + 1, (view) => header(view, kind, text), {
                  side: -1,
                  // A new key redraws the widget when its prompt changes, and only then.
                  key: `section-header:${kind}:${text ?? ''}`,
                  ignoreSelection: true,
                  stopEvent: () => true,
                });
              }),
            );
          },
        },
      }),
    ];
  },
});
