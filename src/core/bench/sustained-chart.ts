/**
 * The sustained run's throughput over time as a self-contained SVG line
 * chart (one line per backend that ran one), shared by the Benchmark page
 * and the HTML report like the bar charts. The y axis starts at zero, so a
 * throttling device's fall is drawn to scale; each legend entry carries the
 * stability figure (lowest ÷ highest window).
 */
import { esc, PALETTE } from './charts';
import type { Column } from './columns';
import { formatNumber } from './figures';

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 70;
const RIGHT = 20;

/** The chart, or an empty string when no column has a sustained run with windows. */
export function sustainedChart(columns: readonly Column[]): string {
  const runs = columns.filter((c) => (c.backend.sustained?.windows.length ?? 0) > 0);
  if (runs.length === 0) return '';
  const legendH = 16 * runs.length;
  const top = 24 + legendH;
  const bottom = HEIGHT + legendH - 30;
  const all = runs.flatMap((c) => c.backend.sustained!.windows);
  const xMax = Math.max(...all.map((w) => w.endMs)) / 60_000;
  const yMax = Math.max(...all.map((w) => w.samplesPerSec)) * 1.1 || 1;
  const x = (min: number) => LEFT + (min / (xMax || 1)) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => bottom - (v / yMax) * (bottom - top);
  const parts: string[] = [
    `<text x="0" y="14" font-weight="600">Sustained run: training samples/s per window over time (higher is better)</text>`,
  ];
  runs.forEach((c, k) => {
    const s = c.backend.sustained!;
    const colour = PALETTE[k % PALETTE.length];
    const ly = 22 + k * 16;
    const stability = s.stability === null ? '— (fewer than two windows)' : s.stability.toFixed(2);
    const title = `${c.title.length > 60 ? `${c.title.slice(0, 59)}…` : c.title} · train ${s.caseId}, ${s.minutes} min · stability ${stability}`;
    parts.push(
      `<rect x="0" y="${ly}" width="10" height="10" fill="${colour}"/><text x="14" y="${ly + 9}" font-size="11">${esc(title)}</text>`,
    );
    const points = s.windows.map((w) => `${x(w.endMs / 60_000).toFixed(1)},${y(w.samplesPerSec).toFixed(1)}`);
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const w of s.windows)
      parts.push(
        `<circle cx="${x(w.endMs / 60_000).toFixed(1)}" cy="${y(w.samplesPerSec).toFixed(1)}` +
          `" r="2.5" fill="${colour}"><title>` +
          `${esc(`${formatNumber(w.endMs / 1000)} s: ${formatNumber(w.samplesPerSec)} samples/s`)}` +
          `</title></circle>`,
      );
  });
  // Axes: zero and the top of the y range; start and end of the run in minutes.
  parts.push(
    `<path d="M${LEFT} ${top}V${bottom}H${WIDTH - RIGHT}" stroke="currentColor" stroke-opacity="0.5" fill="none"/>`,
    `<text x="${LEFT - 4}" y="${bottom}" text-anchor="end" font-size="10">0</text>`,
    `<text x="${LEFT - 4}" y="${top + 8}" text-anchor="end" font-size="10">${esc(formatNumber(yMax))}</text>`,
    `<text x="${LEFT}" y="${bottom + 14}" font-size="10">0</text>`,
    `<text x="${WIDTH - RIGHT}" y="${bottom + 14}" text-anchor="end" font-size="10">${esc(formatNumber(xMax))} min</text>`,
    `<text x="${(LEFT + WIDTH) / 2}" y="${bottom + 26}" text-anchor="middle" font-size="10">time since the sustained loop started</text>`,
  );
  const height = bottom + 32;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="` +
    `${WIDTH}" height="${height}" role="img" aria-label="Sustained run: throughput over ` +
    `time" font-family="system-ui, sans-serif" fill="currentColor">${parts.join('')}` +
    `</svg>`
  );
}
