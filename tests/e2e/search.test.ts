/**
 * Search in the browser, over a small journal built through the API with known dates, people,
 * parts and words: every filter of the query language finds exactly the right entries; the query
 * shows as chips and removing one changes the results; Ctrl+K reaches the box from the composer
 * and from inside Search; arrow keys and Enter open a result; the opened entry has the match
 * marked and scrolled into view; hostile text stays text; Search with results passes axe in the
 * light and the dark theme. Nothing leaves loopback and no console error appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Person } from '../../electron/shared/contract';
import { docFromPlainText } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, type Harness } from './support';

let h: Harness;
const id: Record<'dawn' | 'soup' | 'boxes' | 'quiet' | 'hostile' | 'long', string> = { dawn: '', soup: '', boxes: '', quiet: '', hostile: '', long: '' };
const dialogs: string[] = [];

const box = () => h.page.getByRole('searchbox', { name: 'Search your journal' });
const results = () => h.page.getByRole('list', { name: 'Results' });

/** Opens Search with Ctrl+K, types the query and returns the entries shown, in order. */
async function searchFor(q: string): Promise<string[]> {
  const { page } = h;
  await page.keyboard.press('Control+k');
  await box().fill(q);
  await page.locator(`.search-results-area[data-results-for="${q.trim().replaceAll('"', '\\"')}"]`).waitFor();
  return shownIds();
}

function shownIds(): Promise<string[]> {
  return h.page.locator('.search-results button.search-hit').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-id') ?? ''));
}

const sorted = (a: string[]) => [...a].sort();

beforeAll(async () => {
  h = await openHarness();
  h.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await createJournal(h.page);
  const sam = (await call(h, 'people.upsert', { name: 'Sam', kind: 'friend' })) as Person;
  const ana = (await call(h, 'people.upsert', { name: 'Ana Lucía', kind: 'family' })) as Person;
  const jo = (await call(h, 'people.upsert', { name: 'Jo', kind: 'professional' })) as Person;
  const create = async (date: string, texts: Parameters<typeof docFromPlainText>[0], people: Person[] = []) =>
    ((await call(h, 'entries.create', { date, doc: docFromPlainText(texts, people) })) as Entry).id;
  id.dawn = await create('2026-01-05', { given: 'Drove Sam to the station at dawn', received: 'Sam brought peonies from the market', unsaid: 'Thank Sam for the long walk' }, [sam]);
  id.soup = await create('2026-02-10', { given: 'Cooked soup for Ana Lucía', received: 'A long walk by the river', note: 'Crème brûlée and green tea' }, [ana]);
  id.boxes = await create('2026-03-15', { given: 'Helped Jo move boxes', received: 'Jo made tea and listened', note: 'Sam walked the long way round' }, [sam, jo]);
  id.quiet = await create('2026-04-20', { given: 'Wrote cards for the neighbours', note: 'A quiet morning walk, long and slow, with tea and work emails' });
  id.hostile = await create('2026-05-25', { note: 'Pasted <img src=x onerror=alert(1)> and <script>window.__pwned=1</script> beside the marigold seeds' });
  const filler = Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of an ordinary day, nothing to find here.`).join('\n');
  id.long = await create('2026-06-01', { given: filler, received: filler, note: 'At the end of the evening we saw the lighthouse from the cliff' });
});

afterAll(async () => {
  await h?.close();
});

describe('search finds exactly the right entries', () => {
  it('opens with Ctrl+K from the composer, with the box focused', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await page.getByRole('region', { name: 'Given', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Entry text' }).click();
    await page.keyboard.press('Control+k');
    await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
    expect(await box().evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it.each([
    ['peonies', ['dawn']],
    ['PÉONIES', ['dawn']],
    ['tea', ['soup', 'boxes', 'quiet']],
    ['person:Sam', ['dawn', 'boxes']],
    ['person:"Ana Lucía"', ['soup']],
    ['person:Sam tea', ['boxes']],
    ['tea in:received', ['boxes']],
    ['tea in:note', ['soup', 'quiet']],
    ['walk in:unsaid', ['dawn']],
    ['walk in:given', []],
    ['tea before:2026-03-01', ['soup']],
    ['tea after:2026-03-01', ['boxes', 'quiet']],
    ['tea after:2026-03-15 before:2026-03-15', ['boxes']],
    ['long walk', ['dawn', 'soup', 'quiet']],
    ['"long walk"', ['dawn', 'soup']],
    ['tea -work', ['soup', 'boxes']],
    ['walk', ['dawn', 'soup', 'quiet']],
    ['walk*', ['dawn', 'soup', 'boxes', 'quiet']],
    ['creme brulee', ['soup']],
  ] as const)('%s', async (q, expected) => {
    const shown = await searchFor(q);
    expect(sorted(shown)).toEqual(sorted(expected.map((k) => id[k])));
    if (expected.length === 0) expect(await h.page.getByRole('status').filter({ hasText: 'Nothing found' }).count()).toBe(1);
  });

  it('sorts by newest first when asked', async () => {
    const { page } = h;
    await searchFor('tea');
    await page.getByRole('group', { name: 'Sort by' }).getByLabel('Newest first').check();
    await page.locator('.search-results-area[data-results-for="tea"][data-results-sort="newest"]').waitFor();
    expect(await shownIds()).toEqual([id.quiet, id.boxes, id.soup]);
    expect(await page.getByRole('status').filter({ hasText: '3 entries found' }).count()).toBe(1);
    await page.getByRole('group', { name: 'Sort by' }).getByLabel('Best match').check();
    await page.locator('.search-results-area[data-results-for="tea"][data-results-sort="best"]').waitFor();
  });

  it('shows a friendly hint, not an error, for what it cannot use', async () => {
    const { page } = h;
    await searchFor('t* in:yesterday');
    const status = await page.locator('.search-status').textContent();
    expect(status).toMatch(/too short/);
    expect(status).toMatch(/not a part of an entry/);
    expect(await page.getByRole('alert').count()).toBe(0);
    await searchFor('person:Nobody tea');
    expect(await page.locator('.search-status').textContent()).toMatch(/No one called “Nobody”/);
  });
});

describe('the query as chips', () => {
  it('shows each part as a chip; removing one edits the query and changes the results', async () => {
    const { page } = h;
    expect(sorted(await searchFor('tea in:note -work'))).toEqual([id.soup]);
    const chips = page.getByRole('list', { name: 'Your search' });
    expect(await chips.getByRole('listitem').allTextContents()).toEqual(['In Note×', 'tea×', 'Without work×']);
    await chips.getByRole('button', { name: 'Remove in Note' }).click();
    expect(await box().inputValue()).toBe('tea -work');
    await page.locator('.search-results-area[data-results-for="tea -work"]').waitFor();
    expect(sorted(await shownIds())).toEqual(sorted([id.soup, id.boxes]));
    await chips.getByRole('button', { name: 'Remove without work' }).click();
    expect(await box().inputValue()).toBe('tea');
    await page.locator('.search-results-area[data-results-for="tea"]').waitFor();
    expect(sorted(await shownIds())).toEqual(sorted([id.soup, id.boxes, id.quiet]));
    // Focus goes back to the box, ready for more typing.
    expect(await box().evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('chips for a person, dates, a phrase and a prefix', async () => {
    const { page } = h;
    await searchFor('person:Sam after:2026-01-01 before:2026-12-31 "long walk" wal*');
    const names = await page.getByRole('list', { name: 'Your search' }).getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(names).toEqual(['Remove person Sam', expect.stringMatching(/^Remove from .*2026/), expect.stringMatching(/^Remove until .*2026/), 'Remove the phrase long walk', 'Remove words starting with wal']);
    expect(await shownIds()).toEqual([id.dawn]);
  });
});

describe('opening a result', () => {
  it('moves through results with the arrow keys and opens one with Enter', async () => {
    const { page } = h;
    await searchFor('tea');
    await page.getByRole('group', { name: 'Sort by' }).getByLabel('Newest first').check();
    await page.locator('.search-results-area[data-results-sort="newest"]').waitFor();
    await box().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-entry-id'))).toBe(id.boxes);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await box().evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-entry-id'))).toBe(id.soup);
    // Ctrl+K from a result goes back to the box.
    await page.keyboard.press('Control+k');
    expect(await box().evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Received', exact: true }).waitFor();
    const marks = page.locator('.composer-editor mark.search-match');
    await marks.first().waitFor();
    expect(await marks.allTextContents()).toEqual(['tea']);
    expect(await page.locator('.composer-editor mark[data-search-match="current"]').evaluate((el) => el.closest('section[aria-label]')?.getAttribute('aria-label'))).toBe(
      'Received',
    );
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await box().inputValue()).toBe('tea');
    await page.locator('.search-results-area[data-results-for="tea"]').waitFor();
  });

  it('opens a long entry scrolled to the match, marked, and clears the marks on Escape without saving', async () => {
    const { page } = h;
    const before = (await call(h, 'entries.get', { id: id.long })) as Entry;
    await searchFor('lighthouse');
    await page.locator(`.search-results button.search-hit[data-entry-id="${id.long}"]`).click();
    const current = page.locator('.composer-editor mark.search-match--current');
    await current.waitFor();
    expect(await current.textContent()).toBe('lighthouse');
    expect(await current.evaluate((el) => el.closest('section[aria-label]')?.getAttribute('aria-label'))).toBe('Note');
    // Scrolled into view: the page would otherwise show the start of Given.
    await page.waitForFunction(() => {
      const r = document.querySelector('.composer-editor mark.search-match--current')?.getBoundingClientRect();
      return r !== undefined && r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    });
    expect(await page.getByText('Words from your search are marked.').count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await page.locator('.composer-editor mark.search-match').count()).toBe(0);
    expect(await page.getByText('Words from your search are marked.').count()).toBe(0);
    // The marks were never part of the entry: nothing was saved, not even when the composer is
    // left (leaving saves whatever is unsaved, so any save would have been sent by then).
    const saves: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (/\/api\/entries\.(save|create)$/.test(request.url())) saves.push(request.url());
    };
    page.on('request', onRequest);
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
    await page.locator('.journal-row .journal-open').first().waitFor();
    page.off('request', onRequest);
    expect(saves).toEqual([]);
    const after = (await call(h, 'entries.get', { id: id.long })) as Entry;
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.doc).toEqual(before.doc);
  });

  it('clears the marks when the person starts typing', async () => {
    const { page } = h;
    await searchFor('peonies');
    await page.locator('.search-results button.search-hit').first().click();
    await page.locator('.composer-editor mark.search-match').first().waitFor();
    await page.keyboard.type('Fresh ');
    expect(await page.locator('.composer-editor mark.search-match').count()).toBe(0);
    await page.getByText('Saved').waitFor();
    const entry = (await call(h, 'entries.get', { id: id.dawn })) as Entry;
    expect(JSON.stringify(entry.doc)).toContain('Fresh peonies');
  });
});

describe('safety and accessibility', () => {
  it('shows hostile text in an entry as text in snippets; nothing runs', async () => {
    const { page } = h;
    await searchFor('marigold');
    const hit = page.locator(`.search-results button.search-hit[data-entry-id="${id.hostile}"]`);
    expect(await hit.locator('.snippet').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await hit.locator('.snippet').textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await results().locator('img, script').count()).toBe(0);
    await searchFor('img onerror');
    expect(await results().locator('img, script').count()).toBe(0);
    expect(await results().locator('mark').allTextContents()).toEqual(expect.arrayContaining(['img', 'onerror']));
    await hit.click();
    await page.locator('.composer-editor mark.search-match').first().waitFor();
    expect(await page.locator('.composer-editor img, .composer-editor script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('Search with results and chips passes axe in the light and the dark theme', async () => {
    const { page } = h;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await searchFor('tea -work person:Sam');
      await results().waitFor();
      expect(await axeViolations(page), `search results, ${scheme}`).toEqual([]);
      await searchFor('');
      await page.getByRole('heading', { name: 'Ways to search' }).waitFor();
      expect(await axeViolations(page), `search tips, ${scheme}`).toEqual([]);
      await searchFor('lighthouse');
      await page.locator('.search-results button.search-hit').first().click();
      await page.locator('.composer-editor mark.search-match').first().waitFor();
      expect(await axeViolations(page), `entry with marks, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('sent nothing off loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
