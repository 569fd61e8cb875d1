/** The calendar's day arithmetic: weeks laid out right, moves that cross months and years, leap days. */
import { describe, expect, it } from 'vitest';
import { addMonths, addYears, columnOf, daysInMonth, firstDayOfWeek, monthWeeks, weekBounds, weekdayNames } from '../../../src/features/journal/calendarDates';

describe('calendar dates', () => {
  it('lays out a month in weeks starting on the chosen first day', () => {
    // March 2026 begins on a Sunday.
    const mondayFirst = monthWeeks(2026, 3, 1);
    expect(mondayFirst[0]).toEqual([null, null, null, null, null, null, '2026-03-01']);
    expect(mondayFirst.at(-1)).toEqual(['2026-03-30', '2026-03-31', null, null, null, null, null]);
    expect(mondayFirst.flat().filter(Boolean)).toHaveLength(31);
    const sundayFirst = monthWeeks(2026, 3, 7);
    expect(sundayFirst[0]![0]).toBe('2026-03-01');
    expect(sundayFirst.every((w) => w.length === 7)).toBe(true);
  });

  it('knows leap years and keeps a day within its month when moving by months or years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('finds the ends of a week and the column of a day', () => {
    expect(weekBounds('2026-03-04', 1)).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(weekBounds('2026-03-04', 7)).toEqual({ start: '2026-03-01', end: '2026-03-07' });
    expect(columnOf('2026-03-01', 1)).toBe(6);
    expect(columnOf('2026-03-01', 7)).toBe(0);
  });

  it('names the weekdays in column order, and falls back to Monday for an unknown locale', () => {
    expect(weekdayNames(1, 'en-GB').map((d) => d.long)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(weekdayNames(7, 'en-US')[0]!.long).toBe('Sunday');
    expect(firstDayOfWeek('not a locale ###')).toBe(1);
    expect([1, 6, 7]).toContain(firstDayOfWeek('en-US'));
  });
});
