/**
 * A HEIC this computer cannot decode, in Chromium: picked with "Add photo", it is kept as it came
 * and the entry shows a calm note in place of a picture (never asked of the server, which refuses
 * every variant of it), with a description edited as for any photo and read by screen readers;
 * after a reload the note comes back, and the journal list shows no thumbnail for it. axe is clean.
 *
 * The HEIC is an ftyp box naming HEIC brands followed by bytes no decoder reads: what the journal
 * makes of a real HEVC HEIC in our builds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, EntrySummary, Photo } from '../../electron/shared/contract';
import type { DocNode } from '../../electron/shared/doc';
import { call } from './call';
import { axeViolations, createJournal, openHarness, type Harness } from './support';

let h: Harness;
const photoRequests: string[] = [];
const MESSAGE = 'HEIC photo kept in your journal — this computer cannot show it. It is kept as it came and leaves with your exports.';
const DESCRIPTION = 'The boats in the harbour at dawn';

function fakeHeic(): Buffer {
  const ftyp = Buffer.from('00000018667479706865696300000000686569636d696631', 'hex'); // ftyp heic, compatible heic mif1
  const junk = Buffer.alloc(50_000);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) & 0xff;
  return Buffer.concat([ftyp, junk]);
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

async function saved(): Promise<void> {
  await h.page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  h = await openHarness();
  h.page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/photos/')) photoRequests.push(request.url());
  });
  await createJournal(h.page);
});

afterAll(async () => {
  await h?.close();
});

describe('a HEIC this computer cannot show', () => {
  let photoId = '';

  it('picked with Add photo, shows the note in place of a picture, its description editable; axe clean', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'New entry' }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
    await page.keyboard.type('At the harbour');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Add photo' }).click()]);
    await chooser.setFiles({ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: fakeHeic() });
    const note = page.locator('.composer-editor figure[data-type="image"] .entry-photo__kept');
    await note.waitFor();
    expect(await note.textContent()).toBe(MESSAGE);
    // Nothing refused, no picture drawn or asked for.
    expect(await page.locator('.entry-photo-uploads__refusal').count()).toBe(0);
    expect(await page.locator('.composer-editor figure[data-type="image"] img').isHidden()).toBe(true);
    await saved();
    photoId = String(imagesOf(await latestEntry())[0]!.attrs?.photoId);
    expect(((await call(h, 'photos.get', { id: photoId })) as Photo).shown).toBe(false);

    await page.getByRole('button', { name: 'Add a description of this photo' }).click();
    const field = page.getByRole('textbox', { name: /Describe the photo/ });
    await field.fill(DESCRIPTION);
    await field.press('Enter');
    await page.getByRole('button', { name: `Edit description: ${DESCRIPTION}` }).waitFor();
    // What a screen reader hears of it: the note, then the description.
    const heard = await page.locator('.composer-editor figure[data-type="image"]').evaluate((figure) =>
      [...figure.querySelectorAll<HTMLElement>('.entry-photo__kept, .entry-photo__caption')].filter((el) => !el.closest('[aria-hidden="true"]') && !el.hidden).map((el) => el.textContent),
    );
    expect(heard).toEqual([MESSAGE, DESCRIPTION]);
    await saved();
    expect(imagesOf(await latestEntry())[0]!.attrs?.alt).toBe(DESCRIPTION);
    expect(await axeViolations(page), 'composer with a HEIC kept as it came').toEqual([]);
    expect(photoRequests).toEqual([]);
  });

  it('is never served to the page, whatever the variant', async () => {
    for (const variant of ['small', 'medium', 'original']) {
      const res = await fetch(`${h.host.origin}/photos/${photoId}/${variant}?token=${encodeURIComponent(h.host.token)}`);
      expect(res.status, variant).toBe(404);
    }
  });

  it('after a reload the entry shows the note again, and the journal list shows no thumbnail for it', async () => {
    const { page } = h;
    await page.reload();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator('.journal-row').first().waitFor();
    expect(await page.locator('.journal-list img.journal-thumb').count()).toBe(0);
    expect(await axeViolations(page), 'journal with a HEIC entry').toEqual([]);
    await page.locator('.journal-row .journal-open').first().click();
    const note = page.locator('.composer-editor figure[data-type="image"] .entry-photo__kept');
    await note.waitFor();
    expect(await note.textContent()).toBe(MESSAGE);
    await page.getByRole('button', { name: `Edit description: ${DESCRIPTION}` }).waitFor();
    expect(await axeViolations(page), 'reopened entry with a HEIC kept as it came').toEqual([]);
    // Only the one try that told the page it cannot be drawn, never a thumbnail.
    expect(photoRequests.every((url) => new URL(url).pathname === `/photos/${photoId}/medium`)).toBe(true);
    expect(h.offLoopback).toEqual([]);
    expect(h.consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
