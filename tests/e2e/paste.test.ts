/**
 * Pasting hostile HTML into an entry runs nothing and keeps no unsafe link — on screen, in the
 * saved document, and after it is opened again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './call';
import { createJournal, openHarness, type Harness } from './support';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
});

afterAll(async () => {
  await h?.close();
});

const HOSTILE = [
  '<p>Kind words <b>in bold</b></p>',
  '<img src="x" onerror="window.__pwned = (window.__pwned || 0) + 1">',
  '<script>window.__pwned = (window.__pwned || 0) + 1</script>',
  '<a href="javascript:window.__pwned=(window.__pwned||0)+1">a sneaky link</a>',
  '<a href="JaVaScRiPt&colon;window.__pwned=1">another</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  '<a href="https://example.org/ok">a fine link</a>',
  '<svg><animate onbegin="window.__pwned=1" attributeName="x"/></svg>',
  '<iframe src="javascript:window.parent.__pwned=1"></iframe>',
  '<p style="background:url(javascript:alert(1))" onclick="window.__pwned=1">styled</p>',
].join('');

describe('pasting hostile HTML', () => {
  it('runs nothing and keeps only safe links', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    const note = page.getByRole('region', { name: 'Note', exact: true });
    // The new entry focuses Given by itself first; click into Note once it has.
    await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
    await note.locator('p:not(.entry-section__prompt)').first().click();
    // The editor has taken the caret into Note (its own selection, which follows the page's a
    // moment after a click: a paste handled before that would land where the caret was).
    await page.waitForFunction(() => {
      type Sel = { $from: { depth: number; node(depth: number): { type: { name: string }; attrs: Record<string, unknown> } } };
      const dom = document.querySelector('.composer-editor .ProseMirror') as (Element & { editor?: { state: { selection: Sel } } }) | null;
      const $from = dom?.editor?.state.selection.$from;
      if (!$from) return false;
      for (let d = $from.depth; d >= 0; d--) if ($from.node(d).type.name === 'section') return $from.node(d).attrs.kind === 'note';
      return false;
    });
    await page.evaluate((html) => {
      const target = document.activeElement ?? document.querySelector('.composer-editor [contenteditable="true"]');
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Kind words in bold');
      target!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, HOSTILE);
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
    // A planted click handler would run during the click itself; the caret landing in the word
    // is what the person sees once the click is over.
    await note.getByText('styled').click({ timeout: 2_000 });
    await page.waitForFunction(() => {
      const node = window.getSelection()?.anchorNode ?? null;
      return node?.textContent?.includes('styled') === true;
    });

    expect(await note.textContent()).toContain('Kind words');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The entry's text, not the toolbar around it (its Add photo icon is an svg of the app's own).
    const editor = page.locator('.composer-editor .ProseMirror');
    expect(await editor.locator('script, iframe, img, svg, object, embed').count()).toBe(0);
    // The <img> pointed elsewhere: it is not fetched, and the person is told so.
    await page.getByRole('alert').filter({ hasText: 'A picture in what you pasted was left out' }).waitFor();
    expect(await editor.locator('[onerror], [onclick], [onbegin], [style*="javascript"]').count()).toBe(0);
    const hrefs = await editor.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/i);

    // The saved document holds no unsafe link either.
    const list = await call(h, 'entries.list', { limit: 1 });
    const entry = await call(h, 'entries.get', { id: (list as { items: { id: string }[] }).items[0]!.id });
    const json = JSON.stringify(entry);
    expect(json).not.toMatch(/javascript:|onerror|<script|data:text/i);
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
