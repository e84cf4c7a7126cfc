/**
 * Bar charts as self-contained SVG markup: one chart per measure group, one
 * bar group per case, one bar per column. Strings, not DOM, so the same
 * charts render in the page (as an SVG template) and in the CLI's HTML
 * report (inline, with no external requests). Every text is escaped: labels
 * come from result files a user loads.
 */
import { formatNumber, type FigureGroup } from './figures';
import { coverageOf, intervalOf } from './stats';
import { GROUP_TITLES, type Column, type Row } from './columns';

/** Column colours, colour-blind safe (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Escapes text for SVG and HTML. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const LABEL_W = 190;
const BAR_H = 12;
const WIDTH = 720;

/** One chart for a group's scored rows; a log axis when values span more than 50×. Empty string if nothing to draw. */
export function groupChart(group: FigureGroup, rows: Row[], columns: Column[]): string {
  const scored = rows.filter((r) => r.group === group && r.scored);
  const shown = columns.map((_, i) => i).filter((i) => scored.some((r) => r.cells[i]?.value));
  if (scored.length === 0 || shown.length === 0) return '';
  // Interval ends count towards the axis so error bars stay inside the plot.
  const ends = (i: number, r: Row) => {
    const st = r.cells[i]?.stat;
    return st && st.samples.length > 1 ? intervalOf(st) : [];
  };
  const values = scored
    .flatMap((r) => shown.flatMap((i) => [r.cells[i]?.value ?? 0, ...ends(i, r)]))
    .filter((v) => v > 0);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const log = max / min > 50;
  const plotW = WIDTH - LABEL_W - 80;
  const lo = log ? Math.floor(Math.log10(min)) : 0;
  const hi = log ? Math.ceil(Math.log10(max)) : max;
  const x = (v: number) => (log ? ((Math.log10(v) - lo) / Math.max(1e-9, hi - lo)) * plotW : (v / hi) * plotW);
  const groupH = shown.length * (BAR_H + 2) + 10;
  // One legend line per column: titles carry device labels and can be long.
  const legendH = 16 * shown.length;
  const top = 24 + legendH;
  const height = top + scored.length * groupH + 20;
  const parts: string[] = [];
  parts.push(`<text x="0" y="14" font-weight="600">${esc(GROUP_TITLES[group])}${log ? ' — log scale' : ''}</text>`);
  shown.forEach((ci, k) => {
    const ly = 22 + k * 16;
    const t = columns[ci].title;
    parts.push(
      `<rect x="0" y="${ly}" width="10" height="10" fill="${PALETTE[k % PALETTE.length]}` +
        `"/><text x="14" y="${ly + 9}" font-size="11">` +
        `${esc(t.length > 100 ? `${t.slice(0, 99)}…` : t)}</text>`,
    );
  });
  scored.forEach((r, ri) => {
    const gy = top + ri * groupH;
    parts.push(
      `<text x="${LABEL_W - 6}" y="${gy + groupH / 2}" text-anchor="end" font-size="11">${esc(r.cells.find((c) => c)?.caseId ?? r.label)}</text>`,
    );
    shown.forEach((ci, k) => {
      const v = r.cells[ci]?.value;
      const y = gy + k * (BAR_H + 2);
      if (!v || v <= 0) {
        parts.push(`<text x="${LABEL_W + 2}" y="${y + BAR_H - 2}" font-size="10">—</text>`);
        return;
      }
      const w = Math.max(1, x(v));
      parts.push(
        `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="` +
          `${PALETTE[k % PALETTE.length]}"><title>` +
          `${esc(`${columns[ci].title}: ${formatNumber(v)} ${r.unit}`)}</title></rect>`,
      );
      const iv = ends(ci, r);
      let labelX = LABEL_W + w + 4;
      if (iv.length === 2) {
        // Error bar: the median's interval, with the coverage its repeat count allows (log axes clip a non-positive lower end at the axis).
        const x0 = LABEL_W + (iv[0] > 0 ? Math.max(0, x(iv[0])) : 0);
        const x1 = LABEL_W + x(iv[1]);
        const cy = y + BAR_H / 2;
        const covers = +(coverageOf(r.cells[ci]!.stat!) * 100).toFixed(2);
        const title = `interval of the median ${formatNumber(iv[0])} – ${formatNumber(iv[1])} ${r.unit} (covers ${covers}%)`;
        parts.push(
          `<path d="M${x0.toFixed(1)} ${cy}H${x1.toFixed(1)}M${x0.toFixed(1)} ${y + 2}V` +
            `${y + BAR_H - 2}M${x1.toFixed(1)} ${y + 2}V${y + BAR_H - 2}" stroke="currentColor" ` +
            `stroke-width="1.2" fill="none"><title>` +
            `${esc(title)}</title></path>`,
        );
        labelX = Math.max(labelX, x1 + 4);
      }
      parts.push(`<text x="${labelX.toFixed(1)}" y="${y + BAR_H - 2}" font-size="10">${esc(formatNumber(v))}</text>`);
    });
  });
  parts.push(
    `<line x1="${LABEL_W}" y1="${top - 4}" x2="${LABEL_W}" y2="${height - 16}" stroke="currentColor" stroke-opacity="0.4"/>`,
  );
  parts.push(
    `<text x="${LABEL_W}" y="${height - 4}" font-size="10">${esc(scored[0].unit)}${log ? `, 10^${lo} … 10^${hi}` : ''}</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="` +
    `${WIDTH}" height="${height}" role="img" aria-label="${esc(GROUP_TITLES[group])}" ` +
    `font-family="system-ui, sans-serif" fill="currentColor">${parts.join('')}</svg>`
  );
}

/** Every group's chart, in group order. */
export function allCharts(rows: Row[], columns: Column[]): string[] {
  const groups: FigureGroup[] = ['train', 'infer', 'matmul', 'conv', 'dispatch', 'loop'];
  return groups.map((g) => groupChart(g, rows, columns)).filter((s) => s);
}
