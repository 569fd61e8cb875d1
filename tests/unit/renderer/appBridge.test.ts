// @vitest-environment node
/**
 * In the app's own origin (app://) the page reaches the journal only through the preload's
 * window.mutual. Without it the page must say so — and must not fall back to the web host's HTTP
 * transport, which would send the journal's calls to whatever answers at that address.
 * A plain `window` stands in for the page's (jsdom cannot load an app:// page).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_MISSING_MESSAGE, call, setApiForTests } from '../../../src/lib/api';

afterEach(() => {
  vi.unstubAllGlobals();
  setApiForTests(null);
});

describe('the page’s way to the journal', () => {
  it('in app:// without window.mutual: every call explains, and nothing is fetched', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    vi.stubGlobal('window', { location: { protocol: 'app:', hash: '#token=abc', pathname: '/', search: '' } });
    setApiForTests(null);
    await expect(call('vault.status', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: BRIDGE_MISSING_MESSAGE } });
    await expect(call('entries.save', { id: 'e' } as never)).resolves.toMatchObject({ ok: false, error: { message: BRIDGE_MISSING_MESSAGE } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('in app:// with window.mutual: the preload’s functions', async () => {
    const status = vi.fn(async () => ({ ok: true, value: { state: 'locked' } }));
    vi.stubGlobal('window', { location: { protocol: 'app:' }, mutual: { 'vault.status': status } });
    setApiForTests(null);
    await expect(call('vault.status', {})).resolves.toEqual({ ok: true, value: { state: 'locked' } });
    expect(status).toHaveBeenCalledTimes(1);
  });

  it('in a browser without window.mutual: the web host over HTTP, as before', async () => {
    const fetchSpy = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { state: 'new' } })));
    vi.stubGlobal('fetch', fetchSpy);
    vi.stubGlobal('sessionStorage', { getItem: () => 'tok', setItem: () => undefined });
    vi.stubGlobal('window', { location: { protocol: 'http:', hash: '', pathname: '/', search: '' }, sessionStorage: { getItem: () => 'tok', setItem: () => undefined } });
    setApiForTests(null);
    await expect(call('vault.status', {})).resolves.toEqual({ ok: true, value: { state: 'new' } });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});
