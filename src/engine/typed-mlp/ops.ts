/**
 * The float32 arithmetic of the typed-array step (model.ts), each op rounded as tfjs-backend-cpu rounds it:
 * activations and their gradients, the blocked dense product, and logSumExp.
 */
import type { Activation } from '../../core/genome';

const fr = Math.fround;

/** tfjs-backend-cpu's matMul block: each output adds up its terms in float64 blocks of this many, then the blocks in float32. */
export const BLOCK = 48;

/** A hidden layer's activation and its gradient, as tfjs computes them. */
export function activateInto(kind: Activation, z: Float32Array, y: Float32Array, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = Math.max(0, z[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'elu':
      for (let i = 0; i < n; i++) y[i] = z[i] >= 0 ? z[i] : Math.exp(z[i]) - 1;
  }
}

/** dz from dy (the gradient at the activation's output), z (its input) and y (its output). */
export function activationGrad(kind: Activation, dy: Float32Array, z: Float32Array, y: Float32Array, n: number): void {
  switch (kind) {
    case 'relu': // mul(dy, step(x)); step keeps NaN
      for (let i = 0; i < n; i++) dy[i] = z[i] > 0 ? dy[i] : Number.isNaN(z[i]) ? NaN : dy[i] * 0;
      return;
    case 'tanh': // mul(sub(1, square(y)), dy)
      for (let i = 0; i < n; i++) dy[i] = fr(1 - fr(y[i] * y[i])) * dy[i];
      return;
    case 'sigmoid': // mul(dy, mul(y, sub(1, y)))
      for (let i = 0; i < n; i++) dy[i] = dy[i] * fr(y[i] * fr(1 - y[i]));
      return;
    case 'elu': // EluGrad: y >= 0 ? dy : dy · (y + 1)
      for (let i = 0; i < n; i++) if (!(y[i] >= 0)) dy[i] = dy[i] * (y[i] + 1);
  }
}

/**
 * out[rows, nout] = inp[rows, nin] · w[nin, nout] + b, as tfjs-backend-cpu
 * sums it (see BLOCK), the product rounded to float32 before the bias is added.
 */
export function dense(
  inp: Float32Array,
  rows: number,
  nin: number,
  w: Float32Array,
  b: Float32Array,
  nout: number,
  out: Float32Array,
  acc: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * nout;
    out.fill(0, o, o + nout);
    for (let i0 = 0; i0 < nin; i0 += BLOCK) {
      acc.fill(0, 0, nout);
      const end = Math.min(i0 + BLOCK, nin);
      for (let i = i0; i < end; i++) {
        const a = inp[r * nin + i];
        const wi = i * nout;
        for (let j = 0; j < nout; j++) acc[j] += a * w[wi + j];
      }
      for (let j = 0; j < nout; j++) out[o + j] += acc[j];
    }
    for (let j = 0; j < nout; j++) out[o + j] += b[j];
  }
}

/** log Σ exp(z[o…o+c]) as tfjs's logSumExp: max, shift, exp, sum, log, add the max back (float32 steps). */
export function logSumExp(z: Float32Array, o: number, c: number): number {
  let max = -Infinity;
  for (let j = 0; j < c; j++) {
    const v = z[o + j];
    if (v > max || Number.isNaN(v)) max = v;
  }
  let s = 0;
  for (let j = 0; j < c; j++) s += fr(Math.exp(fr(z[o + j] - max)));
  return fr(max + fr(Math.log(fr(s))));
}
