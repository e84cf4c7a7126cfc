/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
 * 3", SC 2011): a counter-based generator — four 32-bit words of output are
 * a pure function of a 2-word key and a 4-word counter — so any element of
 * a noise tensor can be drawn on its own, in any order, on the host or in a
 * GPU kernel, with the same bits. Dropout noise draws from it on every path
 * (models/ alone, the typed-array step, the plain batched step, the fused
 * WGSL kernels), which keeps a child trained in a group equal to the child
 * trained alone.
 *
 * Noise element (row, col) of a [rows, cols] draw keyed by `key` is output
 * word col & 3 of counter (row, col >> 2, 0, 0); its uniform value in [0, 1)
 * is its top 24 bits × 2⁻²⁴ (exact in float32).
 */

/** Philox4x32's multipliers (M0, M1) and key increments (W0, W1): the WGSL copy (fused/kernels.ts) takes them from here. */
export const PHILOX_CONSTANTS = { M0: 0xd2511f53, M1: 0xcd9e8d57, W0: 0x9e3779b9, W1: 0xbb67ae85 } as const;
const { M0, M1, W0, W1 } = PHILOX_CONSTANTS;

/** The high 32 bits of a × b (both u32), exactly: 16-bit halves keep every partial product below 2⁵³. */
function mulHi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const m1 = aH * bL + ((aL * bL) >>> 16);
  const m2 = aL * bH + (m1 & 0xffff);
  return (aH * bH + Math.floor(m1 / 65536) + Math.floor(m2 / 65536)) >>> 0;
}

/** The four output words for a key and counter. */
export function philox(k0: number, k1: number, c0: number, c1: number, c2: number, c3: number): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let a = k0 >>> 0;
  let b = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulHi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulHi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ a) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ b) >>> 0;
    x3 = lo0;
    a = (a + W0) >>> 0;
    b = (b + W1) >>> 0;
  }
  return Uint32Array.of(x0, x1, x2, x3);
}

/** The second key word of every dropout draw (the first is the draw's seed). */
export const DROPOUT_KEY = 0x64726f70; // "drop"

/** A [rows, cols] draw of uniform [0, 1) noise keyed by `seed`, row-major, written into `out` at `offset` with row stride `stride`. */
export function uniformNoise(
  seed: number,
  rows: number,
  cols: number,
  out: Float32Array = new Float32Array(rows * cols),
  offset = 0,
  stride = cols,
): Float32Array {
  for (let r = 0; r < rows; r++)
    for (let c4 = 0; c4 < cols; c4 += 4) {
      const w = philox(seed, DROPOUT_KEY, r, c4 >>> 2, 0, 0);
      for (let j = 0; j < 4 && c4 + j < cols; j++) out[offset + r * stride + c4 + j] = (w[j] >>> 8) * 2 ** -24;
    }
  return out;
}
