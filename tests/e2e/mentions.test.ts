/**
 * Nothing typed is ever misplaced: a person chosen from the @ list — new or already in the
 * journal, with Enter or with a click — while the journal takes 300–800 ms to create a new one,
 * and the person typing straight on with no pause between keys. Each time, the text the journal
 * saved (read back through its API) is exactly what was typed, in order, and every mention
 * carries the id of a real person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import type { Entry, PersonSummary } from '../../electron/shared/contract';
import { plainText, sectionOf, type DocNode } from '../../electron/shared/doc';
import { call } from './call';
import { createJournal, openHarness, saveStatus, type Harness } from './support';

const TRIES = 20;
const TAIL = ' after her long shift.';

let h: Harness;
/** Every line typed into Given so far, as it should read. */
const expected: string[] = [];
let entryId: string | null = null;
let lines = 0;

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  await call(h, 'people.upsert', { name: 'Ines', kind: 'friend' });
  await call(h, 'people.upsert', { name: 'Ruth', kind: 'family' });
  // Creating a person takes a while, as on a slow disk; everything else answers at once.
  await h.context.route('**/api/people.upsert', async (route: Route) => {
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(Math.random() * 500)));
    await route.fallback();
  });
  const { page } = h;
  await page.getByRole('button', { name: 'New entry' }).click();
  await page.getByRole('region', { name: 'Given', exact: true }).locator('p:not(.entry-section__prompt)').first().click();
});

afterAll(async () => {
  await h?.close();
});

/** Two letters from a number: names of the same length, none the start of another. */
const suffix = (n: number) => String.fromCharCode(97 + Math.floor(n / 26) % 26, 97 + (n % 26));

function mentionsIn(nodes: DocNode[] | undefined): DocNode[] {
  return (nodes ?? []).flatMap((n) => (n.type === 'mention' ? [n] : mentionsIn(n.content)));
}

async function savedGiven(): Promise<{ lines: string[]; mentions: DocNode[] }> {
  if (!entryId) {
    const list = (await call(h, 'entries.list', { limit: 1 })) as { items: { id: string }[] };
    entryId = list.items[0]!.id;
  }
  const entry = (await call(h, 'entries.get', { id: entryId })) as Entry;
  const given = sectionOf(entry.doc, 'given');
  return { lines: plainText(given.content).split('\n'), mentions: mentionsIn(given.content) };
}

async function mentionAndTypeOn(name: string, how: 'enter' | 'click', isNew: boolean): Promise<void> {
  const { page } = h;
  if (lines > 0) await page.keyboard.press('Enter');
  lines += 1;
  await page.keyboard.type(`@${name}`);
  const option = page.getByRole('option', { name: isNew ? `Add person “${name}”` : name, exact: true });
  await option.waitFor();
  if (how === 'enter') {
    // Enter takes the row the list has selected: make sure it is this one.
    await page.locator('[role="option"][aria-selected="true"]', { hasText: isNew ? `Add person “${name}”` : name }).waitFor();
    await page.keyboard.press('Enter');
  } else {
    await option.click();
  }
  await page.keyboard.type(TAIL);
  expected.push(`${name}${TAIL}`);
}

async function checkSaved(): Promise<void> {
  const { page } = h;
  await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
  expect(await saveStatus(page).textContent()).toBe('Saved');
  const saved = await savedGiven();
  expect(saved.lines).toEqual(expected);
  const people = (await call(h, 'people.list', {})) as PersonSummary[];
  const ids = new Map(people.map((p) => [p.id, p.name]));
  expect(saved.mentions).toHaveLength(expected.length);
  for (const m of saved.mentions) expect(ids.get(String(m.attrs?.id))).toBe(m.attrs?.label);
}

describe('typing on after choosing a person from the @ list', () => {
  it(`keeps every character in place for a new person chosen with Enter (${TRIES} times)`, async () => {
    for (let i = 0; i < TRIES; i++) {
      await mentionAndTypeOn(`Maya${suffix(i)}`, 'enter', true);
      await checkSaved();
    }
  });

  it(`keeps every character in place for a new person chosen with a click (${TRIES} times)`, async () => {
    for (let i = 0; i < TRIES; i++) {
      await mentionAndTypeOn(`Noor${suffix(i)}`, 'click', true);
      await checkSaved();
    }
  });

  it(`keeps every character in place for someone already in the journal, chosen with Enter (${TRIES} times)`, async () => {
    for (let i = 0; i < TRIES; i++) {
      await mentionAndTypeOn(i % 2 ? 'Ines' : 'Ruth', 'enter', false);
      await checkSaved();
    }
  });

  it(`keeps every character in place for someone already in the journal, chosen with a click (${TRIES} times)`, async () => {
    for (let i = 0; i < TRIES; i++) {
      await mentionAndTypeOn(i % 2 ? 'Ruth' : 'Ines', 'click', false);
      await checkSaved();
    }
  });

  it('shows the same words on screen as were saved', async () => {
    const shown = await h.page
      .getByRole('region', { name: 'Given', exact: true })
      .locator('p:not(.entry-section__prompt)')
      .allTextContents();
    expect(shown).toEqual(expected);
  });

  it('saves a new person’s mention made just before leaving the entry, with the person', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await page.getByRole('region', { name: 'Given', exact: true }).locator('p:not(.entry-section__prompt)').first().click();
    await page.keyboard.type('Walked home with @Leila');
    await page.getByRole('option', { name: 'Add person “Leila”', exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('after the film.');
    // Away at once, while the journal is still creating Leila.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect
      .poll(async () => {
        const list = (await call(h, 'entries.list', { limit: 1 })) as { items: { id: string }[] };
        const entry = (await call(h, 'entries.get', { id: list.items[0]!.id })) as Entry;
        const given = sectionOf(entry.doc, 'given');
        return { text: plainText(given.content), mentions: mentionsIn(given.content).map((m) => m.attrs?.label) };
      }, { timeout: 15_000 })
      .toEqual({ text: 'Walked home with Leila after the film.', mentions: ['Leila'] });
    const people = (await call(h, 'people.list', {})) as PersonSummary[];
    const leila = people.find((p) => p.name === 'Leila');
    const list = (await call(h, 'entries.list', { limit: 1 })) as { items: { id: string }[] };
    const entry = (await call(h, 'entries.get', { id: list.items[0]!.id })) as Entry;
    expect(mentionsIn(sectionOf(entry.doc, 'given').content).map((m) => m.attrs?.id)).toEqual([leila?.id]);
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
