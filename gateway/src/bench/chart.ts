/**
 * The benchmark's chart: throughput and p99 latency against concurrency,
 * one line per scenario, as a self-contained SVG drawn from the results
 * (no charting dependency: two panels of polylines).
 */

export interface Point {
  scenario: string;
  concurrency: number;
  throughput: number;
  p99: number;
}

const WIDTH = 420;
const HEIGHT = 300;
const MARGIN = { left: 60, right: 20, top: 36, bottom: 44 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A tick step of 1, 2 or 5 × 10^n giving about five ticks up to `max`. */
export function tickStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power;
}

function panel(
  points: readonly Point[],
  value: (p: Point) => number,
  title: string,
  unit: string,
  offsetX: number,
  scenarios: readonly string[],
): string {
  const xs = [...new Set(points.map((p) => p.concurrency))].sort((a, b) => a - b);
  const maxY = Math.max(...points.map(value), 1);
  const step = tickStep(maxY);
  const top = Math.ceil(maxY / step) * step;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (c: number) => offsetX + MARGIN.left + (xs.length === 1 ? plotW / 2 : (xs.indexOf(c) / (xs.length - 1)) * plotW);
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">${escape(title)}</text>`);
  for (let v = 0; v <= top + 1e-9; v += step) {
    parts.push(`<line x1="${offsetX + MARGIN.left}" x2="${offsetX + WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${offsetX + MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(6))}</text>`);
  }
  for (const c of xs) parts.push(`<text x="${x(c)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${c}</text>`);
  parts.push(`<text x="${offsetX + WIDTH / 2}" y="${HEIGHT - 8}" text-anchor="middle">concurrent clients</text>`);
  parts.push(
    `<text x="${offsetX + 14}" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${MARGIN.top + plotH / 2})">${escape(unit)}</text>`,
  );
  scenarios.forEach((scenario, i) => {
    const line = points.filter((p) => p.scenario === scenario).sort((a, b) => a.concurrency - b.concurrency);
    const colour = COLOURS[i % COLOURS.length];
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line.map((p) => `${x(p.concurrency)},${y(value(p))}`).join(' ')}"/>`,
    );
    for (const p of line) parts.push(`<circle cx="${x(p.concurrency)}" cy="${y(value(p))}" r="3" fill="${colour}"/>`);
  });
  return parts.join('\n');
}

export function chartSvg(points: readonly Point[], caption: string): string {
  const scenarios = [...new Set(points.map((p) => p.scenario))];
  const legendHeight = 18 * scenarios.length + 10;
  const legend = scenarios
    .map(
      (s, i) =>
        `<rect x="${MARGIN.left}" y="${HEIGHT + 8 + i * 18}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${MARGIN.left + 18}" y="${HEIGHT + 18 + i * 18}">${escape(s)}</text>`,
    )
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * WIDTH}" height="${HEIGHT + legendHeight + 20}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(points, (p) => p.throughput, 'Throughput', 'committed per second', 0, scenarios),
    panel(points, (p) => p.p99, 'Latency p99', 'ms, submit to commit', WIDTH, scenarios),
    legend,
    `<text x="${MARGIN.left}" y="${HEIGHT + legendHeight + 12}" fill="#555">${escape(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
