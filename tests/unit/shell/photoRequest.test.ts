/**
 * The app's protocol serves a photo only for exactly app://mutual/photos/<id>/<variant>; anything
 * else is a file of the built page or nothing.
 */
import { describe, expect, it } from 'vitest';
import { isAllowedRequest, photoRequest } from '../../../electron/main/security';

const id = '3f2b9c1e-8d4a-4b7e-9f10-2a6c5d8e7b01';

describe('photo requests on the app protocol', () => {
  it('are recognised with their photo and variant', () => {
    expect(photoRequest(`app://mutual/photos/${id}/small`)).toEqual({ photoId: id, variant: 'small' });
    expect(photoRequest(`app://mutual/photos/${id}/original`)).toEqual({ photoId: id, variant: 'original' });
    expect(isAllowedRequest(`app://mutual/photos/${id}/medium`, { devTools: false })).toBe(true);
  });

  it('are refused for other hosts, schemes, variants, paths, queries and credentials', () => {
    for (const url of [
      `app://other/photos/${id}/small`,
      `https://mutual/photos/${id}/small`,
      `file:///photos/${id}/small`,
      `app://mutual/photos/${id}/huge`,
      `app://mutual/photos/${id}/small/extra`,
      `app://mutual/photos/../journal.db`,
      `app://mutual/photos/not-an-id/small`,
      `app://mutual/photos/${id}/small?x=1`,
      `app://user:pw@mutual/photos/${id}/small`,
      42,
      null,
    ]) {
      expect(photoRequest(url), String(url)).toBeNull();
    }
  });
});
