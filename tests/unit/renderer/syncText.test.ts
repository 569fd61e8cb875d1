/**
 * The words of Settings → Sync: when this computer last synced, what waits to be sent, the other
 * computers by a short name.
 */
import { describe, expect, it } from 'vitest';
import { describeApplied, describeArriving, describeLastSync, describeToSend, refreshDelay, shortDeviceId } from '../../../src/features/settings/syncText';

const now = Date.parse('2026-03-14T15:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('when this computer last synced', () => {
  it('says it in minutes and hours, then yesterday, then the date', () => {
    expect(describeLastSync(null, now)).toBe('Not synced yet.');
    expect(describeLastSync('not a date', now)).toBe('Not synced yet.');
    expect(describeLastSync(ago(5_000), now)).toBe('Synced just now.');
    expect(describeLastSync(ago(44_000), now)).toBe('Synced just now.');
    expect(describeLastSync(ago(60_000), now)).toBe('Synced a minute ago.');
    expect(describeLastSync(ago(2 * MIN), now)).toBe('Synced 2 minutes ago.');
    expect(describeLastSync(ago(2 * MIN + 20_000), now)).toBe('Synced 2 minutes ago.');
    expect(describeLastSync(ago(44 * MIN), now)).toBe('Synced 44 minutes ago.');
    expect(describeLastSync(ago(50 * MIN), now)).toBe('Synced an hour ago.');
    expect(describeLastSync(ago(3 * HOUR), now)).toBe('Synced 3 hours ago.');
    expect(describeLastSync(ago(23 * HOUR), now)).toBe('Synced yesterday.');
    expect(describeLastSync(ago(5 * 24 * HOUR), now, (at) => at.toISOString().slice(0, 10))).toBe('Last synced on 2026-03-09.');
  });

  it('reads a time a little ahead of this clock (another computer’s) as just now', () => {
    expect(describeLastSync(new Date(now + 20_000).toISOString(), now)).toBe('Synced just now.');
  });

  it('is said again often while the minutes count, rarely after, never before the first sync', () => {
    expect(refreshDelay(null, now)).toBeNull();
    expect(refreshDelay(ago(MIN), now)).toBe(15_000);
    expect(refreshDelay(ago(2 * HOUR), now)).toBe(5 * MIN);
  });
});

describe('what is waiting and who else syncs', () => {
  it('counts the changes waiting to be sent', () => {
    expect(describeToSend(0)).toBe('Everything written here is in the sync folder.');
    expect(describeToSend(1)).toBe('1 change is waiting to be sent.');
    expect(describeToSend(3)).toBe('3 changes are waiting to be sent.');
  });

  it('counts the other computers’ files still arriving', () => {
    expect(describeArriving(0)).toBe('');
    expect(describeArriving(1)).toBe('1 file from your other computers is still arriving; Mutual reads it once complete.');
    expect(describeArriving(4)).toBe('4 files from your other computers are still arriving; Mutual reads them once complete.');
  });

  it('names another computer by the first characters of its name in the folder', () => {
    expect(shortDeviceId('abcdefghijklmnopqrstuvwxyz')).toBe('abcdef');
    expect(describeApplied(1)).toBe('1 file applied here');
    expect(describeApplied(0)).toBe('0 files applied here');
    expect(describeApplied(12)).toBe('12 files applied here');
  });
});
