// @vitest-environment jsdom
/**
 * Every failure the page shows comes from one component, ErrorMessage: one paragraph with class
 * "error" and role="alert" (the message, what it is about before it, what happened after it), and
 * its "Try again" or "Dismiss" beside it, outside the alert and described by it. (That no other
 * file writes its own alert: tests/unit/oneErrorComponent.test.ts.)
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorMessage } from '../../../src/components/ErrorMessage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

async function render(node: ReactNode): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root!.render(node));
  return host;
}

describe('ErrorMessage', () => {
  it('shows nothing without an error', async () => {
    const host = await render(<ErrorMessage error={null}>Nothing was written.</ErrorMessage>);
    expect(host.innerHTML).toBe('');
  });

  it('is one announced paragraph: what it is about, the message, then what happened', async () => {
    const host = await render(
      <ErrorMessage error={{ code: 'BAD_INPUT', message: 'SVG files are not kept.' }} about="drawing.svg" className="extra">
        Nothing was added.
      </ErrorMessage>,
    );
    const alerts = host.querySelectorAll('[role="alert"]');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.tagName).toBe('P');
    expect(alerts[0]!.className).toBe('error extra');
    expect(alerts[0]!.textContent).toBe('drawing.svg: SVG files are not kept. Nothing was added.');
    expect(alerts[0]!.querySelector('.error-about')?.textContent).toBe('drawing.svg: ');
    expect(host.querySelectorAll('button')).toHaveLength(0);
  });

  it('keeps the id a field points at', async () => {
    const host = await render(<ErrorMessage id="person-name-problem" error="Give the person a name." />);
    expect(host.querySelector('#person-name-problem')?.getAttribute('role')).toBe('alert');
  });

  it('puts Try again and Dismiss beside the alert, described by it', async () => {
    const retry = vi.fn();
    const dismiss = vi.fn();
    const host = await render(<ErrorMessage error={{ code: 'DISK_FULL', message: 'The disk is full.' }} onRetry={retry} onDismiss={dismiss} />);
    const alert = host.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe('The disk is full.');
    const buttons = [...host.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Try again', 'Dismiss']);
    for (const b of buttons) {
      expect(alert.contains(b)).toBe(false);
      expect(b.getAttribute('aria-describedby')).toBe(alert.id);
    }
    expect(alert.id).not.toBe('');
    await act(async () => buttons[1]!.click());
    expect(dismiss).toHaveBeenCalledOnce();
    expect(retry).not.toHaveBeenCalled();
  });
});
