// @vitest-environment jsdom
/**
 * An entry opened from search shows the matches marked and the first one (in the hit's section)
 * scrolled to, without changing the document; the marks go when the person types or presses Escape.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText } from '../../../electron/shared/doc';
import { findSearchMatches, searchHighlightState, searchWords } from '../../../src/editor/extensions/searchHighlight';
import { sectionAt } from '../../../src/editor/extensions/section';
import { json, makeEditor, press, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const marks = () => [...editor!.view.dom.querySelectorAll('mark.search-match')].map((m) => m.textContent);
const current = () => editor!.view.dom.querySelector('mark.search-match--current[data-search-match="current"]');
const sam = { id: 'p-sam', name: 'Sam' };

function open(sections: Parameters<typeof docFromPlainText>[0], people: { id: string; name: string }[] = []): Editor {
  editor = makeEditor(docFromPlainText(sections, people));
  return editor;
}

describe('SearchHighlight', () => {
  it('marks every match, ignoring case and accents like the search index does', () => {
    open({ given: 'Made CRÈME brûlée for the crème lovers', note: 'creme again, and Creme' });
    expect(editor!.commands.setSearchHighlight({ terms: [{ text: 'creme', prefix: false }] })).toBe(true);
    expect(marks()).toEqual(['CRÈME', 'crème', 'creme', 'Creme']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'BRULEE', prefix: false }] });
    expect(marks()).toEqual(['brûlée']);
  });

  it('matches whole words, the starts of words for a prefix, and phrases only in order', () => {
    open({ given: 'A walk, then walking; walker sidewalk', received: 'long walk and a walk long' });
    editor!.commands.setSearchHighlight({ terms: [{ text: 'walk', prefix: false }] });
    expect(marks()).toEqual(['walk', 'walk', 'walk']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'walk', prefix: true }] });
    expect(marks()).toEqual(['walk', 'walking', 'walker', 'walk', 'walk']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'long walk', prefix: false }] });
    expect(marks()).toEqual(['long walk']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'a wal', prefix: true }] });
    expect(marks()).toEqual(['A walk', 'a walk']);
  });

  it('marks a mentioned person by name', () => {
    open({ received: 'Sam brought peonies' }, [sam]);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'sam', prefix: false }, { text: 'peonies', prefix: false }] });
    expect(marks()).toEqual(['Sam', 'peonies']);
  });

  it('scrolls to the first match in the hit’s section and puts the caret there', () => {
    const scrolled: Element[] = [];
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    open({ given: 'tea with Ana', received: 'tea from Sam', note: 'more tea' });
    editor!.commands.setSearchHighlight({ terms: [{ text: 'tea', prefix: false }], section: 'received' });
    expect(marks()).toEqual(['tea', 'tea', 'tea']);
    expect(current()?.closest('section[aria-label="Received"]')).not.toBeNull();
    expect(scrolled).toEqual([current()]);
    expect(sectionAt(editor!.state.selection.$from)).toBe('received');
    // Without a section (or none there) the first match in the entry is the one.
    editor!.commands.setSearchHighlight({ terms: [{ text: 'tea', prefix: false }], section: 'unsaid' });
    expect(current()?.closest('section[aria-label="Given"]')).not.toBeNull();
  });

  it('never changes the document, so nothing is saved and nothing can be undone', () => {
    open({ given: 'peonies and peonies' });
    const before = json(editor!);
    const onUpdate = vi.fn();
    editor!.on('update', onUpdate);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'peonies', prefix: false }] });
    editor!.commands.clearSearchHighlight();
    editor!.commands.setSearchHighlight({ terms: [{ text: 'peonies', prefix: false }] });
    expect(onUpdate).not.toHaveBeenCalled();
    expect(json(editor!)).toEqual(before);
    expect(JSON.stringify(editor!.getJSON())).not.toContain('search-match');
    expect(editor!.can().undo()).toBe(false);
  });

  it('clears the marks when the person types', () => {
    open({ given: 'peonies' });
    editor!.commands.setSearchHighlight({ terms: [{ text: 'peonies', prefix: false }] });
    expect(marks()).toHaveLength(1);
    type(editor!, 'x');
    expect(marks()).toEqual([]);
    expect(searchHighlightState(editor!.state).matches).toEqual([]);
  });

  it('clears the marks on Escape, and lets Escape through when there are none', () => {
    open({ given: 'peonies' });
    editor!.commands.setSearchHighlight({ terms: [{ text: 'peonies', prefix: false }] });
    expect(press(editor!, 'Escape')).toBe(true);
    expect(marks()).toEqual([]);
    expect(press(editor!, 'Escape')).toBe(false);
    expect(editor!.commands.clearSearchHighlight()).toBe(false);
  });

  it('marks nothing, and says so, when nothing matches or the terms have no words', () => {
    open({ given: 'peonies' });
    expect(editor!.commands.setSearchHighlight({ terms: [{ text: 'tulips', prefix: false }] })).toBe(false);
    expect(editor!.commands.setSearchHighlight({ terms: [{ text: '"*()', prefix: true }] })).toBe(false);
    expect(marks()).toEqual([]);
  });

  it('marks Chinese, Japanese, Korean and Thai terms inside runs of those scripts, character by character', () => {
    open({
      given: '我们在台北回家吃饭，台北很热。',
      received: '東京でラーメンを食べた。とうきょうタワーも見た',
      unsaid: '서울에서 한국어를 배웠다',
      note: 'ไปเที่ยวเชียงใหม่กับแม่',
    });
    editor!.commands.setSearchHighlight({ terms: [{ text: '台北', prefix: false }] });
    expect(marks()).toEqual(['台北', '台北']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'ラーメン', prefix: false }] });
    expect(marks()).toEqual(['ラーメン']);
    editor!.commands.setSearchHighlight({ terms: [{ text: '東京', prefix: false }, { text: 'タワー', prefix: false }] });
    expect(marks()).toEqual(['東京', 'タワー']);
    editor!.commands.setSearchHighlight({ terms: [{ text: '한국', prefix: false }] });
    expect(marks()).toEqual(['한국']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'เชียงใหม่', prefix: false }] });
    expect(marks()).toEqual(['เชียงใหม่']);
    // In order only: 北台 is not 台北.
    expect(editor!.commands.setSearchHighlight({ terms: [{ text: '北台', prefix: false }] })).toBe(false);
  });

  it('keeps Latin words whole next to those scripts', () => {
    open({ given: 'iPhone手机 and phones, 台北walk' });
    editor!.commands.setSearchHighlight({ terms: [{ text: 'phone', prefix: false }] });
    expect(marks()).toEqual([]);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'iphone', prefix: false }, { text: '手机', prefix: false }] });
    expect(marks()).toEqual(['iPhone手机']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'walk', prefix: false }] });
    expect(marks()).toEqual(['walk']);
    editor!.commands.setSearchHighlight({ terms: [{ text: 'phone', prefix: true }] });
    expect(marks()).toEqual(['phones']);
  });

  it('puts markup-looking text in marks as text, never as elements', () => {
    open({ note: 'look <img src=x onerror=alert(1)> here' });
    editor!.commands.setSearchHighlight({ terms: [{ text: 'img src', prefix: false }] });
    expect(marks()).toEqual(['img src']);
    expect(editor!.view.dom.querySelector('img')).toBeNull();
  });
});

describe('searchWords', () => {
  it('splits unspaced scripts into characters and folds Latin as the index does', () => {
    expect(searchWords('台北')).toEqual(['台', '北']);
    expect(searchWords('Crème 東京タワー')).toEqual(['creme', '東', '京', 'タ', 'ワ', 'ー']);
    expect(searchWords('iPhone手机')).toEqual(['iphone', '手', '机']);
  });
});

describe('findSearchMatches', () => {
  it('joins overlapping matches into one', () => {
    open({ given: 'long walk home' });
    const found = findSearchMatches(editor!.state.doc, [
      { text: 'long walk', prefix: false },
      { text: 'walk home', prefix: false },
    ]);
    expect(found).toHaveLength(1);
    expect(editor!.state.doc.textBetween(found[0]!.from, found[0]!.to)).toBe('long walk home');
  });
});
