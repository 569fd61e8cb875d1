/**
 * People in numbers and in rhythm, in the browser: with sixty-odd people the list scrolls with the
 * page (virtualized against the window, like the Journal), never inside a box of its own, down to
 * the last person, shown whole; and a person's page says in one sentence how its rhythm counts —
 * a part of an entry counts for the people it mentions, a part that mentions no one for everyone in
 * the entry — and the figures it shows follow that sentence.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../electron/shared/contract';
import { docFromPlainText } from '../../electron/shared/doc';
import { call } from './call';
import { createJournal, openHarness, type Harness } from './support';

let h: Harness;
let today = '';
const NEIGHBOURS = 60;
const LAST = `Neighbour ${String(NEIGHBOURS).padStart(2, '0')}`;
const RULE = 'A part of an entry counts for the people it mentions; a part that mentions no one counts for everyone in that entry.';

const peopleList = () => h.page.getByRole('list', { name: 'People', exact: true });
const rowOf = (name: string) => peopleList().getByRole('listitem').filter({ has: h.page.getByRole('button', { name, exact: true }) });

async function openPeople(): Promise<void> {
  await h.page.getByRole('button', { name: 'People', exact: true }).click();
  await h.page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await peopleList().locator('.person-open').first().waitFor();
}

/** The person's page, with its rhythm drawn and its table of figures. */
async function openRhythm(name: string): Promise<Locator> {
  await h.page.evaluate(() => window.scrollTo(0, 0));
  await openPeople();
  await rowOf(name).getByRole('button', { name, exact: true }).click();
  await h.page.getByRole('heading', { name, level: 1 }).waitFor();
  const figure = h.page.getByRole('figure', { name: `Rhythm with ${name} over the last 12 months` });
  await figure.locator('table tbody tr').first().waitFor();
  return figure;
}

/** The rhythm's table, month by month (oldest first): [given, received]. */
async function figures(figure: Locator): Promise<[string, string][]> {
  return figure.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
      return [cells[0] ?? '', cells[1] ?? ''] as [string, string];
    }),
  );
}

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  today = await h.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  for (let i = 1; i <= NEIGHBOURS; i++) await call(h, 'people.upsert', { name: `Neighbour ${String(i).padStart(2, '0')}`, kind: 'other' });
  const maya = (await call(h, 'people.upsert', { name: 'Maya', kind: 'friend' })) as Person;
  const ana = (await call(h, 'people.upsert', { name: 'Ana', kind: 'friend' })) as Person;
  const create = (texts: Parameters<typeof docFromPlainText>[0], who: Person[]) => call(h, 'entries.create', { date: today, doc: docFromPlainText(texts, who) });
  // Maya only in Given; Received has words and mentions no one, so it is about Maya too.
  await create({ given: 'Helped Maya carry the sofa upstairs', received: 'She made soup for both of us afterwards' }, [maya]);
  // Maya in Given, Ana in Received: that Received is about Ana only.
  await create({ given: 'Drove Maya to the airport', received: 'Ana lent me her bike for the week' }, [maya, ana]);
});

afterAll(async () => {
  await h?.close();
});

describe('the people list with many people', () => {
  it('scrolls with the page, not inside a box, down to the last person, shown whole', async () => {
    const { page } = h;
    await openPeople();
    // Neither the list nor any box between it and the page scrolls by itself.
    const boxes = await peopleList().evaluate((el) => {
      const found: string[] = [];
      for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
        const overflow = getComputedStyle(node).overflowY;
        if (overflow === 'auto' || overflow === 'scroll') found.push(node.className || node.tagName);
        if (node.scrollHeight > node.clientHeight + 1 && overflow !== 'visible') found.push(`${node.className || node.tagName} (clipped)`);
      }
      return found;
    });
    expect(boxes).toEqual([]);
    // The page is what scrolls: the list is far taller than the window.
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 3)).toBe(true);
    // Only the rows near the view are in the page.
    expect(await peopleList().getByRole('listitem').count()).toBeLessThan(40);
    expect(await peopleList().getByRole('listitem').first().getAttribute('aria-setsize')).toBe(String(NEIGHBOURS + 2));

    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = rowOf(LAST);
    await last.waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await last.getAttribute('aria-posinset')).toBe(String(NEIGHBOURS + 2));
    // Whole: below the top bar (which stays on top of the page) and above the window's foot.
    const seen = await last.evaluate((row) => {
      const r = row.getBoundingClientRect();
      const bar = document.querySelector('.topbar')!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, barBottom: bar.bottom, barTop: bar.top, height: window.innerHeight };
    });
    expect(seen.barTop).toBe(0);
    expect(seen.top).toBeGreaterThanOrEqual(seen.barBottom);
    expect(seen.bottom).toBeLessThanOrEqual(seen.height);
    // And reachable: it opens.
    await last.getByRole('button', { name: LAST, exact: true }).click();
    await page.getByRole('heading', { name: LAST, level: 1 }).waitFor();
  });
});

describe('a person’s rhythm', () => {
  it('says in one sentence how it counts, and counts that way: words in Received about no one count for Maya', async () => {
    const maya = await openRhythm('Maya');
    const how = maya.locator('.rhythm-how');
    expect(await how.count()).toBe(1);
    expect((await how.textContent())?.trim()).toBe(RULE);
    const months = await figures(maya);
    expect(months).toHaveLength(12);
    // This month (the last row): in Given twice; in Received once — the soup, not Ana's bike.
    expect(months.at(-1)).toEqual(['2', '1']);
    expect(months.slice(0, -1).every(([given, received]) => given === '0' && received === '0')).toBe(true);

    const ana = await openRhythm('Ana');
    expect((await ana.locator('.rhythm-how').textContent())?.trim()).toBe(RULE);
    // Ana is only in the second entry's Received; its Given mentions Maya, so it is not about Ana.
    expect((await figures(ana)).at(-1)).toEqual(['0', '1']);
    expect(h.consoleErrors).toEqual([]);
  });
});
