/**
 * Review in the browser: the journal calendar marks the days written and opens them (by mouse and
 * by keyboard, with a choice when a day holds several entries); "on this day" shows an entry from
 * a year ago; the weekly look back gathers the week's people with their passages, nudges to check
 * in about a detail whose remind-on date is near, and marks an unsaid item said — which changes
 * the entry. The calendar and the look back pass axe in the light and the dark theme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Person } from '../../electron/shared/contract';
import { docFromPlainText, unsaidItemsOf } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, type Harness } from './support';

let h: Harness;

/** Calendar days relative to the browser's today, computed the way the app does (UTC arithmetic on YYYY-MM-DD). */
function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let today = '';
let twoDaysAgo = '';
let longAgo = '';
const ids: { single: string; todayFirst: string; todaySecond: string; longAgo: string; sam: string; earlier: string; both: string } = {
  single: '',
  todayFirst: '',
  todaySecond: '',
  longAgo: '',
  sam: '',
  earlier: '',
  both: '',
};

/** The accessible name the calendar gives a day, formatted by the page's own Intl (its locale). */
function dayName(date: string, count: string): Promise<string> {
  return h.page.evaluate(
    ([d, c]) => `${new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`))}, ${c}`,
    [date, count] as const,
  );
}

const given = () => h.page.getByRole('region', { name: 'Given', exact: true });

async function openJournalCalendar(): Promise<void> {
  const { page } = h;
  await page.getByRole('button', { name: 'Journal', exact: true }).click();
  await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
  const calendarButton = page.getByRole('group', { name: 'Show the journal as' }).getByRole('button', { name: 'Calendar' });
  if ((await calendarButton.getAttribute('aria-pressed')) !== 'true') await calendarButton.click();
  await page.getByRole('grid').first().waitFor();
  await page.locator('.calendar[aria-busy="false"]').waitFor();
}

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  today = await h.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  twoDaysAgo = shift(today, -2);
  // A year ago on this date; on 29 February, four years ago (the last 29 February).
  const [y, md] = [Number(today.slice(0, 4)), today.slice(5)];
  longAgo = md === '02-29' ? `${y - 4}-02-29` : `${y - 1}-${md}`;

  const sam = (await call(h, 'people.upsert', { name: 'Sam', kind: 'friend' })) as Person;
  ids.sam = sam.id;
  const alex = (await call(h, 'people.upsert', { name: 'Alex', kind: 'family' })) as Person;
  const create = async (date: string, texts: Parameters<typeof docFromPlainText>[0], who: Person[] = [sam]) =>
    ((await call(h, 'entries.create', { date, doc: docFromPlainText(texts, who) })) as Entry).id;
  ids.longAgo = await create(longAgo, { given: 'Planted tulips with Sam on a cold morning' });
  ids.single = await create(twoDaysAgo, { given: 'Drove Sam to the station before dawn', unsaid: 'Tell Sam the tulips were for her' });
  ids.todayFirst = await create(today, { received: 'Sam brought soup when I was tired' });
  ids.todaySecond = await create(today, { note: 'A quiet evening walk by the river' }, []);
  // Three weeks ago: a week the look back reaches by stepping back.
  ids.earlier = await create(shift(today, -20), { given: 'Painted the fence with Alex' }, [alex]);
  // This week, about two people at once.
  ids.both = await create(shift(today, -1), { given: 'Dinner with Sam and Alex', received: 'A long talk about the move' }, [sam, alex]);
  await call(h, 'people.addDetail', { personId: sam.id, text: 'Driving test', remindOn: shift(today, 3) });
  await call(h, 'people.addDetail', { personId: sam.id, text: 'Moving to Lisbon', remindOn: shift(today, 30) });
});

afterAll(async () => {
  await h?.close();
});

describe('the journal calendar', () => {
  it('marks exactly the days written in the year, each named with its date and how many entries', async () => {
    await openJournalCalendar();
    const { page } = h;
    const year = today.slice(0, 4);
    if (twoDaysAgo.slice(0, 4) !== year) await page.getByRole('button', { name: `Previous year, ${Number(year) - 1}` }).click();
    const shownYear = twoDaysAgo.slice(0, 4);
    await page.getByRole('heading', { name: shownYear, level: 2 }).waitFor();
    await page.locator('.calendar[aria-busy="false"]').waitFor();
    const expected = [twoDaysAgo, today, longAgo, shift(today, -1), shift(today, -20)].filter((d) => d.startsWith(shownYear)).sort();
    const marked = await page.locator('.calendar-day.written').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.date));
    expect(marked).toEqual(expected);
    expect(await page.getByRole('button', { name: await dayName(twoDaysAgo, '1 entry'), exact: true }).count()).toBe(1);
    // Every day of the year is in the calendar, and an unwritten one says so.
    expect(await page.locator('.calendar-day').count()).toBeGreaterThanOrEqual(365);
    expect(await page.getByRole('button', { name: await dayName(shift(twoDaysAgo, -1), 'nothing written'), exact: true }).count()).toBe(1);
  });

  it("opens with today's month in view, whatever the month", async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await openJournalCalendar();
    const todayButton = page.locator(`.calendar-day[data-date="${today}"]`);
    await expect.poll(() => todayButton.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    })).toBe(true);
  });

  it('opens a day with one entry on click', async () => {
    const { page } = h;
    await page.getByRole('button', { name: await dayName(twoDaysAgo, '1 entry'), exact: true }).click();
    await given().waitFor();
    await given().getByText('Drove Sam to the station before dawn').waitFor();
    expect(await page.getByLabel('Entry date').inputValue()).toBe(twoDaysAgo);
  });

  it('asks which entry to open when a day holds several, and opens the one picked', async () => {
    await openJournalCalendar();
    const { page } = h;
    const day = page.getByRole('button', { name: await dayName(today, '2 entries'), exact: true });
    expect(await day.getAttribute('aria-current')).toBe('date');
    await day.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('listitem').count()).toBe(2);
    // Each entry is told apart by its time of day and its title, never "Entry 1, Entry 2".
    const rows = await dialog.locator('.day-picker-title').allTextContents();
    expect(rows.sort()).toEqual([expect.stringMatching(/^\d{2}:\d{2} · A quiet evening walk by the river$/), expect.stringMatching(/^\d{2}:\d{2} · Sam brought soup when I was tired$/)]);
    expect(await dialog.textContent()).not.toMatch(/Entry \d/);
    // Nothing runs off to the side.
    expect(await dialog.locator('.day-picker-list').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: /quiet evening walk/ }).click();
    await page.getByRole('region', { name: 'Note', exact: true }).getByText('A quiet evening walk by the river').waitFor();
  });

  it('is one tab stop that the arrow keys move through, crossing weeks and months', async () => {
    await openJournalCalendar();
    const { page } = h;
    expect(await page.locator('.calendar-day[tabindex="0"]').count()).toBe(1);
    await page.locator('.calendar-day[tabindex="0"]').focus();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.date)).toBe(today);
    // Two days back, one at a time (this may cross into the previous month or year).
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((d) => (document.activeElement as HTMLElement | null)?.dataset.date === d, twoDaysAgo);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((d) => (document.activeElement as HTMLElement | null)?.dataset.date === d, shift(twoDaysAgo, -7));
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((d) => (document.activeElement as HTMLElement | null)?.dataset.date === d, twoDaysAgo);
    // Shift+Page Down moves a year on; the calendar follows with the focus.
    const nextYear = String(Number(twoDaysAgo.slice(0, 4)) + 1);
    await page.keyboard.press('Shift+PageDown');
    await page.waitForFunction((d) => (document.activeElement as HTMLElement | null)?.dataset.date === d, `${nextYear}${twoDaysAgo.slice(4)}`);
    await page.getByRole('heading', { name: nextYear, level: 2 }).waitFor();
    await page.keyboard.press('Shift+PageUp');
    await page.waitForFunction((d) => (document.activeElement as HTMLElement | null)?.dataset.date === d, twoDaysAgo);
    await page.keyboard.press('Enter');
    await given().getByText('Drove Sam to the station before dawn').waitFor();
  });

  it('passes axe in the light and the dark theme', async () => {
    const { page } = h;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await openJournalCalendar();
      expect(await axeViolations(page), `calendar, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps the list one click away', async () => {
    const { page } = h;
    await page.getByRole('group', { name: 'Show the journal as' }).getByRole('button', { name: 'List' }).click();
    await page.locator('.journal-row').first().waitFor();
    expect(await page.locator('.journal-row').count()).toBe(6);
    expect(await page.getByRole('grid').count()).toBe(0);
  });
});

describe('on this day', () => {
  it('shows the entry from a year ago on the journal home and opens it', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const region = page.getByRole('region', { name: 'On this day' });
    await region.waitFor();
    const item = region.getByRole('button', { name: /Planted tulips with Sam/ });
    expect(await item.textContent()).toMatch(/years? ago/i);
    // Only the earlier day is shown, not today's or this week's entries.
    expect(await region.getByRole('button').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await item.click();
    await given().getByText('Planted tulips with Sam on a cold morning').waitFor();
    expect(await page.getByLabel('Entry date').inputValue()).toBe(longAgo);
  });
});

describe('the weekly look back', () => {
  const lookBack = async () => {
    await h.page.getByRole('button', { name: 'Look back', exact: true }).click();
    await h.page.getByRole('heading', { name: 'Look back', level: 1 }).waitFor();
    await h.page.getByRole('heading', { name: 'Still unsaid', level: 2 }).waitFor();
  };

  it('nudges to check in about a detail whose remind-on date is within seven days, and not one further away', async () => {
    await lookBack();
    const { page } = h;
    const nudges = page.getByRole('region', { name: 'Coming up: a chance to check in' });
    await nudges.waitFor();
    const text = (await nudges.textContent()) ?? '';
    expect(text).toContain('Driving test');
    expect(text).toContain('Sam');
    expect(text).not.toContain('Moving to Lisbon');
    await nudges.getByRole('button', { name: 'Open Sam’s page' }).click();
    await page.getByRole('heading', { name: 'Sam', level: 1 }).waitFor();
  });

  it("shows the week's people, then what was written entry by entry, not the ones from a year ago", async () => {
    await lookBack();
    const people = h.page.getByRole('region', { name: 'The people of your week' });
    await people.getByRole('heading', { name: 'Sam', level: 3 }).waitFor();
    await people.getByRole('heading', { name: 'Alex', level: 3 }).waitFor();
    const written = h.page.getByRole('region', { name: 'What you wrote about them' });
    const text = (await written.textContent()) ?? '';
    expect(text).toContain('Drove Sam to the station before dawn');
    expect(text).toContain('Sam brought soup when I was tired');
    expect(text).toContain('Tell Sam the tulips were for her');
    expect(text).not.toContain('Planted tulips');
    expect(text).not.toContain('Painted the fence');
    await written.getByRole('listitem').filter({ hasText: 'Sam brought soup' }).getByRole('button', { name: /^Open the entry of / }).click();
    await h.page.getByRole('region', { name: 'Received', exact: true }).getByText('Sam brought soup when I was tired').waitFor();
  });

  it('shows an entry about two people once, with both names', async () => {
    await lookBack();
    const written = h.page.getByRole('region', { name: 'What you wrote about them' });
    const entry = written.locator('.lookback-entry').filter({ hasText: 'Dinner with Sam and Alex' });
    expect(await entry.count()).toBe(1);
    expect(await entry.locator('.lookback-entry-people').textContent()).toContain('with Alex and Sam');
    // Each passage once; the part that names no one is about both of them.
    expect(await entry.locator('.lookback-quote').allTextContents()).toEqual(['Dinner with Sam and Alex', 'A long talk about the move']);
    expect(await written.getByText('Dinner with Sam and Alex').count()).toBe(1);
  });

  it('steps back to earlier weeks, and forward again', async () => {
    const { page } = h;
    await lookBack();
    await page.getByRole('button', { name: 'Earlier week' }).click();
    await page.getByRole('heading', { name: 'The people of that week' }).waitFor();
    expect(await page.getByRole('region', { name: 'Coming up: a chance to check in' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Earlier week' }).click();
    const written = page.getByRole('region', { name: 'What you wrote about them' });
    await written.getByText('Painted the fence with Alex').waitFor();
    expect(await written.textContent()).not.toContain('Drove Sam');
    expect(await axeViolations(page), 'an earlier week').toEqual([]);
    await page.getByRole('button', { name: 'Back to this week' }).click();
    await page.getByRole('heading', { name: 'The people of your week' }).waitFor();
    expect(await page.getByRole('button', { name: /Later week/ }).isDisabled()).toBe(true);
  });

  it('passes axe in the light and the dark theme', async () => {
    const { page } = h;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await lookBack();
      await page.getByRole('region', { name: 'Coming up: a chance to check in' }).waitFor();
      expect(await axeViolations(page), `look back, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('marks an unsaid item said from the look back, and the entry changes', async () => {
    await lookBack();
    const { page } = h;
    const unsaid = page.getByRole('region', { name: 'Still unsaid' });
    const item = unsaid.getByRole('group', { name: 'Tell Sam the tulips were for her' });
    await item.getByRole('button', { name: 'Said', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /marked said/ }).waitFor();
    await item.waitFor({ state: 'detached' });
    expect(await unsaid.textContent()).toContain('Nothing from this week is waiting to be said.');
    const entry = (await call(h, 'entries.get', { id: ids.single })) as Entry;
    expect(unsaidItemsOf(entry.doc).map((i) => [i.text, i.state])).toEqual([['Tell Sam the tulips were for her', 'said']]);
    // What was written now shows it as said.
    const written = page.getByRole('region', { name: 'What you wrote about them' });
    await written.getByText('said', { exact: true }).waitFor();
    expect(await written.getByText('said', { exact: true }).count()).toBe(1);
    // Undo, offered for a few seconds, puts it back.
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await unsaid.getByRole('group', { name: 'Tell Sam the tulips were for her' }).waitFor();
    const reopened = (await call(h, 'entries.get', { id: ids.single })) as Entry;
    expect(unsaidItemsOf(reopened.doc).map((i) => i.state)).toEqual(['open']);
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
