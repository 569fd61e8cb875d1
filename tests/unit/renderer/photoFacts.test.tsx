// @vitest-environment jsdom
/**
 * What the page learns about photos (whether each can be shown, when it was taken) lives only as
 * long as the unlocked app: leaving it (a lock) forgets it with the query cache.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { useJournalCacheLifetime, createJournalQueryClient, JournalDataProvider } from '../../../src/lib/data';
import { knownPhoto, rememberPhoto } from '../../../src/lib/photos';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function UnlockedApp() {
  useJournalCacheLifetime();
  return null;
}

describe('photo facts on the page', () => {
  it('are forgotten when the unlocked app is left', async () => {
    const root = createRoot(document.createElement('div'));
    await act(async () =>
      root.render(
        <JournalDataProvider client={createJournalQueryClient()}>
          <UnlockedApp />
        </JournalDataProvider>,
      ),
    );
    const photo = { id: '0b9f3c1e-8a44-4c2b-9d51-3f6a2e7c1d90', type: 'image/heic', size: 2048, width: null, height: null, takenAt: '2026-11-29T21:38:00-07:00', shown: false };
    rememberPhoto(photo);
    expect(knownPhoto(photo.id)).toEqual(photo);
    await act(async () => root.unmount());
    expect(knownPhoto(photo.id)).toBeNull();
  });
});
