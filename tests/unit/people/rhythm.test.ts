import { describe, expect, it } from 'vitest';
import { lastMonths, monthlyRhythm, weeklyLean } from '../../../electron/core/services/rhythm';

const today = '2026-11-28';
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe('monthly rhythm', () => {
  it('covers the last twelve months, oldest first, counting Given and Received only', () => {
    expect(lastMonths(today)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const months = monthlyRhythm(
      [
        { month: '2026-11', section: 'given', n: 3 },
        { month: '2026-11', section: 'received', n: 1 },
        { month: '2026-11', section: 'note', n: 9 },
        { month: '2024-01', section: 'given', n: 5 },
      ],
      today,
    );
    expect(months).toHaveLength(12);
    expect(months.at(-1)).toEqual({ month: '2026-11', given: 3, received: 1 });
    expect(months.reduce((n, m) => n + m.given + m.received, 0)).toBe(4);
  });
});

describe('weekly lean', () => {
  it('asks when every week with a mention for eight weeks or more was on the giving side', () => {
    const dates = Array.from({ length: 9 }, (_, w) => ({ date: daysAgo(w * 7 + 1), section: 'given' }));
    expect(weeklyLean(dates, today)).toEqual({ lean: 'givingOften', weeks: 9 });
  });

  it('a quiet week inside the run does not break it, but one receiving week does', () => {
    const giving = [0, 1, 2, 4, 5, 6, 7, 8].map((w) => ({ date: daysAgo(w * 7 + 2), section: 'given' }));
    expect(weeklyLean(giving, today).lean).toBe('givingOften');
    const broken = [...giving, { date: daysAgo(3 * 7 + 2), section: 'received' }];
    expect(weeklyLean(broken, today)).toEqual({ lean: null, weeks: 3 });
  });

  it('says nothing for fewer than eight weeks, mixed weeks, too few mentions, or an old pattern', () => {
    expect(weeklyLean(Array.from({ length: 7 }, (_, w) => ({ date: daysAgo(w * 7), section: 'received' })), today).lean).toBeNull();
    expect(weeklyLean([{ date: daysAgo(1), section: 'given' }, { date: daysAgo(60), section: 'given' }], today).lean).toBeNull();
    const mixed = Array.from({ length: 10 }, (_, w) => [{ date: daysAgo(w * 7), section: 'given' }, { date: daysAgo(w * 7), section: 'received' }]).flat();
    expect(weeklyLean(mixed, today).lean).toBeNull();
    const old = Array.from({ length: 10 }, (_, w) => ({ date: daysAgo(60 + w * 7), section: 'given' }));
    expect(weeklyLean(old, today).lean).toBeNull();
  });

  it('receiving often is noticed the same way', () => {
    const dates = Array.from({ length: 12 }, (_, w) => ({ date: daysAgo(w * 7), section: 'received' }));
    expect(weeklyLean(dates, today)).toEqual({ lean: 'receivingOften', weeks: 12 });
  });
});
