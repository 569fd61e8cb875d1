/**
 * Every failure the page shows comes from one component (src/components/ErrorMessage.tsx, tested
 * in tests/unit/renderer/errorMessage.test.tsx): no other file in the renderer writes its own
 * role="alert", so each error has the same markup, role and class.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the renderer', () => {
  it('writes no alert of its own outside ErrorMessage', () => {
    const src = resolve(import.meta.dirname, '../../src');
    const own = join(src, 'components', 'ErrorMessage.tsx');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => join(src, f));
    expect(files.length).toBeGreaterThan(20);
    const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const found = files.filter((f) => f !== own && /role=["{']+alert/.test(withoutComments(readFileSync(f, 'utf8'))));
    expect(found.map((f) => relative(src, f))).toEqual([]);
  });
});
