// @vitest-environment jsdom
/**
 * An entry open in the composer that another computer changed is shown as the journal now has it
 * after a sync round that changed something here — in place, not as an edit (nothing is saved for
 * it, undo does not bring the old text back), the caret kept — but never while the person has
 * unsaved typing in it.
 */
import { act, createElement, createRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../electron/shared/channels';
import type { Entry, MutualApi } from '../../../electron/shared/contract';
import { docFromPlainText, type EntryDoc } from '../../../electron/shared/doc';
import type { JournalEvent } from '../../../electron/shared/events';
import { setApiForTests } from '../../../src/lib/api';
import { EntryEditor, type EntryEditorHandle } from '../../../src/editor/EntryEditor';
import { followSavedVersion, sameDoc, showSyncedDoc, useSyncRefresh } from '../../../src/features/composer/syncRefresh';
import { installLayoutStubs, sectionText } from '../editor/helpers';
import { emit, listeners as events } from './fakeJournal';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

vi.mock('../../../src/lib/events', () => import('./fakeJournal').then((m) => m.fakeEvents));

const round = (changed: number): JournalEvent => ({ name: 'sync', detail: { changed, applied: changed, wrote: 0, waiting: 0, problems: 0 } });

let stored: Entry;
let reads = 0;

function fakeApi(): void {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of channelNames) api[channel] = async () => ({ ok: false, error: { code: 'BAD_INPUT', message: 'not in this test' } });
  api['entries.get'] = async () => {
    reads++;
    return { ok: true, value: structuredClone(stored) };
  };
  setApiForTests(api as unknown as MutualApi);
}

const entry = (given: string, date = '2026-03-14'): Entry => ({
  id: 'e1',
  date,
  writtenAt: null,
  doc: docFromPlainText({ given }),
  people: [],
  createdAt: '2026-03-14T10:00:00Z',
  updatedAt: '2026-03-14T10:00:00Z',
});

let root: Root | undefined;
let clean = true;
let onChange: ReturnType<typeof vi.fn<(read: () => EntryDoc) => void>>;
let onReplaced: ReturnType<typeof vi.fn<(entry: Entry) => void>>;
const ref = createRef<EntryEditorHandle>();

function Open(props: { initial: EntryDoc }) {
  const [doc] = useState(props.initial);
  useSyncRefresh({ entryId: () => 'e1', editor: () => ref.current?.editor ?? null, clean: () => clean, onReplaced });
  return createElement(EntryEditor, { doc, onChange, ref, newEntry: false, findPeople: () => [] });
}

beforeAll(() => installLayoutStubs());
beforeEach(async () => {
  events.clear();
  reads = 0;
  clean = true;
  onChange = vi.fn<(read: () => EntryDoc) => void>();
  onReplaced = vi.fn<(entry: Entry) => void>();
  stored = entry('Tea with Robin.');
  fakeApi();
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root!.render(createElement(Open, { initial: stored.doc })));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
  onChange.mockClear();
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
  setApiForTests(null);
});

const editor = () => ref.current!.editor;

describe('an open entry changed on another computer', () => {
  it('is shown as the journal has it now, without being saved again and without an undo step back', async () => {
    stored = entry('Tea with Robin. We talked about the garden.');
    await emit(round(1));
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin. We talked about the garden.');
    expect(onChange).not.toHaveBeenCalled();
    expect(onReplaced).toHaveBeenCalledWith(expect.objectContaining({ id: 'e1' }));
    editor().commands.undo();
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin. We talked about the garden.');
  });

  it('is not touched while the person has unsaved typing in it', async () => {
    clean = false;
    stored = entry('Changed elsewhere.');
    await emit(round(1));
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin.');
    expect(reads).toBe(0);
    expect(onReplaced).not.toHaveBeenCalled();
  });

  it('is left as it is when typing started while it was being read', async () => {
    stored = entry('Changed elsewhere.');
    const pending = emit(round(1));
    clean = false;
    await pending;
    expect(reads).toBe(1);
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin.');
  });

  it('is not read again after a round that changed nothing here', async () => {
    await emit(round(0));
    expect(reads).toBe(0);
  });

  it('keeps the caret where it was when the editor has the keyboard', async () => {
    editor().commands.focus();
    editor().commands.setTextSelection(4);
    stored = entry('Tea with Robin. And cake.');
    await emit(round(2));
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin. And cake.');
    expect(editor().state.selection.from).toBe(4);
  });
});

describe('the same document', () => {
  it('whatever the order of keys, and an attribute set to null is one left out', () => {
    expect(sameDoc({ type: 'doc', attrs: { a: 1, b: 2 } }, { attrs: { b: 2, a: 1 }, type: 'doc' })).toBe(true);
    expect(sameDoc({ type: 'text', marks: undefined, attrs: { id: null } }, { type: 'text', attrs: {} })).toBe(true);
    expect(sameDoc({ content: [{ text: 'a' }] }, { content: [{ text: 'b' }] })).toBe(false);
    expect(sameDoc({ content: [1, 2] }, { content: [1] })).toBe(false);
    expect(sameDoc([], {})).toBe(false);
  });

  it('is not set again into the editor', () => {
    const ed = editor();
    const before = ed.state.doc;
    expect(showSyncedDoc(ed, ed.getJSON() as unknown as EntryDoc)).toBe(false);
    expect(ed.state.doc).toBe(before);
  });
});

describe('a save merged with another computer’s change', () => {
  const saved = (given: string, sentBase?: string): Entry & { sentBase?: string } => ({ ...entry(given), updatedAt: '2026-03-14T10:05:00Z', ...(sentBase ? { sentBase } : {}) });

  it('an ordinary save: the next save starts from the version saved', () => {
    const sent = editor().getJSON() as unknown as EntryDoc;
    expect(followSavedVersion(saved('Tea with Robin.'), sent, editor(), () => sent, () => undefined)).toBe('2026-03-14T10:05:00Z');
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin.');
  });

  it('nothing typed since the save began: the merged entry is shown, and the next save starts from it', () => {
    const sent = editor().getJSON() as unknown as EntryDoc;
    const shown = vi.fn();
    expect(followSavedVersion(saved('Tea with Robin. And the garden.', 'e:view'), sent, editor(), () => editor().getJSON() as unknown as EntryDoc, shown)).toBe('2026-03-14T10:05:00Z');
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin. And the garden.');
    expect(shown).toHaveBeenCalled();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('typing since the save began: the editor keeps its words, and the next save starts from its own version', () => {
    const sent = docFromPlainText({ given: 'Tea with Robin' });
    expect(followSavedVersion(saved('Tea with Robin. And the garden.', 'e:view'), sent, editor(), () => editor().getJSON() as unknown as EntryDoc, () => undefined)).toBe('e:view');
    expect(sectionText(editor(), 'given')).toBe('Tea with Robin.');
  });
});
