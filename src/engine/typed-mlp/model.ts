/**
 * One MLP's training step and evaluation as plain Float32Array loops: what
 * the tfjs step of train.ts computes (forward, softmax cross-entropy, weight
 * penalty, backward), op for op, rounded as tfjs's CPU backend rounds —
 * every op's result is a float32 tensor, so every intermediate here is
 * stored in a Float32Array or passed through Math.fround, element-wise math
 * runs in float64 in between, reductions sum in float64 in index order, and
 * matrix products sum blocks of BLOCK terms in float64 and add the blocks in
 * float32 (tfjs-backend-cpu's batchMatMul). On the CPU backend the result
 * is the tfjs step's to the bit; tfjs-wasm sums in float32 in another order
 * and has its own exp and tanh, so there they agree to float rounding.
 *
 * The formulas are tfjs 4.22's: `softmaxCrossEntropyWithLogits_` (through
 * logSumExp) and its custom gradient, `computeWeightedLoss_`'s mean, the
 * gradients of matMul, add, relu (step of x), tanh and sigmoid (of their
 * output y), elu (EluGrad of y), square and mul; tf.dropout's multiplier
 * floor(u + keep) / keep. No tfjs here: a small model's step is a few
 * thousand multiply-adds, far less than tfjs's per-op machinery costs.
 * The rounded ops themselves are in ops.ts; this file is the step and the evaluation.
 */
import type { Activation } from '../../core/genome';
import { activateInto, activationGrad, BLOCK, dense, logSumExp } from './ops';

const fr = Math.fround;

/** The shape and training settings of one model. */
export interface MlpSpec {
  /** [inputs, hidden widths…, classes]. */
  dims: number[];
  activations: Activation[];
  /** Rows per step. */
  batch: number;
  weightDecay: number;
  dropout: number;
}

/** One MLP: its weights (kernel, bias per layer, row-major [in, out]) and the buffers of a step. */
export class TypedMlp {
  readonly grads: Float32Array[];
  private readonly depth: number;
  /** Per layer l: its pre-activation output z[l], [batch, dims[l+1]], and its gradient. */
  private readonly z: Float32Array[];
  private readonly dz: Float32Array[];
  /** Per hidden layer: the activation's output. */
  private readonly y: Float32Array[];
  /** The input of each layer: the gathered batch, then each hidden layer's output after dropout. */
  private readonly h: Float32Array[];
  /** Dropout multipliers per hidden layer (only with dropout). */
  private readonly mult: Float32Array[];
  private readonly acc: Float64Array;
  private readonly keep: number;

  constructor(
    readonly spec: MlpSpec,
    readonly weights: Float32Array[],
  ) {
    const { dims, batch } = spec;
    this.depth = dims.length - 2;
    this.grads = weights.map((w) => new Float32Array(w.length));
    this.z = dims.slice(1).map((d) => new Float32Array(batch * d));
    this.dz = dims.slice(1).map((d) => new Float32Array(batch * d));
    this.y = dims.slice(1, -1).map((d) => new Float32Array(batch * d));
    this.mult = spec.dropout > 0 ? dims.slice(1, -1).map((d) => new Float32Array(batch * d)) : [];
    this.h = [
      new Float32Array(batch * dims[0]),
      ...(spec.dropout > 0 ? this.mult.map((m) => new Float32Array(m.length)) : this.y),
    ];
    this.acc = new Float64Array(Math.max(...dims.slice(1).map((d, l) => d * dims[l])));
    this.keep = fr(1 - spec.dropout);
  }

  /**
   * One step's loss and gradients (into `grads`) for the rows `idx[at…]` of
   * `x` / `labels`; `noise(l, rows, cols)` gives hidden layer l's dropout
   * uniforms, [rows, cols] row-major (called only with dropout). Returns the loss (with the
   * weight penalty) as tfjs's minimize would.
   */
  lossAndGrads(
    x: Float32Array,
    labels: Int32Array,
    idx: Int32Array,
    at: number,
    noise: (l: number, rows: number, cols: number) => Float32Array,
  ): number {
    const { dims, batch, weightDecay } = this.spec;
    const w = this.weights;
    const d0 = dims[0];
    const x0 = this.h[0];
    for (let r = 0; r < batch; r++) {
      const src = idx[at + r] * d0;
      for (let i = 0; i < d0; i++) x0[r * d0 + i] = x[src + i];
    }
    for (let l = 0; l <= this.depth; l++) {
      dense(this.h[l], batch, dims[l], w[2 * l], w[2 * l + 1], dims[l + 1], this.z[l], this.acc);
      if (l === this.depth) break;
      const n = batch * dims[l + 1];
      activateInto(this.spec.activations[l], this.z[l], this.y[l], n);
      if (this.spec.dropout > 0) {
        const u = noise(l, batch, dims[l + 1]);
        const m = this.mult[l];
        const out = this.h[l + 1];
        for (let i = 0; i < n; i++) {
          m[i] = Math.floor(fr(u[i] + this.keep)) / this.keep;
          out[i] = this.y[l][i] * m[i];
        }
      }
    }
    let loss = this.crossEntropy(labels, idx, at);
    const halfDecay = fr(0.5 * weightDecay);
    if (weightDecay > 0) {
      let penalty = 0;
      for (let l = 0; l <= this.depth; l++) {
        const k = w[2 * l];
        let s = 0;
        for (let i = 0; i < k.length; i++) s += fr(k[i] * k[i]);
        penalty = fr(penalty + fr(s));
      }
      loss = fr(loss + fr(halfDecay * penalty));
    }
    this.backward(halfDecay);
    return loss;
  }

  /** Mean softmax cross-entropy of the batch; its gradient (1/B per row) into dz of the top layer. */
  private crossEntropy(labels: Int32Array, idx: Int32Array, at: number): number {
    const { dims, batch } = this.spec;
    const c = dims[dims.length - 1];
    const z = this.z[this.depth];
    const dz = this.dz[this.depth];
    const perRow = fr(1 / batch);
    let total = 0;
    for (let r = 0; r < batch; r++) {
      const o = r * c;
      const label = labels[idx[at + r]];
      const lse = logSumExp(z, o, c);
      let row = 0;
      for (let j = 0; j < c; j++) {
        const lr = fr(z[o + j] - lse);
        const y = j === label ? 1 : 0;
        row += -(lr * y);
        dz[o + j] = perRow * fr(fr(Math.exp(lr)) - y);
      }
      total += fr(row);
    }
    return fr(fr(total) / batch);
  }

  private backward(halfDecay: number): void {
    const { dims, batch, weightDecay } = this.spec;
    const acc = this.acc;
    for (let l = this.depth; l >= 0; l--) {
      const nin = dims[l];
      const nout = dims[l + 1];
      const inp = this.h[l];
      const dz = this.dz[l];
      const k = this.weights[2 * l];
      const gk = this.grads[2 * l];
      const gb = this.grads[2 * l + 1];
      // d kernel = inpᵀ · dz (summed over the batch as `dense` sums; + the penalty's 0.5·wd · 2k); d bias = dz's column sums.
      gk.fill(0);
      for (let r0 = 0; r0 < batch; r0 += BLOCK) {
        acc.fill(0, 0, nin * nout);
        const end = Math.min(r0 + BLOCK, batch);
        for (let r = r0; r < end; r++)
          for (let i = 0; i < nin; i++) {
            const a = inp[r * nin + i];
            const ai = i * nout;
            const dr = r * nout;
            for (let j = 0; j < nout; j++) acc[ai + j] += a * dz[dr + j];
          }
        for (let i = 0; i < nin * nout; i++) gk[i] += acc[i];
      }
      if (weightDecay > 0) for (let i = 0; i < gk.length; i++) gk[i] = fr(halfDecay * fr(2 * k[i])) + gk[i];
      for (let j = 0; j < nout; j++) {
        let s = 0;
        for (let r = 0; r < batch; r++) s += dz[r * nout + j];
        gb[j] = s;
      }
      if (l === 0) break;
      // d input = dz · kernelᵀ, then through dropout and the activation below.
      const below = this.dz[l - 1];
      for (let r = 0; r < batch; r++)
        for (let i = 0; i < nin; i++) {
          const ai = i * nout;
          const dr = r * nout;
          let sum = 0;
          for (let j0 = 0; j0 < nout; j0 += BLOCK) {
            let s = 0;
            const end = Math.min(j0 + BLOCK, nout);
            for (let j = j0; j < end; j++) s += dz[dr + j] * k[ai + j];
            sum = fr(sum + s);
          }
          below[r * nin + i] = sum;
        }
      const n = batch * nin;
      if (this.spec.dropout > 0) {
        const m = this.mult[l - 1];
        for (let i = 0; i < n; i++) below[i] = below[i] * m[i];
      }
      activationGrad(this.spec.activations[l - 1], below, this.z[l - 1], this.y[l - 1], n);
    }
  }
}

/**
 * Loss (summed) and correct answers of the model over `n` rows of `x`, as
 * train.ts's `evaluate` (chunks of 2048, each chunk's loss a float32 sum
 * added to a float32 total; argMax takes the first largest logit).
 */
export function evaluateTyped(
  spec: MlpSpec,
  weights: readonly Float32Array[],
  x: Float32Array,
  labels: Int32Array,
  n: number,
  chunk = 2048,
): { lossSum: number; hits: number } {
  const dims = spec.dims;
  const depth = dims.length - 2;
  const rows = Math.min(chunk, n);
  const widest = Math.max(...dims);
  let a = new Float32Array(rows * widest);
  let b = new Float32Array(rows * widest);
  const acc = new Float64Array(widest);
  const c = dims[depth + 1];
  let lossSum = 0;
  let hits = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    a.set(x.subarray(start * dims[0], (start + size) * dims[0]));
    for (let l = 0; l <= depth; l++) {
      dense(a, size, dims[l], weights[2 * l], weights[2 * l + 1], dims[l + 1], b, acc);
      if (l < depth) activateInto(spec.activations[l], b, b, size * dims[l + 1]);
      [a, b] = [b, a];
    }
    let chunkLoss = 0;
    for (let r = 0; r < size; r++) {
      const o = r * c;
      const label = labels[start + r];
      const lse = logSumExp(a, o, c);
      let row = 0;
      for (let j = 0; j < c; j++) row += -(fr(a[o + j] - lse) * (j === label ? 1 : 0));
      chunkLoss += fr(row);
      let best = 0;
      for (let j = 1; j < c; j++) if (a[o + j] > a[o + best]) best = j;
      if (best === label) hits++;
    }
    lossSum = fr(lossSum + fr(chunkLoss));
  }
  return { lossSum, hits };
}
