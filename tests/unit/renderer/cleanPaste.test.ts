/** Pasted HTML loses inline handlers, style attributes and code blocks before the editor parses it. */
import { describe, expect, it } from 'vitest';
import { cleanPastedHtml, needsCleaning } from '../../../src/features/composer/cleanPaste';

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
