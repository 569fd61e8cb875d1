/**
 * A tiny picture of how often someone appeared in the last twelve months: one bar a month, in the
 * text colour, no axis and no figure to compare. Its text alternative says the same in words.
 */
import { memo } from 'react';
import { entriesPhrase, longMonth } from './months';

const WIDTH = 96;
const HEIGHT = 24;
const GAP = 2;

/** The words a screen reader hears for the sparkline. */
export function sparklineText(name: string, counts: number[], months: string[]): string {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return `${name}: not in any entry in the last 12 months`;
  const most = Math.max(...counts);
  const busiest = months.filter((_, i) => counts[i] === most);
  const when = busiest.length === 1 ? `, most in ${longMonth(busiest[0]!)}` : '';
  return `${name}: in ${entriesPhrase(total)} over the last 12 months${when}`;
}

export const Sparkline = memo(function Sparkline(props: { name: string; counts: number[]; months: string[] }) {
  const { counts } = props;
  const most = Math.max(1, ...counts);
  const bar = (WIDTH - GAP * (counts.length - 1)) / Math.max(1, counts.length);
  return (
    <svg className="sparkline" role="img" aria-label={sparklineText(props.name, counts, props.months)} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} focusable="false">
      <line className="sparkline-base" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      {counts.map((n, i) => {
        const h = n === 0 ? 0 : Math.max(2, ((HEIGHT - 2) * n) / most);
        return <rect key={i} className="sparkline-bar" x={i * (bar + GAP)} y={HEIGHT - 1 - h} width={bar} height={h} rx={1} />;
      })}
    </svg>
  );
});
