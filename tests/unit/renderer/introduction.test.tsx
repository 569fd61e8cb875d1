// @vitest-environment jsdom
/**
 * The introduction after first run: due once, three sentences, skipped with "Start writing"; its
 * sample entry is a valid entry with the prompts it answers, naming no one, written to the
 * journal only when the person asks to look at it.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MutualApi } from '../../../electron/shared/contract';
import { entryDocSchema, mentionsOf, plainText, tagsOf, unsaidItemsOf, type EntryDoc } from '../../../electron/shared/doc';
import { promptsFor } from '../../../electron/shared/prompts';
import { setApiForTests } from '../../../src/lib/api';
import { Introduction } from '../../../src/features/firstrun/Introduction';
import {
  introductionDue,
  introductionShown,
  isSampleEntry,
  markIntroductionDue,
  rememberSampleEntry,
  sampleEntryDoc,
} from '../../../src/features/firstrun/introduction';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
  setApiForTests(null);
  rememberSampleEntry(null);
});

async function render(props: Parameters<typeof Introduction>[0]): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root!.render(<Introduction {...props} />));
  return host;
}

const button = (host: HTMLElement, name: string) => [...host.querySelectorAll('button')].find((b) => b.textContent === name)!;

describe('the introduction', () => {
  it('is due once after first run', () => {
    expect(introductionDue()).toBe(false);
    markIntroductionDue();
    expect(introductionDue()).toBe(true);
    introductionShown();
    expect(introductionDue()).toBe(false);
  });

  it('says what Given, Received and Unsaid are for in three sentences, and that there is no score', async () => {
    const onWrite = vi.fn();
    const host = await render({ onWrite, onOpenSample: vi.fn() });
    expect(host.querySelector('h1')?.textContent).toBe('How Mutual works');
    const sentences = [...host.querySelectorAll('.introduction__text p')].map((p) => p.textContent ?? '');
    expect(sentences).toHaveLength(3);
    expect(sentences.join(' ')).toMatch(/Given.*Received.*Unsaid.*no score/s);
    expect(sentences.join(' ')).not.toMatch(/\b(balance|owe|debt|ledger|tally)/i);
    await act(async () => button(host, 'Start writing').click());
    expect(onWrite).toHaveBeenCalledOnce();
  });

  it('writes the sample to the journal only when asked, and opens it', async () => {
    const created: EntryDoc[] = [];
    setApiForTests({
      'entries.create': async (input: { doc: EntryDoc }) => {
        created.push(input.doc);
        return { ok: true, value: { id: 'e-sample' } };
      },
    } as unknown as MutualApi);
    const onOpenSample = vi.fn();
    const host = await render({ onWrite: vi.fn(), onOpenSample });
    expect(created).toEqual([]);
    await act(async () => button(host, 'Look at a sample entry').click());
    expect(created).toHaveLength(1);
    expect(onOpenSample).toHaveBeenCalledWith('e-sample');
    expect(isSampleEntry('e-sample')).toBe(true);
    expect(isSampleEntry('another')).toBe(false);
  });

  it('says so when the sample could not be written', async () => {
    setApiForTests({ 'entries.create': async () => ({ ok: false, error: { code: 'DISK_FULL', message: 'The disk is full.' } }) } as unknown as MutualApi);
    const onOpenSample = vi.fn();
    const host = await render({ onWrite: vi.fn(), onOpenSample });
    await act(async () => button(host, 'Look at a sample entry').click());
    expect(host.querySelector('[role="alert"]')?.textContent).toBe('The disk is full.');
    expect(onOpenSample).not.toHaveBeenCalled();
  });
});

describe('the sample entry', () => {
  it('is a valid entry with words in every part, its prompts kept, a tag, and no one named', () => {
    const doc = sampleEntryDoc();
    expect(entryDocSchema.safeParse(doc).success).toBe(true);
    for (const section of doc.content) {
      expect(plainText(section.content), section.attrs.kind).not.toBe('');
      const prompt = (section.attrs as Record<string, unknown>).prompt;
      expect(promptsFor(section.attrs.kind).map((p) => p.text)).toContain(prompt);
    }
    expect(unsaidItemsOf(doc).map((i) => i.state)).toEqual(['open']);
    expect(tagsOf(doc)).toEqual(['sample']);
    expect(mentionsOf(doc)).toEqual([]);
    expect(JSON.stringify(doc)).not.toMatch(/\b(balance|owe|debt|score|ledger)/i);
  });
});
