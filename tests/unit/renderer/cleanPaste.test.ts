/** Pasted HTML loses inline handlers, style attributes and code before the editor parses it; pasted pictures go to the journal. */
import { describe, expect, it } from 'vitest';
import { blobOfDataUrl, cleanPastedHtml, needsCleaning, routePaste } from '../../../src/features/composer/cleanPaste';

describe('cleanPastedHtml', () => {
  it('drops event handlers, style attributes and code, keeps words, links and structure', () => {
    const html =
      '<p class="x" style="color:red" onclick="evil()">Kind <b onmouseover=\'x()\'>words</b></p>' +
      '<img src=x onerror=alert(1)><script>alert(2)</script><style>p{}</style>' +
      '<a href="https://example.org/?a=1&b=2" title="a > b">link</a><svg><animate onbegin="x" attributeName="x"/></svg>' +
      '<iframe srcdoc="<script>alert(3)</script>"></iframe><br/>';
    const out = cleanPastedHtml(html);
    expect(out).not.toMatch(/on(click|mouseover|error|begin)|style=|<script|<style|alert|<iframe|srcdoc/i);
    expect(out).toContain('<p class="x">Kind <b>words</b></p>');
    expect(out).toContain('<a href="https://example.org/?a=1&b=2" title="a > b">link</a>');
    expect(out).toContain('<img src=x>');
    expect(out).toContain('<animate attributeName="x" />');
    expect(out).toContain('<br />');
  });

  it('leaves ordinary HTML alone', () => {
    const html = '<p>One <em>two</em></p><ul><li>three</li></ul>';
    expect(needsCleaning(html)).toBe(false);
    expect(needsCleaning('<p onclick="x">a</p>')).toBe(true);
    expect(needsCleaning('<span style="x">a</span>')).toBe(true);
  });
});

describe('routePaste', () => {
  const png = (name = 'image.png') => new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });
  // A 1×1 PNG, as some applications put a picture inside copied HTML.
  const DATA_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

  it('sends a pasted picture to the journal, not into the document', () => {
    const file = png();
    expect(routePaste({ html: '', text: '', files: [file] })).toEqual({ kind: 'photos', photos: [file], leftOut: 0 });
    // Copied from a browser: the file, and an <img> pointing where it was found.
    const copied = routePaste({ html: '<meta charset="utf-8"><img src="https://example.org/sea.png" alt="">', text: '', files: [file] });
    expect(copied).toEqual({ kind: 'photos', photos: [file], leftOut: 0 });
  });

  it('turns pictures carried inside HTML as data: addresses into files for the journal', async () => {
    const route = routePaste({ html: `<p>Kind <b>words</b></p><img alt="x" src="${DATA_PNG}"><p>after</p>`, text: 'Kind words after', files: [] });
    expect(route.kind).toBe('html');
    if (route.kind !== 'html') return;
    expect(route.html).toBe('<p>Kind <b>words</b></p><p>after</p>');
    expect(route.html).not.toMatch(/data:|<img/);
    expect(route.photos).toHaveLength(1);
    expect(route.photos[0]!.type).toBe('image/png');
    const bytes = new Uint8Array(await route.photos[0]!.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([137, 80, 78, 71]);
    // Only a picture, in HTML: a photo, nothing to paste as words.
    expect(routePaste({ html: `<img src='${DATA_PNG}'>`, text: '', files: [] })).toMatchObject({ kind: 'photos', leftOut: 0, photos: [expect.any(Blob)] });
  });

  it('keeps the words when an office suite adds a picture of them, and counts pictures it cannot fetch', () => {
    const route = routePaste({
      html: '<p style="margin:0">Dinner with Sam</p><img src="file:///C:/Users/me/AppData/clip_image001.png"><img src="https://example.org/a.png">',
      text: 'Dinner with Sam',
      files: [png()],
    });
    expect(route).toEqual({ kind: 'html', html: '<p>Dinner with Sam</p>', photos: [], leftOut: 2 });
    expect(routePaste({ html: '<img src="blob:https://example.org/123">', text: '', files: [] })).toEqual({ kind: 'photos', photos: [], leftOut: 1 });
  });

  it('leaves plain words and tidy HTML to the editor', () => {
    expect(routePaste({ html: '', text: 'just words', files: [] })).toEqual({ kind: 'default' });
    expect(routePaste({ html: '<p>One <em>two</em></p>', text: 'One two', files: [] })).toEqual({ kind: 'default' });
    expect(routePaste({ html: '', text: '', files: [] })).toEqual({ kind: 'default' });
  });

  it('reads only pictures from data: addresses', () => {
    expect(blobOfDataUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(blobOfDataUrl('data:image/png;base64,!!!not base64')).toBeNull();
    expect(blobOfDataUrl('data:image/svg+xml,%3Csvg%2F%3E')?.type).toBe('image/svg+xml');
  });
});
