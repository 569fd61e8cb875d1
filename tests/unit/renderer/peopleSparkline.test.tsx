// @vitest-environment jsdom
/** The people list's sparkline: one bar a month, scaled to the busiest month, and the same picture in words. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { lastTwelveMonths } from '../../../src/features/people/months';
import { Sparkline, sparklineText } from '../../../src/features/people/Sparkline';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the twelve months', () => {
  it('end with this month, oldest first, across a year boundary', () => {
    expect(lastTwelveMonths('2026-02-14')).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('the sparkline', () => {
  const months = lastTwelveMonths('2026-11-28');

  it('says in words how often, and when most', () => {
    expect(sparklineText('Sam', [0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0, 1], months)).toMatch(/^Sam: in 5 entries over the last 12 months, most in September 2026$/);
    expect(sparklineText('Sam', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], months)).toMatch(/^Sam: in 1 entry over the last 12 months, most in November 2026$/);
    // Two months tie: no "most in".
    expect(sparklineText('Ana', [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], months)).toBe('Ana: in 4 entries over the last 12 months');
    expect(sparklineText('Quinn', Array(12).fill(0), months)).toBe('Quinn: not in any entry in the last 12 months');
  });

  it('draws one bar a month, the busiest the tallest, and an empty month none', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    await act(async () => root.render(<Sparkline name="Sam" counts={[0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 2]} months={months} />));
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Sam: in 7 entries over the last 12 months, most in September 2026');
    const heights = [...svg.querySelectorAll('rect')].map((r) => Number(r.getAttribute('height')));
    expect(heights).toHaveLength(12);
    expect(heights[0]).toBe(0);
    expect(Math.max(...heights)).toBe(heights[9]);
    expect(heights[11]).toBeCloseTo(heights[9]! / 2, 5);
    root.unmount();
  });
});
