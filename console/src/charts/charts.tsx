/**
 * The console's pictures as plain SVG (no chart library): each an
 * `<svg role="img">` whose aria-label says in words what it shows, with
 * the figures in a caption beside it. Geometry uses ratios of the decimal
 * strings (model/decimal.ts ratio); the figures shown are the strings.
 */
import type { Milestone, Point, Share, Stage } from '../model/charts';
import { formatDecimal, ratio, toScaled } from '../model/decimal';

const INK = '#1a1a1a';
const ACCENT = '#0b4f8a';
const MUTED = '#555';

/** A bond's life, top to bottom: filled dots for what happened, hollow ones for what is scheduled. */
export function TimelineChart({ milestones, title }: { milestones: Milestone[]; title: string }) {
  const row = 24;
  const height = Math.max(row, milestones.length * row + 8);
  const words = milestones.map((m) => `${m.label} ${m.at.slice(0, 10)}${m.done ? '' : ' (scheduled)'}`).join('; ');
  return (
    <figure>
      <svg role="img" aria-label={`${title}: ${words || 'nothing yet'}`} width="520" height={height} viewBox={`0 0 520 ${height}`}>
        <line x1="110" y1="12" x2="110" y2={Math.max(12, height - 12)} stroke={MUTED} stroke-width="2" />
        {milestones.map((m, i) => (
          <g key={`${m.label}-${m.at}`} transform={`translate(0 ${i * row + 16})`}>
            <text x="100" y="4" text-anchor="end" font-size="12">
              {m.at.slice(0, 10)}
            </text>
            <circle cx="110" cy="0" r="6" fill={m.done ? ACCENT : '#fff'} stroke={ACCENT} stroke-width="2" />
            <text x="124" y="4" font-size="13" fill={m.done ? INK : MUTED}>
              {m.label}
              {m.done ? '' : ' (scheduled)'}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** The register across holders: one bar each, its length the holder's share. */
export function DistributionChart({ shares, title }: { shares: Share[]; title: string }) {
  const row = 26;
  const barWidth = 300;
  const height = Math.max(row, shares.length * row + 4);
  const percent = (s: Share) => `${(s.share * 100).toFixed(1)} %`;
  return (
    <figure>
      <svg
        role="img"
        aria-label={`${title}: ${shares.map((s) => `${s.holder} ${formatDecimal(s.units)} units, ${percent(s)}`).join('; ') || 'no holders'}`}
        width="620"
        height={height}
        viewBox={`0 0 620 ${height}`}
      >
        {shares.map((s, i) => (
          <g key={s.holder} transform={`translate(0 ${i * row})`}>
            <text x="150" y="17" text-anchor="end" font-size="12">
              {s.holder}
            </text>
            <rect x="160" y="4" width={Math.max(1, s.share * barWidth)} height="18" fill={ACCENT} />
            <text x={166 + s.share * barWidth} y="17" font-size="12">
              {formatDecimal(s.units)} ({percent(s)})
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** Outstanding units over time as a step line: it changes only when a holding does. */
export function StepChart({ points, title }: { points: Point[]; title: string }) {
  const first = points[0];
  const end = points.at(-1);
  if (first === undefined || end === undefined) return <p class="muted">No holdings yet.</p>;
  const [width, height, left, top] = [560, 180, 90, 12];
  const bottom = height - 24;
  const max = points.reduce((m, p) => (toScaled(p.units, 0) > toScaled(m, 0) ? p.units : m), '0');
  const start = Date.parse(first.at);
  const span = Math.max(1, Date.parse(end.at) - start);
  const x = (at: string) => (left + ((Date.parse(at) - start) / span) * (width - left - 20)).toFixed(1);
  const y = (units: string) => (bottom - ratio(units, max) * (bottom - top)).toFixed(1);
  // Each change: across to its time at the previous level, then up or down to the new one.
  const path = points.map((p, i) => (i === 0 ? `M${x(p.at)} ${y(p.units)}` : `H${x(p.at)} V${y(p.units)}`)).join(' ');
  const [from, to] = [first.at.slice(0, 10), end.at.slice(0, 10)];
  const words = `${title}: from ${formatDecimal(first.units)} units on ${from} to ${formatDecimal(end.units)} on ${to}, at most ${formatDecimal(max)}`;
  return (
    <figure>
      <svg role="img" aria-label={words} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <line x1={left} y1={bottom} x2={width - 10} y2={bottom} stroke={MUTED} />
        <line x1={left} y1={top} x2={left} y2={bottom} stroke={MUTED} />
        <text x={left - 6} y={top + 4} text-anchor="end" font-size="11">
          {formatDecimal(max)}
        </text>
        <text x={left - 6} y={bottom} text-anchor="end" font-size="11">
          0
        </text>
        <text x={left} y={height - 6} font-size="11">
          {from}
        </text>
        <text x={width - 10} y={height - 6} text-anchor="end" font-size="11">
          {to}
        </text>
        <path d={path} fill="none" stroke={ACCENT} stroke-width="2" />
      </svg>
    </figure>
  );
}

/** Settlement instructions by status: boxes in the order an instruction moves, each with its count. */
export function PipelineChart({ stages, title }: { stages: Stage[]; title: string }) {
  const box = 150;
  const gap = 40;
  return (
    <figure>
      <svg
        role="img"
        aria-label={`${title}: ${stages.map((s) => `${s.status} ${s.count}`).join(', ')}`}
        width={stages.length * (box + gap)}
        height="70"
        viewBox={`0 0 ${stages.length * (box + gap)} 70`}
      >
        {stages.map((s, i) => (
          <g key={s.status} transform={`translate(${i * (box + gap)} 5)`}>
            <rect width={box} height="56" rx="6" fill="#fff" stroke={ACCENT} stroke-width="2" />
            <text x={box / 2} y="24" text-anchor="middle" font-size="12">
              {s.status}
            </text>
            <text x={box / 2} y="45" text-anchor="middle" font-size="18" font-weight="700">
              {s.count}
            </text>
            {i < stages.length - 1 && (
              <path d={`M${box + 6} 28 h${gap - 14} m-6 -6 l6 6 l-6 6`} fill="none" stroke={MUTED} stroke-width="2" />
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}
