/**
 * The page runs under Trusted Types, where even zod's one-time eval probe (`Function('')`) is a
 * logged violation. src/lib/trustedTypes.ts, the page's first import, turns zod's compiled
 * parsers off, so parsing on the page never reaches for the Function constructor.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

describe("the page's zod", () => {
  it('parses without ever calling the Function constructor once the page settings are loaded', async () => {
    // Records every call, `new Function(…)` included (zod's probe and its compiled parsers use `new`).
    const spy = vi.spyOn(globalThis, 'Function');
    await import('../../../src/lib/trustedTypes');
    const { z } = await import('zod');
    const { contract } = await import('../../../electron/shared/contract');
    expect(contract['entries.list'].input.safeParse({ limit: 5 }).success).toBe(true);
    expect(z.object({ a: z.string(), b: z.number() }).safeParse({ a: 'x', b: 1 }).success).toBe(true);
    expect(spy.mock.calls).toEqual([]);
  });
});
