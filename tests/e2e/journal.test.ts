/**
 * The journal as a person reads it, in the browser: the page scrolls as a whole (the list is
 * virtualized against the window, not a small box); each row is told apart by its time of day,
 * its title (never a bare link) and its tags, and is one Tab stop; the tags are listed in one
 * place, searchable and renamable; at 800×600 the top bar stays one row (the views fold into a
 * Menu button) and search results get the height; search offers "Did you mean …?". Every screen
 * passes axe in both themes at 800×600.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Person, TagSummary } from '../../electron/shared/contract';
import { docFromPlainText, type DocNode, type EntryDoc } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, unlock, type Harness } from './support';

let h: Harness;
let today = '';
const OLD_ENTRIES = 120;

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A document with tags at the end of its note (#travel). */
function withTags(doc: EntryDoc, tags: string[]): EntryDoc {
  const copy = structuredClone(doc);
  const note = copy.content[3]!;
  const tagNodes: DocNode[] = tags.flatMap((label) => [{ type: 'text', text: ' ' }, { type: 'tag', attrs: { label } }]);
  const first = note.content?.[0];
  if (first && first.type === 'paragraph') first.content = [...(first.content ?? []), ...tagNodes];
  else note.content = [{ type: 'paragraph', content: tagNodes.slice(1) }];
  return copy;
}

const list = () => h.page.getByRole('list', { name: 'Entries, newest first' });
const rowWith = (text: string) => h.page.locator('.journal-row').filter({ hasText: text });

/** Goes to a view from the top bar, or from its Menu where the window is narrow. */
async function go(name: string): Promise<void> {
  const { page } = h;
  const menu = page.getByRole('button', { name: /^Menu/ });
  if (await menu.isVisible()) {
    await menu.click();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name, exact: true }).click();
  } else {
    await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('button', { name, exact: true }).click();
  }
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

async function openJournal(): Promise<void> {
  const { page } = h;
  await go('Journal');
  await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
  const listButton = page.getByRole('group', { name: 'Show the journal as' }).getByRole('button', { name: 'List' });
  if ((await listButton.getAttribute('aria-pressed')) !== 'true') await listButton.click();
  await list().locator('.journal-open').first().waitFor();
}

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  today = await h.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const ana = (await call(h, 'people.upsert', { name: 'Ana', kind: 'friend' })) as Person;
  const create = (date: string, doc: EntryDoc) => call(h, 'entries.create', { date, doc }) as Promise<Entry>;
  for (let i = 1; i <= OLD_ENTRIES; i++) await create(shift(today, -i - 1), docFromPlainText({ note: `An ordinary day, number ${i}` }));
  await create(shift(today, -1), withTags(docFromPlainText({ note: 'Packed for the coast' }), ['travel']));
  await create(shift(today, -1), withTags(docFromPlainText({ note: 'Booked the night train' }), ['travel', 'trip']));
  await create(shift(today, -1), withTags(docFromPlainText({ note: 'Brought peonies for Ana' }, [ana]), ['trip']));
  // Written today, so with a time of day: a bare link first, then the words that are its title.
  await create(today, docFromPlainText({ note: 'https://example.com/article\nTea with Ana on the balcony' }, [ana]));
  await create(today, docFromPlainText({ given: 'Fixed the bike for the neighbour' }));
});

afterAll(async () => {
  await h?.close();
});

describe('the journal list', () => {
  it('scrolls with the page, not inside a box, down to the first entry ever written', async () => {
    const { page } = h;
    await openJournal();
    // No box between the list and the page scrolls by itself.
    const boxes = await list().evaluate((el) => {
      const found: string[] = [];
      for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
        const overflow = getComputedStyle(node).overflowY;
        if (overflow === 'auto' || overflow === 'scroll') found.push(node.className || node.tagName);
      }
      return found;
    });
    expect(boxes).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 5)).toBe(true);
    // Only the rows near the view are in the page.
    expect(await page.locator('.journal-row').count()).toBeLessThan(40);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await rowWith(`An ordinary day, number ${OLD_ENTRIES}`).waitFor();
    // The top bar stays at the top while the page scrolls.
    expect(await page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().top)).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('tells entries apart: time of day and title (never the bare link), people and tag chips', async () => {
    await openJournal();
    const tea = rowWith('Tea with Ana on the balcony');
    const text = (await tea.textContent()) ?? '';
    expect(text).toMatch(/ · \d{2}:\d{2}/);
    expect(text).not.toContain('https://');
    expect(await tea.locator('.journal-title').textContent()).toBe('Tea with Ana on the balcony');
    expect(text).toContain('With Ana');
    expect(await rowWith('Booked the night train').locator('.tag-chip').allTextContents()).toEqual(['#travel', '#trip']);
    // Written on another day: no time to show, the title still there.
    expect(await rowWith('Packed for the coast').locator('.journal-time').count()).toBe(0);
  });

  it('makes each row one Tab stop; the arrow keys move between rows too', async () => {
    const { page } = h;
    await openJournal();
    const rows = list().locator('.journal-open');
    await rows.nth(0).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset'))).toBe('2');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('journal-open'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset'))).toBe('3');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset'))).toBe('1');
    // The row's menu opens from the keyboard, and Escape brings focus back to the row.
    await page.keyboard.press('Shift+F10');
    const menu = list().getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Open', 'Delete…']);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset'))).toBe('1');
  });
});

describe('tags in one place', () => {
  it('lists every tag with how many entries carry it, and choosing one searches for it', async () => {
    const { page } = h;
    await openJournal();
    await page.getByRole('button', { name: 'Tags', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Tags', exact: true });
    const rows = panel.getByRole('listitem');
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual(['#travel2 entriesRename', '#trip2 entriesRename']);
    expect(await axeViolations(page), 'tags panel').toEqual([]);
    await panel.getByRole('button', { name: '#travel, find its entries' }).click();
    await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search your journal' }).inputValue()).toBe('tag:travel');
    await page.locator('.search-results-area[data-results-for="tag:travel"]').waitFor();
    expect(await page.getByRole('list', { name: 'Results' }).getByRole('listitem').count()).toBe(2);
    expect(await page.getByRole('list', { name: 'Your search' }).getByRole('listitem').allTextContents()).toEqual(['#travel×']);
  });

  it('renames a tag inline, and renaming into another tag joins them after saying so', async () => {
    const { page } = h;
    await openJournal();
    await page.getByRole('button', { name: 'Tags', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Tags', exact: true });
    await panel.getByRole('button', { name: 'Rename' }).nth(1).click();
    const field = panel.getByLabel('New name for #trip');
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill('travel');
    await panel.getByText('#travel already exists: renaming joins the two').waitFor();
    await panel.getByRole('button', { name: 'Join them' }).click();
    await panel.getByRole('status').filter({ hasText: '#trip joined #travel' }).waitFor();
    await expect.poll(async () => ((await call(h, 'tags.list', {})) as TagSummary[]).map((t) => [t.name, t.entries])).toEqual([['travel', 3]]);
    await expect.poll(() => panel.getByRole('listitem').allTextContents()).toEqual(['#travel3 entriesRename']);
    // The rows show it too, without a reload.
    await rowWith('Brought peonies for Ana').locator('.tag-chip', { hasText: '#travel' }).waitFor();
    expect(await rowWith('Booked the night train').locator('.tag-chip').allTextContents()).toEqual(['#travel']);
  });
});

describe('search', () => {
  it('offers "Did you mean …?" when nothing is found, and runs the corrected query', async () => {
    const { page } = h;
    await page.keyboard.press('Control+k');
    const box = page.getByRole('searchbox', { name: 'Search your journal' });
    await box.fill('peonys');
    await page.locator('.search-results-area[data-results-for="peonys"]').waitFor();
    const suggestion = page.getByRole('button', { name: 'Search for peonies' });
    await suggestion.waitFor();
    expect(await page.locator('.search-suggestion').textContent()).toBe('Did you mean peonies?');
    await suggestion.click();
    await page.locator('.search-results-area[data-results-for="peonies"]').waitFor();
    expect(await box.inputValue()).toBe('peonies');
    expect(await page.getByRole('list', { name: 'Results' }).getByRole('listitem').count()).toBe(1);
  });
});

describe('at 800×600', () => {
  it('keeps the top bar one row, with the views behind a Menu button', async () => {
    const { page } = h;
    await page.setViewportSize({ width: 800, height: 600 });
    const menuButton = page.getByRole('button', { name: /^Menu/ });
    await openJournal();
    const bar = page.locator('.topbar');
    expect(await bar.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(64);
    const tops = await bar.evaluate((el) => [...el.children].filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)));
    expect(new Set(tops).size).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main', exact: true }).count()).toBe(0);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await menuButton.click();
    const people = page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'People', exact: true });
    await people.waitFor();
    // The keyboard lands on the view shown now.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-current') === 'page' && document.activeElement.textContent === 'Journal');
    await people.click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    // Escape closes the menu and returns to its button.
    await menuButton.click();
    await page.keyboard.press('Escape');
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await menuButton.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('gives search results the height of the window', async () => {
    const { page } = h;
    await page.keyboard.press('Control+k');
    await page.getByRole('searchbox', { name: 'Search your journal' }).fill('ordinary');
    await page.locator('.search-results-area[data-results-for="ordinary"]').waitFor();
    const top = await page.locator('.search-results').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(600 * 0.45);
    // Several results fit in view at once.
    const visible = await page.locator('.search-hit').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length);
    expect(visible).toBeGreaterThanOrEqual(3);
  });

  it('every screen passes axe in the light and the dark theme', async () => {
    const { page } = h;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await go('Journal');
      await list().locator('.journal-open').first().waitFor();
      expect(await axeViolations(page), `journal, ${scheme}`).toEqual([]);
      await page.getByRole('button', { name: /^Menu/ }).click();
      expect(await axeViolations(page), `menu open, ${scheme}`).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('group', { name: 'Show the journal as' }).getByRole('button', { name: 'Calendar' }).click();
      await page.locator('.calendar[aria-busy="false"]').waitFor();
      expect(await axeViolations(page), `calendar, ${scheme}`).toEqual([]);
      await page.getByRole('group', { name: 'Show the journal as' }).getByRole('button', { name: 'List' }).click();
      await go('Look back');
      await page.getByRole('heading', { name: 'Still unsaid', level: 2 }).waitFor();
      expect(await axeViolations(page), `look back, ${scheme}`).toEqual([]);
      await go('People');
      await page.getByRole('list', { name: 'People', exact: true }).waitFor();
      expect(await axeViolations(page), `people, ${scheme}`).toEqual([]);
      await page.getByRole('list', { name: 'People', exact: true }).getByRole('button', { name: 'Ana', exact: true }).click();
      await page.getByRole('figure', { name: /Rhythm with Ana/ }).waitFor();
      expect(await axeViolations(page), `person page, ${scheme}`).toEqual([]);
      await go('Search');
      await page.getByRole('searchbox', { name: 'Search your journal' }).fill('peonys');
      await page.getByRole('button', { name: 'Search for peonies' }).waitFor();
      expect(await axeViolations(page), `search suggestion, ${scheme}`).toEqual([]);
      await go('Settings');
      expect(await axeViolations(page), `settings, ${scheme}`).toEqual([]);
      await page.getByRole('button', { name: 'New entry' }).click();
      await page.getByRole('region', { name: 'Given', exact: true }).waitFor();
      expect(await axeViolations(page), `new entry, ${scheme}`).toEqual([]);
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
      expect(await axeViolations(page), `unlock, ${scheme}`).toEqual([]);
      await unlock(page);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
