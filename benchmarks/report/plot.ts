/**
 * The sweep plot as a standalone SVG. The headline is the champion's
 * held-out (test) accuracy per generation — data selection never read — as
 * a thick line with its 95% band, one per proposer; the validation curve it
 * was selected on is drawn thin and faint beside it, so a gap between the
 * two (selection optimism) shows at a glance.
 * Colours are Okabe–Ito (colour-blind safe); lines also differ in dash.
 */
import type { Estimate } from '../../src/core/stats';
import type { ProposerSummary } from '../../src/core/sweep-summary';

const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '4 4', ''];

export function bestSoFarSvg(task: string, proposers: readonly ProposerSummary[], width = 720, height = 420): string {
  const m = { l: 56, r: 160, t: 36, b: 44 };
  const w = width - m.l - m.r;
  const h = height - m.t - m.b;
  const gens = Math.max(1, ...proposers.map((p) => Math.max(p.curve.length, p.heldOutCurve.length)));
  const lows = proposers.flatMap((p) => [...p.heldOutCurve.map((e) => e.lo), ...p.curve.map((e) => e.mean)]);
  const yMin = Math.max(0, Math.floor((Math.min(...lows, 1) - 0.02) * 20) / 20);
  const yMax = 1;
  const x = (g: number) => m.l + (gens === 1 ? w / 2 : (g / (gens - 1)) * w);
  const y = (v: number) => m.t + (1 - (v - yMin) / (yMax - yMin)) * h;
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(
    `<text x="${m.l}" y="20" font-size="14" font-weight="600">${task}: champion's held-out (test) accuracy, mean and 95% band; thin: validation</text>`,
  );
  for (let k = 0; k <= 5; k++) {
    const v = yMin + ((yMax - yMin) * k) / 5;
    parts.push(`<line x1="${m.l}" x2="${m.l + w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${(v * 100).toFixed(0)}%</text>`,
    );
  }
  for (let g = 0; g < gens; g++)
    parts.push(`<text x="${x(g).toFixed(1)}" y="${m.t + h + 16}" font-size="11" text-anchor="middle">${g}</text>`);
  parts.push(`<text x="${m.l + w / 2}" y="${height - 8}" font-size="12" text-anchor="middle">generation</text>`);
  proposers.forEach((p, i) => {
    const c = COLOURS[i % COLOURS.length];
    const dash = DASHES[i % DASHES.length];
    const points = (curve: readonly Estimate[]) =>
      curve.map((e, g) => `${x(g).toFixed(1)},${y(e.mean).toFixed(1)}`).join(' ');
    const upper = p.heldOutCurve.map((e, g) => `${x(g).toFixed(1)},${y(e.hi).toFixed(1)}`);
    const lower = p.heldOutCurve.map((e, g) => `${x(g).toFixed(1)},${y(e.lo).toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${c}" fill-opacity="0.15" stroke="none"/>`);
    parts.push(
      `<polyline class="validation" points="${points(p.curve)}" fill="none" stroke="${c}" stroke-opacity="0.5" stroke-width="1.1" stroke-dasharray="${dash}"/>`,
    );
    parts.push(
      `<polyline class="held-out" points="${points(p.heldOutCurve)}" fill="none" stroke="${c}" stroke-width="2.4" stroke-dasharray="${dash}"/>`,
    );
    const ly = m.t + 14 + i * 20;
    parts.push(
      `<line x1="${m.l + w + 14}" x2="${m.l + w + 40}" y1="${ly - 4}" y2="${ly - 4}" ` +
        `stroke="${c}" stroke-width="2.2" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`,
    );
    parts.push(`<text x="${m.l + w + 46}" y="${ly}" font-size="12">${p.proposer} (n=${p.seeds.length})</text>`);
  });
  const ky = m.t + 24 + proposers.length * 20;
  parts.push(
    `<line x1="${m.l + w + 14}" x2="${m.l + w + 40}" y1="${ky - 4}" y2="${ky - 4}" stroke="#000" stroke-width="2.4"/>`,
    `<text x="${m.l + w + 46}" y="${ky}" font-size="11">held-out (test)</text>`,
    `<line x1="${m.l + w + 14}" x2="${m.l + w + 40}" y1="${ky + 14}" y2="${ky + 14}" stroke="#000" stroke-opacity="0.5" stroke-width="1.1"/>`,
    `<text x="${m.l + w + 46}" y="${ky + 18}" font-size="11">validation</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif">${parts.join('')}</svg>\n`
  );
}
