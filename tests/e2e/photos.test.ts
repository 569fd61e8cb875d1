/**
 * Photos in Chromium: a pasted picture goes to the journal and appears as a photo of the journal
 * (never a data: or blob: address in the entry), gets a description that screen readers read and
 * search finds, is still there after locking and unlocking, shows as a thumbnail in the journal, and
 * leaves the journal once removed from the entry and saved. A dropped file does the same; a refused
 * file (an SVG) says why and adds nothing. A person's photo shows on the people list and their
 * page, and their timeline shows the photos of entries about them. "Keep photo details" is off
 * until chosen. Every screen with photos passes axe; every photo request carries this run's token
 * and nothing leaves loopback.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, EntrySummary, Person, Photo } from '../../electron/shared/contract';
import { docFromPlainText, type DocNode } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, saveStatus, unlock, type Harness } from './support';

let h: Harness;
let sea: Buffer;
let portrait: Buffer;
let maya: Person;
const photoRequests: string[] = [];
const DESCRIPTION = 'Maya laughing on the pier at dawn';

/** Answers a call as the page would get it, failures included. */
async function raw(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(`${h.host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mutual-token': h.host.token },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

async function latestEntry(): Promise<Entry> {
  const list = (await call(h, 'entries.list', { limit: 1 })) as { items: EntrySummary[] };
  return (await call(h, 'entries.get', { id: list.items[0]!.id })) as Entry;
}

function imagesOf(entry: Entry): DocNode[] {
  const out: DocNode[] = [];
  const walk = (nodes: DocNode[] | undefined) => nodes?.forEach((n) => (n.type === 'image' ? out.push(n) : walk(n.content)));
  for (const section of entry.doc.content) walk(section.content);
  return out;
}

const editorPhotos = () => h.page.locator('.composer-editor figure[data-type="image"]');

/** Waits until every picture in `selector` has been drawn (its bytes arrived from the journal). */
async function picturesLoaded(selector: string, count: number): Promise<void> {
  await h.page.waitForFunction(
    ([sel, n]) => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>(sel as string)];
      return imgs.length === n && imgs.every((img) => img.complete && img.naturalWidth > 0);
    },
    [selector, count] as const,
  );
}

async function saved(): Promise<void> {
  await h.page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
}

/** Pastes a file the way the system clipboard hands one to the page. */
async function pasteFile(bytes: Buffer, name: string, type: string): Promise<void> {
  await h.page.evaluate(
    ([b64, fileName, fileType]) => {
      const binary = atob(b64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName, { type: fileType }));
      const target = document.activeElement ?? document.querySelector('.composer-editor [contenteditable="true"]');
      target!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    [bytes.toString('base64'), name, type] as const,
  );
}

async function newEntryWith(words: string): Promise<void> {
  const { page } = h;
  await page.getByRole('button', { name: 'New entry' }).click();
  await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
  await page.keyboard.type(words);
}

/** Uploads a file through the journal's channels, as the page does, for entries made behind the screen. */
async function storePhoto(bytes: Buffer): Promise<Photo> {
  const { uploadId } = (await call(h, 'photos.uploadBegin', { size: bytes.length })) as { uploadId: string };
  await call(h, 'photos.uploadChunk', { uploadId, index: 0, data: bytes.toString('base64') });
  return (await call(h, 'photos.uploadFinish', { uploadId })) as Photo;
}

beforeAll(async () => {
  h = await openHarness();
  h.page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/photos/')) photoRequests.push(request.url());
  });
  await createJournal(h.page);
  sea = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 40, g: 110, b: 170 } } })
    .composite([{ input: { create: { width: 640, height: 120, channels: 3, background: { r: 230, g: 200, b: 120 } } }, top: 280, left: 0 }])
    .png()
    .toBuffer();
  portrait = await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 200, g: 120, b: 90 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  maya = (await call(h, 'people.upsert', { name: 'Maya', kind: 'friend' })) as Person;
});

afterAll(async () => {
  await h?.close();
});

describe('photos in an entry', () => {
  it('a pasted picture becomes a photo of the journal, never a data: or blob: address', async () => {
    await newEntryWith('A morning by the sea');
    await pasteFile(sea, 'image.png', 'image/png');
    await editorPhotos().first().waitFor();
    await picturesLoaded('.composer-editor figure[data-type="image"] img', 1);
    await saved();
    const entry = await latestEntry();
    const images = imagesOf(entry);
    expect(images).toHaveLength(1);
    expect(images[0]!.attrs?.photoId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(entry.doc)).not.toMatch(/data:|blob:|src/);
    const src = await editorPhotos().locator('img').getAttribute('src');
    expect(src).toMatch(new RegExp(`^/photos/${images[0]!.attrs?.photoId}/medium\\?token=`));
    // The words written before stay, and the photo comes after them.
    expect(await h.page.getByRole('region', { name: 'Given', exact: true }).textContent()).toContain('A morning by the sea');
  });

  it('gets a description from the keyboard, read by screen readers, and passes axe with the photo on screen', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Add a description of this photo' }).waitFor();
    // From the end of the words before it, the right arrow selects the photo and Enter opens its description.
    await page.getByRole('region', { name: 'Given', exact: true }).getByText('A morning by the sea').click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    await page.locator('.composer-editor figure.ProseMirror-selectednode').waitFor();
    await page.keyboard.press('Enter');
    const field = page.getByRole('textbox', { name: /Describe the photo/ });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill(DESCRIPTION);
    await field.press('Enter');
    await page.getByRole('img', { name: DESCRIPTION }).waitFor();
    await page.getByRole('button', { name: `Edit description: ${DESCRIPTION}` }).waitFor();
    await saved();
    expect(imagesOf(await latestEntry())[0]!.attrs?.alt).toBe(DESCRIPTION);
    expect(await axeViolations(page), 'composer with a photo').toEqual([]);
  });

  it('is still there after locking and unlocking, shows in the journal and is found by its description', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock your journal' }).waitFor();
    await unlock(page);
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const thumb = page.locator('.journal-list img.journal-thumb');
    await thumb.first().waitFor();
    expect(await thumb.getAttribute('src')).toMatch(/^\/photos\/[0-9a-f-]{36}\/small\?token=/);
    expect(await thumb.getAttribute('width')).toBe('64');
    await picturesLoaded('.journal-list img.journal-thumb', 1);
    expect(await axeViolations(page), 'journal with a thumbnail').toEqual([]);

    await page.keyboard.press('Control+k');
    await page.getByRole('searchbox', { name: 'Search your journal' }).fill('pier');
    await page.locator('.search-results-area[data-results-for="pier"]').waitFor();
    const hits = page.locator('.search-results button.search-hit');
    expect(await hits.count()).toBe(1);
    await hits.first().click();
    await page.getByRole('img', { name: DESCRIPTION }).waitFor();
    await picturesLoaded('.composer-editor figure[data-type="image"] img', 1);
  });

  it('a dropped file becomes a photo where it fell', async () => {
    const { page } = h;
    const note = page.getByRole('region', { name: 'Note', exact: true }).locator('p:not(.entry-section__prompt)').first();
    await note.scrollIntoViewIfNeeded();
    const box = (await note.boundingBox())!;
    await page.evaluate(
      ([b64, x, y]) => {
        const binary = atob(b64 as string);
        const data = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], 'portrait.jpg', { type: 'image/jpeg' }));
        const at = document.elementFromPoint(x as number, y as number)!;
        at.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, clientX: x as number, clientY: y as number, bubbles: true, cancelable: true }));
      },
      [portrait.toString('base64'), box.x + 5, box.y + box.height / 2] as const,
    );
    await expect.poll(() => editorPhotos().count()).toBe(2);
    await picturesLoaded('.composer-editor figure[data-type="image"] img', 2);
    await saved();
    const entry = await latestEntry();
    const note3 = entry.doc.content[3].content;
    expect(note3.some((n) => n.type === 'image')).toBe(true);
  });

  it('a refused file says why in the journal’s words and adds nothing', async () => {
    const { page } = h;
    const before = JSON.stringify((await latestEntry()).doc);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Add photo' }).click();
    const picked = await chooser;
    expect(picked.isMultiple()).toBe(true);
    await picked.setFiles({ name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>') });
    const refusal = page.getByRole('alert').filter({ hasText: 'drawing.svg' });
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.textContent()).toMatch(/SVG.*Nothing was added/);
    expect(await editorPhotos().count()).toBe(2);
    expect(await page.locator('.entry-photo-pending').count()).toBe(0);
    expect(JSON.stringify((await latestEntry()).doc)).toBe(before);
    expect(await axeViolations(page), 'composer with a refusal').toEqual([]);
    // Dismiss sits beside the announced message (outside the alert), described by it.
    const dismiss = page.locator('.entry-photo-uploads__refusal', { has: refusal }).getByRole('button', { name: 'Dismiss' });
    expect(await dismiss.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    await dismiss.click();
    await refusal.waitFor({ state: 'detached' });
  });

  it('removed from the entry and saved, a photo leaves the journal', async () => {
    const { page } = h;
    const ids = imagesOf(await latestEntry()).map((n) => String(n.attrs?.photoId));
    expect(ids).toHaveLength(2);
    await page.getByRole('button', { name: `Remove photo: ${DESCRIPTION}` }).click();
    await page.getByRole('button', { name: 'Remove photo', exact: true }).click();
    await expect.poll(() => editorPhotos().count()).toBe(0);
    await saved();
    expect(imagesOf(await latestEntry())).toEqual([]);
    for (const id of ids) {
      const answer = await raw('photos.get', { id });
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe('NOT_FOUND');
    }
    expect(await saveStatus(page).textContent()).toBe('Saved');
  });
});

describe('a person’s photo', () => {
  it('is added on their page and shows there, on the people list and beside entries with photos', async () => {
    const { page } = h;
    // An entry about Maya with a photo, for her timeline.
    const photo = await storePhoto(sea);
    const doc = docFromPlainText({ given: 'Walked with Maya along the harbour' }, [{ id: maya.id, name: maya.name }]);
    doc.content[0].content.push({ type: 'image', attrs: { photoId: photo.id, alt: 'The harbour' } });
    await call(h, 'entries.create', { doc });

    await page.getByRole('button', { name: 'People', exact: true }).click();
    await page.getByRole('list', { name: 'People', exact: true }).getByRole('button', { name: 'Maya', exact: true }).click();
    await page.getByRole('heading', { name: 'Maya', level: 1 }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add a photo of Maya' }).click();
    await (await chooser).setFiles({ name: 'maya.jpg', mimeType: 'image/jpeg', buffer: portrait });
    await page.getByRole('status').filter({ hasText: 'Maya has a photo now.' }).waitFor({ timeout: 20_000 });
    const onPage = page.locator('.person-header').getByRole('img', { name: 'Maya', exact: true });
    await onPage.waitFor();
    await picturesLoaded('.person-header img.person-picture', 1);
    expect(await onPage.getAttribute('src')).toMatch(/^\/photos\/[0-9a-f-]{36}\/small\?token=/);
    await page.getByRole('button', { name: 'Change photo' }).waitFor();
    // The timeline: the entry's photo beside its passages.
    await picturesLoaded('.person-timeline img.person-timeline-thumb', 1);
    expect(await axeViolations(page), 'person page with photos').toEqual([]);

    await page.getByRole('button', { name: 'All people' }).click();
    const row = page.getByRole('list', { name: 'People', exact: true }).getByRole('listitem').filter({ hasText: 'Maya' });
    await row.getByRole('img', { name: 'Maya', exact: true }).waitFor();
    await picturesLoaded('.people-rows img.person-picture', 1);
    expect(await axeViolations(page), 'people list with a photo').toEqual([]);

    const person = (await call(h, 'people.get', { id: maya.id })) as { person: Person };
    expect(person.person.photoId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('removed, it leaves the journal and the page shows her initials', async () => {
    const { page } = h;
    const before = ((await call(h, 'people.get', { id: maya.id })) as { person: Person }).person.photoId!;
    await page.getByRole('list', { name: 'People', exact: true }).getByRole('button', { name: 'Maya', exact: true }).click();
    await page.getByRole('button', { name: 'Remove photo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Maya’s photo was removed.' }).waitFor();
    await page.getByRole('button', { name: 'Add a photo of Maya' }).waitFor();
    expect(await page.locator('.person-header img').count()).toBe(0);
    expect((await raw('photos.get', { id: before })).error?.code).toBe('NOT_FOUND');
  });
});

describe('Settings', () => {
  it('Keep photo details is off by default, says what it means, and is saved when turned on', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const box = page.getByRole('checkbox', { name: 'Keep photo details' });
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    const why = await page.locator(`#${await box.getAttribute('aria-describedby')}`).textContent();
    expect(why).toContain('Keep where and with what camera a photo was taken. Off: Mutual removes location and camera details before keeping a photo.');
    await box.check();
    await expect.poll(async () => ((await call(h, 'settings.get', {})) as { keepPhotoDetails: boolean }).keepPhotoDetails).toBe(true);
    await box.uncheck();
    await expect.poll(async () => ((await call(h, 'settings.get', {})) as { keepPhotoDetails: boolean }).keepPhotoDetails).toBe(false);
  });
});

describe('privacy', () => {
  it('every photo request carried this run’s token, nothing left loopback, no console error', () => {
    expect(photoRequests.length).toBeGreaterThan(4);
    for (const url of photoRequests) {
      const u = new URL(url);
      expect(u.origin).toBe(h.host.origin);
      expect(u.searchParams.get('token')).toBe(h.host.token);
      expect(u.pathname).toMatch(/^\/photos\/[0-9a-f-]{36}\/(medium|small)$/);
    }
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
