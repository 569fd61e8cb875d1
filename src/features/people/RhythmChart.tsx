/**
 * The rhythm with one person: how often they appeared in Given and in Received, month by month,
 * over the last twelve months. A picture to reflect on, never a score: two quiet hues (neither
 * red nor green), no totals, no difference between the two, no verdict. Colours are the theme's
 * CSS variables, so the chart follows the light and dark themes. Screen readers get the same
 * picture as a table, month by month; the drawn chart is hidden from them.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from 'recharts';
import type { PersonRhythm } from '../../../electron/shared/contract';
import { longMonth, shortMonth } from './months';

export function rhythmChartName(name: string): string {
  return `Rhythm with ${name} over the last 12 months`;
}

export function RhythmChart(props: { name: string; rhythm: PersonRhythm; idBase: string }) {
  const { rhythm } = props;
  const data = rhythm.months.map((m) => ({ month: shortMonth(m.month), given: m.given, received: m.received }));
  const quiet = rhythm.months.every((m) => m.given === 0 && m.received === 0);
  // The chart is drawn at its box's width, measured before the first paint (a responsive chart
  // would wait a frame for its own measurement) and again when the box changes size.
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    setWidth(box.clientWidth);
    const observer = new ResizeObserver(() => setWidth(box.clientWidth));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  const titleId = `${props.idBase}-rhythm-title`;
  const descId = `${props.idBase}-rhythm-desc`;
  return (
    <figure className="rhythm-figure" aria-labelledby={titleId} aria-describedby={descId}>
      <figcaption id={titleId} className="visually-hidden">
        {rhythmChartName(props.name)}
      </figcaption>
      <p id={descId} className="quiet rhythm-desc">
        {quiet
          ? `${props.name} has not appeared in Given or Received in the last 12 months.`
          : `How many entries mention ${props.name} in Given and in Received, each month. A picture to reflect on, not a score.`}
      </p>
      <p className="quiet rhythm-how">
        A part of an entry counts for the people it mentions; a part that mentions no one counts for everyone in that entry.
      </p>
      <div className="rhythm-chart" aria-hidden="true" ref={boxRef}>
        {width > 0 && (
        <BarChart width={width} height={220} data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barGap={2}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="month" tickLine={false} axisLine={{ stroke: 'var(--border)' }} tick={{ fill: 'var(--quiet)', fontSize: 12 }} interval={0} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fill: 'var(--quiet)', fontSize: 12 }} width={40} />
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value: string) => <span className="rhythm-legend-text">{value}</span>} />
          <Bar dataKey="given" name="Given" fill="var(--rhythm-given)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="received" name="Received" fill="var(--rhythm-received)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
        )}
      </div>
      <table className="visually-hidden">
        <caption>{rhythmChartName(props.name)}, month by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Entries with {props.name} in Given</th>
            <th scope="col">Entries with {props.name} in Received</th>
          </tr>
        </thead>
        <tbody>
          {rhythm.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{longMonth(m.month)}</th>
              <td>{m.given}</td>
              <td>{m.received}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
