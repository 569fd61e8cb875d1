/**
 * Everything the entry editor is made of, in one list.
 *
 * For the component author: create the editor with `injectCSS: false` (see `entryEditorOptions`).
 * tiptap otherwise injects a `<style>` element, which the app's CSP (`style-src 'self'`) refuses;
 * the few base rules it carried live in src/editor/editor.css instead, which must be imported.
 */
import { getSchema, type AnyExtension, type EditorOptions } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { StarterKit } from '@tiptap/starter-kit';
import type { SectionKind } from '../../electron/shared/doc';
import { ChipSpace } from './extensions/chipSpace';
import { EntryDocument } from './extensions/entryDocument';
import { PersonMention, type PersonMentionOptions } from './extensions/personMention';
import { Photo, type PhotoOptions } from './extensions/photo';
import { SafeLink, type SafeLinkOptions } from './extensions/safeLink';
import { SearchHighlight } from './extensions/searchHighlight';
import { Section } from './extensions/section';
import { SectionPrompt, type SectionPromptOptions } from './extensions/sectionPrompt';
import { Tag, type TagOptions } from './extensions/tag';
import { UnsaidItem, type UnsaidItemLabels } from './extensions/unsaidItem';

export interface EditorExtensionsOptions {
  /** Finding and creating people for @mentions. */
  mention?: Partial<Pick<PersonMentionOptions, 'findPeople' | 'onCreatePerson' | 'onCreatePersonError' | 'maxItems' | 'suggestion'>>;
  /** Section titles, prompts and the "Another prompt" button. */
  prompts?: Partial<SectionPromptOptions>;
  /** Words of the unsaid item controls. */
  unsaidLabels?: Partial<UnsaidItemLabels>;
  /** Finding tags for "#", and learning new ones. */
  tag?: Partial<Pick<TagOptions, 'findTags' | 'onNewTag' | 'maxItems' | 'tagOnSpace' | 'suggestion'>>;
  /** Opening another entry of the journal from a link to it. */
  link?: Partial<Pick<SafeLinkOptions, 'openEntry'>>;
  /** Sending new photos to the journal, and which size an entry shows. */
  photo?: Partial<Pick<PhotoOptions, 'upload' | 'dropFiles' | 'variant'>>;
}

/** Editor options every entry editor needs, to spread into `new Editor()` or `useEditor()`. */
export const entryEditorOptions = {
  // The CSP forbids injected <style>; src/editor/editor.css carries tiptap's base rules.
  injectCSS: false,
  // Markdown shortcuts: **bold**, *italic*, - list, 1. list, > quote, ### heading, [ ] in Unsaid.
  enableInputRules: true,
  enablePasteRules: true,
} as const satisfies Partial<EditorOptions>;

/**
 * The extensions of the entry editor: the four-section document, rich text from StarterKit
 * (without its document, link, code block, underline, drop cursor and trailing node, none of which
 * the entry schema allows or the CSP likes), unsaid items, photos, person mentions and safe links.
 *
 * The node and mark names are exactly those electron/shared/doc.ts accepts.
 */
export function editorExtensions(options: EditorExtensionsOptions = {}): AnyExtension[] {
  const unsaidLabels = options.unsaidLabels;
  return [
    EntryDocument,
    Section,
    SectionPrompt.configure(options.prompts ?? {}),
    StarterKit.configure({
      document: false,
      link: false,
      codeBlock: false,
      underline: false,
      trailingNode: false,
      // Writes inline styles while dragging; not worth a CSP exception.
      dropcursor: false,
      // Section titles are the document's top headings.
      heading: { levels: [3, 4] },
    }),
    unsaidLabels ? UnsaidItem.configure({ labels: { ...UnsaidItem.options.labels, ...unsaidLabels } }) : UnsaidItem,
    options.photo ? Photo.configure(options.photo) : Photo,
    PersonMention.configure(options.mention ?? {}),
    Tag.configure(options.tag ?? {}),
    ChipSpace,
    SafeLink.configure(options.link ?? {}),
    SearchHighlight,
  ];
}

let checkingSchema: Schema | null = null;

/**
 * Whether the editor can hold this document exactly. tiptap would otherwise open a document with a
 * node it does not know as an empty one — and the next save would write that emptiness over the
 * entry. The answer is the problem's message, or null when all is well.
 */
export function unrepresentable(doc: unknown): string | null {
  checkingSchema ??= getSchema(editorExtensions());
  try {
    checkingSchema.nodeFromJSON(doc).check();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The section kinds in document order, re-exported for screen code that lays out per section. */
export type { SectionKind };
