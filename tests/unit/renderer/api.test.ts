// @vitest-environment jsdom
/** The renderer's web transport: token taken once from the address, sent as a header, failures as Results. */
import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../electron/shared/channels';
import { createHttpApi, takeTokenFromLocation, TOKEN_HEADER } from '../../../src/lib/api';

describe('web transport', () => {
  it('takes the token from the address once, removes it, and keeps it for a reload of this tab', () => {
    window.history.replaceState(null, '', '/#token=abc123');
    expect(takeTokenFromLocation()).toBe('abc123');
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain('abc123');
    expect(takeTokenFromLocation()).toBe('abc123');
  });

  it('has one function per channel, posting JSON with the token header', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const api = createHttpApi('tok', async (url, init) => {
      seen.push({ url: String(url), init: init! });
      return new Response(JSON.stringify({ ok: true, value: { state: 'locked' } }));
    });
    expect(Object.keys(api).sort()).toEqual([...channelNames].sort());
    await expect(api['vault.status']({})).resolves.toEqual({ ok: true, value: { state: 'locked' } });
    expect(seen[0]!.url).toBe('/api/vault.status');
    expect(seen[0]!.init.method).toBe('POST');
    expect((seen[0]!.init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('tok');
    expect(seen[0]!.init.body).toBe('{}');
  });

  it('turns a host that cannot be reached or answers nonsense into a failure Result, never a throw', async () => {
    const down = createHttpApi('tok', async () => {
      throw new TypeError('Failed to fetch');
    });
    const r1 = await down['entries.get']({ id: 'x' });
    expect(r1.ok).toBe(false);
    const garbage = createHttpApi('tok', async () => new Response('<html>'));
    const r2 = await garbage['entries.get']({ id: 'x' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const refused = createHttpApi('bad', async () => new Response('{}', { status: 401 }));
    expect((await refused['vault.status']({})).ok).toBe(false);
  });
});
