/**
 * The order in which a model sees its training examples: epochs of seeded
 * Fisher–Yates shuffles, a batch at a time, the tail of an epoch that does
 * not fill a batch skipped. One module because batched training equals
 * training alone only if every trainer (train.ts, population/train-group.ts,
 * the benchmark's training workload) draws exactly this order.
 */
import type { Rng } from './rng';

/** A model's minibatch order, drawn from its own RNG. */
export class DataOrder {
  private readonly order: Int32Array;
  private cursor: number;
  constructor(
    private readonly rng: Rng,
    private readonly n: number,
    readonly batch: number,
  ) {
    this.order = new Int32Array(n).map((_, i) => i);
    this.cursor = n; // forces a shuffle before the first batch
  }

  /** Writes the next batch's indices into out[at…]. */
  next(out: Int32Array, at = 0): void {
    if (this.cursor + this.batch > this.n) {
      for (let i = this.n - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = this.order[i];
        this.order[i] = this.order[j];
        this.order[j] = t;
      }
      this.cursor = 0;
    }
    out.set(this.order.subarray(this.cursor, this.cursor + this.batch), at);
    this.cursor += this.batch;
  }

  /** The next batch's indices as a new array. */
  nextBatch(): Int32Array {
    const out = new Int32Array(this.batch);
    this.next(out);
    return out;
  }
}
