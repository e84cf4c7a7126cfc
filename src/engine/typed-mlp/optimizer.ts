/**
 * SGD, momentum and Adam on Float32Arrays, repeating tfjs 4.22's update
 * formulas op for op (each op's result rounded to float32) with the
 * constants of ../optimizer.ts — what `makeOptimizer`'s tfjs optimizer
 * does to the same weights and gradients, and the state it keeps, in the
 * `OptimizerState` form train.ts reads and restores.
 */
import type { OptimizerName } from '../../core/genome';
import { ADAM_BETA1, ADAM_BETA2, MOMENTUM, stateFits, type OptimizerState } from '../optimizer';

const fr = Math.fround;

/** One model's optimizer over its variables (one array each). */
export class TypedOptimizer {
  private readonly slots: Float32Array[][];
  private iterations: number;
  private accBeta1: number;
  private accBeta2: number;
  private readonly negLr: number;

  constructor(
    private readonly kind: OptimizerName,
    learningRate: number,
    sizes: readonly number[],
    private readonly epsilon: number,
    init?: OptimizerState | null,
  ) {
    this.negLr = fr(-learningRate);
    const fits = stateFits(init, kind, sizes);
    const count = kind === 'sgd' ? 0 : kind === 'momentum' ? 1 : 2;
    this.slots = Array.from({ length: count }, (_, s) =>
      sizes.map((n, i) => (fits ? Float32Array.from(init!.slots[s][i]) : new Float32Array(n))),
    );
    this.iterations = fits ? init!.iterations : 0;
    // tfjs keeps Adam's β powers as float32 variables; a restored optimizer sets them to β^(iterations + 1).
    const power = (beta: number) => (this.iterations > 0 ? fr(Math.pow(fr(beta), this.iterations + 1)) : fr(beta));
    this.accBeta1 = power(ADAM_BETA1);
    this.accBeta2 = power(ADAM_BETA2);
  }

  /** One update of every variable from its gradient (same order). */
  apply(weights: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const c = this.negLr;
    if (this.kind === 'sgd') {
      // value + (-lr) · g
      for (let v = 0; v < weights.length; v++) {
        const w = weights[v];
        const g = grads[v];
        for (let i = 0; i < w.length; i++) w[i] = fr(c * g[i]) + w[i];
      }
    } else if (this.kind === 'momentum') {
      // accumulation ← m · accumulation + g; value + (-lr) · accumulation
      const m = fr(MOMENTUM);
      for (let v = 0; v < weights.length; v++) {
        const w = weights[v];
        const g = grads[v];
        const a = this.slots[0][v];
        for (let i = 0; i < w.length; i++) {
          a[i] = fr(m * a[i]) + g[i];
          w[i] = fr(c * a[i]) + w[i];
        }
      }
    } else this.adam(weights, grads);
    this.iterations++;
  }

  private adam(weights: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const b1 = fr(ADAM_BETA1);
    const b2 = fr(ADAM_BETA2);
    const oneMinusB1 = fr(1 - ADAM_BETA1);
    const oneMinusB2 = fr(1 - ADAM_BETA2);
    const oneMinusAcc1 = fr(1 - this.accBeta1);
    const oneMinusAcc2 = fr(1 - this.accBeta2);
    const eps = fr(this.epsilon);
    const c = this.negLr;
    for (let v = 0; v < weights.length; v++) {
      const w = weights[v];
      const g = grads[v];
      const m = this.slots[0][v];
      const s = this.slots[1][v];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        m[i] = fr(m[i] * b1) + fr(gi * oneMinusB1);
        s[i] = fr(s[i] * b2) + fr(fr(gi * gi) * oneMinusB2);
        const mHat = fr(m[i] / oneMinusAcc1);
        const sHat = fr(s[i] / oneMinusAcc2);
        w[i] = fr(fr(mHat / fr(fr(Math.sqrt(sHat)) + eps)) * c) + w[i];
      }
    }
    this.accBeta1 = fr(this.accBeta1 * b1);
    this.accBeta2 = fr(this.accBeta2 * b2);
  }

  /** The state, as `readOptimizerState` reads a tfjs optimizer's (copies). */
  state(): OptimizerState {
    return { optimizer: this.kind, iterations: this.iterations, slots: this.slots.map((s) => s.map((a) => a.slice())) };
  }
}
