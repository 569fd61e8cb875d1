// @vitest-environment jsdom
/** Search snippets become text and <mark> elements, never HTML, whatever the entry contains. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { Snippet } from '../../../src/features/search/Search';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Snippet', () => {
  it('marks matches and renders every part as text', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    await act(async () =>
      root.render(
        <Snippet
          parts={[
            { text: 'Brought ', match: false },
            { text: 'peonies', match: true },
            { text: ' <img src=x onerror="window.__pwned=1"> for ', match: false },
            { text: '<b>Sam</b>', match: true },
          ]}
        />,
      ),
    );
    const marks = [...host.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['peonies', '<b>Sam</b>']);
    expect(host.querySelector('img, b')).toBeNull();
    expect(host.textContent).toBe('Brought peonies <img src=x onerror="window.__pwned=1"> for <b>Sam</b>');
    await act(async () => root.unmount());
  });
});
