// @vitest-environment jsdom
/**
 * The recovery code copied on the first-run screen is taken off the clipboard after 60 seconds,
 * and the screen says so. Cleared only if the clipboard still holds the code where the page may
 * read it; overwritten with nothing where it may not; still cleared after the screen is gone.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecoveryCodeStep } from '../../../src/features/firstrun/FirstRun';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const CODE = '7KQ2-M9XD-AB12-CD34-EF56-GH78-JK9M-NPQR';

class FakeClipboard {
  text = 'what was there before';
  reads = 0;
  refuseWrites = false;
  async writeText(text: string): Promise<void> {
    if (this.refuseWrites) throw new DOMException('Document is not focused.', 'NotAllowedError');
    this.text = text;
  }
  async readText(): Promise<string> {
    this.reads += 1;
    return this.text;
  }
}

let clipboard: FakeClipboard;
let root: Root;
let host: HTMLElement;

function allowReading(state: 'granted' | 'prompt' | null): void {
  const permissions = state === null ? undefined : { query: async () => ({ state }) };
  Object.defineProperty(navigator, 'permissions', { value: permissions, configurable: true });
}

beforeEach(async () => {
  vi.useFakeTimers();
  clipboard = new FakeClipboard();
  Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
  allowReading(null);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root.render(<RecoveryCodeStep code={CODE} onContinue={() => {}} headingRef={{ current: null }} />));
});
afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  vi.useRealTimers();
});

async function copy(): Promise<void> {
  const button = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Copy recovery code')!;
  await act(async () => button.click());
}

const status = () => host.querySelector('[role="status"]')!.textContent ?? '';

describe('the copied recovery code', () => {
  it('is on the clipboard for 60 seconds, the screen says so, and then it is gone', async () => {
    await copy();
    expect(clipboard.text).toBe(CODE);
    expect(status()).toMatch(/within 60 seconds/);
    await act(async () => vi.advanceTimersByTimeAsync(59_000));
    expect(clipboard.text).toBe(CODE);
    await act(async () => vi.advanceTimersByTimeAsync(1_000));
    expect(clipboard.text).toBe('');
    // Reading was not granted, so the page did not try to read (which would ask the person).
    expect(clipboard.reads).toBe(0);
    expect(status()).toMatch(/cleared from the clipboard/);
  });

  it('where reading is allowed: something copied since is left alone', async () => {
    allowReading('granted');
    await copy();
    clipboard.text = 'a link the person copied afterwards';
    await act(async () => vi.advanceTimersByTimeAsync(60_000));
    expect(clipboard.reads).toBe(1);
    expect(clipboard.text).toBe('a link the person copied afterwards');
  });

  it('where reading is allowed and the code is still there: cleared', async () => {
    allowReading('granted');
    await copy();
    await act(async () => vi.advanceTimersByTimeAsync(60_000));
    expect(clipboard.reads).toBe(1);
    expect(clipboard.text).toBe('');
  });

  it('where reading would have to ask: overwritten without asking', async () => {
    allowReading('prompt');
    await copy();
    await act(async () => vi.advanceTimersByTimeAsync(60_000));
    expect(clipboard.reads).toBe(0);
    expect(clipboard.text).toBe('');
  });

  it('still cleared after the screen is gone (the person continued), and copying again starts the minute over', async () => {
    await copy();
    await act(async () => vi.advanceTimersByTimeAsync(30_000));
    await copy();
    await act(async () => root.unmount());
    root = createRoot(host);
    await act(async () => vi.advanceTimersByTimeAsync(45_000));
    expect(clipboard.text).toBe(CODE);
    await act(async () => vi.advanceTimersByTimeAsync(15_000));
    expect(clipboard.text).toBe('');
  });

  it('when the window is not focused at 60 seconds, cleared when it gets focus back', async () => {
    await copy();
    clipboard.refuseWrites = true;
    await act(async () => vi.advanceTimersByTimeAsync(60_000));
    expect(clipboard.text).toBe(CODE);
    clipboard.refuseWrites = false;
    await act(async () => {
      window.dispatchEvent(new Event('focus'));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(clipboard.text).toBe('');
  });
});
