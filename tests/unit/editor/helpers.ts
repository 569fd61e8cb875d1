/**
 * Headless editor helpers for the editor specs (jsdom). They drive the editor the way a keyboard
 * does — through ProseMirror's input-rule and keymap props — rather than poking the document.
 */
import { Editor, type Content, type JSONContent } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { entryDocSchema, sectionKinds, type EntryDoc, type SectionKind } from '../../../electron/shared/doc';
import { editorExtensions, entryEditorOptions, type EditorExtensionsOptions } from '../../../src/editor/createExtensions';
import { findSection } from '../../../src/editor/extensions/section';

/** jsdom has no layout; ProseMirror asks for rectangles when it scrolls the caret into view. */
export function installLayoutStubs(): void {
  const rect = () => ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON: () => ({}) }) as DOMRect;
  const list = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  if (!Range.prototype.getBoundingClientRect) Range.prototype.getBoundingClientRect = rect;
  if (!Range.prototype.getClientRects) Range.prototype.getClientRects = list;
  if (!document.elementFromPoint) document.elementFromPoint = () => null;
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
  // ProseMirror's pasteHTML builds a ClipboardEvent, which jsdom lacks.
  if (typeof globalThis.ClipboardEvent === 'undefined') {
    globalThis.ClipboardEvent = class extends Event {
      readonly clipboardData = null;
    } as unknown as typeof ClipboardEvent;
  }
}

export function makeEditor(content?: Content, options: EditorExtensionsOptions = {}): Editor {
  installLayoutStubs();
  const element = document.createElement('div');
  document.body.append(element);
  return new Editor({ ...entryEditorOptions, element, extensions: editorExtensions(options), content: content ?? null });
}

export function json(editor: Editor): EntryDoc {
  return editor.getJSON() as unknown as EntryDoc;
}

/** Parses the editor's JSON with the app's schema and returns the issues, if any. */
export function schemaIssues(editor: Editor): string[] {
  const result = entryDocSchema.safeParse(editor.getJSON());
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

/** Puts the caret at the end (or start) of a section's first/last text block. */
export function caretIn(editor: Editor, kind: SectionKind, where: 'start' | 'end' = 'end'): void {
  editor.commands.focusSection(kind, where);
}

/** Types text one character at a time, letting input rules (markdown shortcuts, `[ ] `, @) run. */
export function type(editor: Editor, text: string): void {
  const view = editor.view;
  for (const char of text) {
    const { from, to } = view.state.selection;
    const handled = view.someProp('handleTextInput', (f) => f(view, from, to, char, () => view.state.tr.insertText(char, from, to)));
    if (!handled) view.dispatch(view.state.tr.insertText(char, from, to));
  }
}

/** Presses a key (with optional modifiers) as far as ProseMirror's keymaps are concerned. */
export function press(editor: Editor, key: string, init: KeyboardEventInit = {}): boolean {
  const view = editor.view;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  return view.someProp('handleKeyDown', (f) => f(view, event)) ?? false;
}

/** Pastes HTML through ProseMirror's clipboard path (transformPasted, paste rules, handlers). */
export function pasteHTML(editor: Editor, html: string): void {
  editor.view.pasteHTML(html);
}

export function selectAll(editor: Editor): void {
  const { doc } = editor.state;
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.between(doc.resolve(0), doc.resolve(doc.content.size))));
}

/** The text of one section, blocks joined by newlines. */
export function sectionText(editor: Editor, kind: SectionKind): string {
  const found = findSection(editor.state.doc, kind);
  return found ? found.node.textBetween(0, found.node.content.size, '\n', (leaf) => (leaf.type.name === 'mention' ? `@${leaf.attrs.label}` : '')) : '';
}

/** Every node of a JSON document, depth first. */
export function nodes(doc: JSONContent): JSONContent[] {
  const out: JSONContent[] = [];
  const walk = (node: JSONContent) => {
    out.push(node);
    node.content?.forEach(walk);
  };
  walk(doc);
  return out;
}

export function sectionKindsOf(editor: Editor): string[] {
  return (editor.getJSON().content ?? []).map((s) => String(s.attrs?.kind));
}

export { sectionKinds };
