// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText, emptyDoc, entryDocSchema } from '../../../electron/shared/doc';
import { json, makeEditor, schemaIssues, sectionKinds, sectionKindsOf } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

describe('EntryDocument', () => {
  it('makes the document exactly four sections', () => {
    editor = makeEditor(emptyDoc());
    expect(editor.schema.topNodeType.name).toBe('doc');
    expect(editor.schema.topNodeType.spec.content).toBe('section{4}');
    expect(sectionKindsOf(editor)).toEqual([...sectionKinds]);
  });

  it('starts a blank editor with the four sections and an empty unsaid item', () => {
    editor = makeEditor();
    expect(sectionKindsOf(editor)).toEqual([...sectionKinds]);
    const unsaid = json(editor).content[2];
    expect(unsaid.content[0]?.type).toBe('taskList');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('loads a saved entry and gives back the same document', () => {
    const doc = docFromPlainText({ given: 'Made soup for Sam', unsaid: 'Thank Ana\nCall Mum', note: 'A quiet day' }, [{ id: 'p1', name: 'Sam' }]);
    editor = makeEditor(doc);
    expect(entryDocSchema.parse(editor.getJSON())).toEqual(doc);
  });
});
