/**
 * Colours that stay distinct for colour-blind readers: the Okabe–Ito palette
 * for categories (runs, classes, statuses) and viridis for fitness, which is
 * perceptually uniform and readable in greyscale. Status is never shown by
 * colour alone: shapes and labels carry it too.
 */

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

/** Colours for overlaid runs, most distinct first. */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.green,
  OKABE_ITO.purple,
  OKABE_ITO.sky,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
];

/** The two classes of a 2-D task (blue and orange, as in TensorFlow Playground). */
export const CLASS_COLOURS = [OKABE_ITO.orange, OKABE_ITO.blue] as const;

// Nine samples of matplotlib's viridis, from dark purple to yellow.
const VIRIDIS = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
];

/** Viridis at t ∈ [0, 1], as an `rgb()` string. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Black or white, whichever reads better on viridis at t. */
export const inkOnViridis = (t: number): string => (t > 0.55 ? '#000' : '#fff');

/** A colour as [r, g, b] (0–255), from `#rrggbb`. */
export function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** `#rrggbb` with an alpha, as `rgba()`; other colour strings pass through. */
export function withAlpha(colour: string, alpha: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(colour)) return colour;
  const [r, g, b] = rgbOf(colour);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
