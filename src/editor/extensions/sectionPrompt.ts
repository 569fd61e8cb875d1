import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { sectionTitles, type SectionKind } from '../../../electron/shared/doc';
import { sectionPositions } from './section';

/** The guiding prompt shown under each section's title. */
export type SectionPrompts = Partial<Record<SectionKind, string>>;

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
  /**
   * Prompts to show before the owner sets any.
   * @default {}
   */
  prompts: SectionPrompts;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    sectionPrompt: {
      /** Replaces the prompts of the given sections (others keep theirs). Changes no document content. */
      setSectionPrompts: (prompts: SectionPrompts) => ReturnType;
      /** Shows `text` under a section's title. */
      setSectionPrompt: (kind: SectionKind, text: string) => ReturnType;
    };
  }
}

export const sectionPromptKey = new PluginKey<SectionPrompts>('sectionPrompt');

/**
 * Draws each section's title, its guiding prompt and an "Another prompt" button as a widget at the
 * start of the section. The widget is not editable content: it never reaches the document JSON,
 * the caret skips it, and clicks on it never move the cursor.
 */
export const SectionPrompt = Extension.create<SectionPromptOptions>({
  name: 'sectionPrompt',

  addOptions() {
    return { onAnotherPrompt: null, anotherPromptText: 'Another prompt', headingLevel: 2, prompts: {} };
  },

  addCommands() {
    return {
      setSectionPrompts:
        (prompts) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(sectionPromptKey, prompts).setMeta('addToHistory', false);
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
    const header = (kind: SectionKind, text: string | undefined) => {
      const root = document.createElement('div');
      root.className = 'entry-section__header';
      root.contentEditable = 'false';
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
      new Plugin<SectionPrompts>({
        key: sectionPromptKey,
        state: {
          init: () => ({ ...options.prompts }),
          apply: (tr, value) => {
            const meta = tr.getMeta(sectionPromptKey) as SectionPrompts | undefined;
            return meta ? { ...value, ...meta } : value;
          },
        },
        props: {
          decorations(state) {
            const prompts = sectionPromptKey.getState(state) ?? {};
            return DecorationSet.create(
              state.doc,
              sectionPositions(state.doc).map(({ kind, pos }) => {
                const text = prompts[kind];
                return Decoration.widget(pos + 1, () => header(kind, text), {
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
