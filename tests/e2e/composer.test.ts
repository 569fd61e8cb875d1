/**
 * The composer feels right to a person, in a real browser: the first run explains the
 * idea once, with a sample entry to look at and delete; prompts belong to the entry they were
 * written with; an entry shows its time of day and its tags; #word makes a tag; a link to another
 * entry opens it in the app; a click in a section's empty space writes there. Every screen here
 * passes axe in the light and the dark theme, wide and at 800×600.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Person, TagSummary } from '../../electron/shared/contract';
import { clockTimeOf } from '../../electron/shared/dates';
import { docFromPlainText, sectionOf, type DocNode, type EntryDoc } from '../../electron/shared/doc';
import { promptById } from '../../electron/shared/prompts';
import { call } from './call';
import { axeViolations, createJournal, openHarness, saveStatus, type Harness } from './support';

let h: Harness;
let today = '';

beforeAll(async () => {
  h = await openHarness();
  await createJournal(h.page);
  today = await h.page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
});

afterAll(async () => {
  await h?.close();
});

const region = (name: string) => h.page.getByRole('region', { name, exact: true });
const partText = (name: string) => region(name).locator('p:not(.entry-section__prompt)');
const promptOf = (name: string) => region(name).locator('.entry-section__prompt');
const heading = () => h.page.locator('#composer-title');

/** axe in the light and the dark theme, in a wide window and at 800×600. */
async function axeInBothThemes(): Promise<void> {
  const { page } = h;
  const wide = page.viewportSize()!;
  for (const size of [wide, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), `${scheme}, ${size.width}×${size.height}`).toEqual([]);
    }
  }
  await page.setViewportSize(wide);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The section the caret is in, as the page sees it. */
const caretSection = () =>
  h.page.evaluate(() => {
    const node = window.getSelection()?.anchorNode ?? null;
    const el = node instanceof Element ? node : node?.parentElement;
    return el?.closest('[data-section]')?.getAttribute('data-section') ?? null;
  });

async function openFromJournal(text: string): Promise<void> {
  await h.page.getByRole('button', { name: 'Journal', exact: true }).click();
  await h.page.locator('.journal-row', { hasText: text }).locator('.journal-open').first().click();
  await region('Given').waitFor();
}

async function saved(): Promise<void> {
  await h.page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
  expect(await saveStatus(h.page).textContent()).toBe('Saved');
}

describe('the first evening', () => {
  it('explains Given, Received and Unsaid in three sentences after the recovery code, and that there is no score', async () => {
    const { page } = h;
    await page.getByRole('heading', { name: 'How Mutual works' }).waitFor();
    const sentences = await page.locator('.introduction__text p').allTextContents();
    expect(sentences).toHaveLength(3);
    const text = sentences.join(' ');
    for (const word of ['Given', 'Received', 'Unsaid', 'no score']) expect(text).toContain(word);
    expect(text).not.toMatch(/balance|owe|ledger/i);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('How Mutual works');
    await page.getByRole('button', { name: 'Start writing' }).waitFor();
    await axeInBothThemes();
  });

  it('opens a sample entry to look at, with its prompts and tag, and deletes it again', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Look at a sample entry' }).click();
    await page.getByRole('note', { name: 'Sample entry' }).waitFor();
    expect(await promptOf('Given').textContent()).toBe(promptById('given-check-in')?.text);
    expect(await partText('Given').first().textContent()).toMatch(/Called my brother/);
    expect(await page.getByRole('list', { name: 'Tags' }).getByRole('button').allTextContents()).toEqual(['#sample']);
    expect(await page.getByRole('button', { name: 'Mark said: Tell my brother I am proud of him.' }).count()).toBe(1);
    await axeInBothThemes();

    await page.getByRole('button', { name: 'Delete the sample entry' }).click();
    await heading().filter({ hasText: 'New entry' }).waitFor();
    expect(((await call(h, 'entries.list', {})) as { total: number }).total).toBe(0);
  });

  it('shows the introduction only once', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await region('Given').waitFor();
    expect(await page.getByRole('heading', { name: 'How Mutual works' }).count()).toBe(0);
  });
});

describe('prompts belong to the entry', () => {
  it('reopens an entry with the prompts it was written with', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await region('Given').waitFor();
    const shown: Record<string, string | null> = {};
    for (const name of ['Given', 'Received', 'Unsaid', 'Note']) shown[name] = await promptOf(name).textContent();
    for (const name of Object.keys(shown)) expect(shown[name], name).toBeTruthy();
    await partText('Given').first().click();
    await page.keyboard.type('Made soup for the neighbours.');
    await saved();

    await openFromJournal('Made soup for the neighbours.');
    for (const name of Object.keys(shown)) expect(await promptOf(name).textContent(), name).toBe(shown[name]);
    // The new entry showed an empty unsaid item; the saved one has no unsaid controls for it.
    expect(await page.getByRole('button', { name: /^Mark (said|let go)/ }).count()).toBe(0);
  });

  it('shows no prompt, and no controls for an empty unsaid item, on an entry that kept none', async () => {
    const { page } = h;
    await call(h, 'entries.create', { date: '2004-10-12', doc: docFromPlainText({ given: 'Old words from another journal', note: 'More of them' }) });
    await openFromJournal('Old words from another journal');
    expect(await page.locator('.composer-editor .entry-section__prompt').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Mark (said|let go)|Another prompt/ }).count()).toBe(0);
    expect(await page.locator('.composer-editor').textContent()).not.toMatch(/empty item/);
    // Dated another day than it was typed in: no time of writing to show.
    expect(await heading().textContent()).not.toContain('·');
    await axeInBothThemes();
  });

  it('names the unsaid buttons with the people the item mentions', async () => {
    const { page } = h;
    const jo = (await call(h, 'people.upsert', { name: 'Jo', kind: 'friend' })) as Person;
    await call(h, 'entries.create', { date: '2021-03-04', doc: docFromPlainText({ unsaid: 'Cooked dinner for Jo' }, [jo]) });
    await openFromJournal('Cooked dinner for Jo');
    await page.getByRole('button', { name: 'Mark said: Cooked dinner for Jo', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark let go: Cooked dinner for Jo', exact: true }).count()).toBe(1);
  });
});

describe('time of day and tags', () => {
  it('titles an entry written today with its time of day', async () => {
    const entry = (await call(h, 'entries.create', { date: today, doc: docFromPlainText({ given: 'Written this evening' }) })) as Entry;
    expect(entry.writtenAt).toBeTruthy();
    await openFromJournal('Written this evening');
    const title = (await heading().textContent()) ?? '';
    expect(title.endsWith(` · ${clockTimeOf(entry.writtenAt!)}`)).toBe(true);
    expect(await heading().locator('time').getAttribute('datetime')).toBe(entry.writtenAt);
  });

  it('makes a tag of #word, lists the entry’s tags under its title, and offers the journal’s tags after #', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await partText('Note').first().click();
    await page.keyboard.type('Walked by the sea #travel and back');
    const chip = page.locator('.composer-editor .tag');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('#travel');
    await page.getByRole('list', { name: 'Tags' }).filter({ hasText: '#travel' }).waitFor();
    await saved();

    await page.keyboard.type(' #tr');
    const list = page.getByRole('listbox', { name: 'Tags' });
    await list.getByRole('option', { name: '#travel', exact: true }).waitFor();
    await list.getByRole('option', { name: 'New tag “tr”', exact: true }).waitFor();
    await axeInBothThemes();
    await page.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    await page.keyboard.type('again.');
    await saved();

    const rows = (await call(h, 'entries.list', { limit: 1 })) as { items: { id: string }[] };
    const entry = (await call(h, 'entries.get', { id: rows.items[0]!.id })) as Entry;
    const tags = (sectionOf(entry.doc, 'note').content[0]?.content ?? []).filter((n: DocNode) => n.type === 'tag');
    expect(tags.map((t) => t.attrs)).toEqual([{ label: 'travel' }, { label: 'travel' }]);
    expect(((await call(h, 'tags.list', {})) as TagSummary[]).map((t) => t.name)).toContain('travel');
    expect(await partText('Note').first().textContent()).toBe('Walked by the sea #travel and back #travel again.');

    // A chip under the title finds every entry with the tag.
    await page.getByRole('list', { name: 'Tags' }).getByRole('button', { name: 'Entries tagged #travel' }).click();
    const box = page.getByRole('searchbox').first();
    await box.waitFor();
    expect(await box.inputValue()).toBe('tag:travel');
  });
});

describe('photos', () => {
  it('shows a photo of the entry and keeps it, and every word, through an edit', async () => {
    const { page } = h;
    const file = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const { uploadId } = (await call(h, 'photos.uploadBegin', { size: file.length })) as { uploadId: string };
    await call(h, 'photos.uploadChunk', { uploadId, index: 0, data: file.toString('base64') });
    const photo = (await call(h, 'photos.uploadFinish', { uploadId })) as { id: string };
    const doc = docFromPlainText({ given: 'A blue afternoon by the lake' });
    sectionOf(doc, 'given').content.push({ type: 'image', attrs: { photoId: photo.id, alt: 'The lake, very blue' } });
    const entry = (await call(h, 'entries.create', { date: '2018-07-07', doc })) as Entry;
    await openFromJournal('A blue afternoon by the lake');
    const img = region('Given').getByRole('img', { name: 'The lake, very blue' });
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector('.entry-photo img') as HTMLImageElement | null)?.naturalWidth === 64);
    await partText('Given').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' and a swim.');
    await saved();
    const after = (await call(h, 'entries.get', { id: entry.id })) as Entry;
    expect(sectionOf(after.doc, 'given').content).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'A blue afternoon by the lake and a swim.' }] },
      { type: 'image', attrs: { photoId: photo.id, alt: 'The lake, very blue' } },
    ]);
  });
});

describe('links and clicks', () => {
  it('opens an entry linked from another inside the app, never in the browser', async () => {
    const { page } = h;
    const target = (await call(h, 'entries.create', { date: '2019-06-01', doc: docFromPlainText({ given: 'The day we met at the market' }) })) as Entry;
    const doc: EntryDoc = docFromPlainText({ note: 'placeholder' });
    sectionOf(doc, 'note').content = [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'See ' },
          { type: 'text', text: 'that evening', marks: [{ type: 'link', attrs: { href: `mutual:entry/${target.id}` } }] },
        ],
      },
    ];
    await call(h, 'entries.create', { date: '2019-06-02', doc });
    await openFromJournal('See that evening');
    const pages = h.context.pages().length;
    const link = region('Note').getByRole('link', { name: 'that evening' });
    expect(await link.getAttribute('target')).toBeNull();
    await link.click();
    await page.locator('#composer-title').filter({ hasText: '2019' }).waitFor();
    await partText('Given').filter({ hasText: 'The day we met at the market' }).waitFor();
    expect(h.context.pages().length).toBe(pages);
  });

  it('puts the caret in a section when its empty space or its prompt is clicked', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await region('Given').waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
    const note = region('Note');
    await note.scrollIntoViewIfNeeded();
    const box = (await note.boundingBox())!;
    // The section's padding below its only line.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 4);
    expect(await caretSection()).toBe('note');
    await promptOf('Unsaid').click();
    expect(await caretSection()).toBe('unsaid');
    await page.keyboard.type('Call Mum back');
    await page.getByRole('button', { name: 'Mark said: Call Mum back', exact: true }).waitFor();
    await saved();
  });

  it('opened nothing outside loopback and logged no console error', () => {
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
