/**
 * Which children of a generation train together as one batched model.
 *
 * The grouping rule:
 * - MLPs (the `mlp` family) group with MLPs of the same depth (number of
 *   hidden layers) and the same step budget. Everything else may differ:
 *   layer widths (padded to the widest, masked), each layer's activation
 *   (selected per model by masks), batch size (padded to the largest; padded
 *   rows weigh 0 in the loss), optimizer (each model's own update selected by
 *   masks), learning rate, weight decay, dropout rate, initial weights.
 * - CNNs group only with CNNs of the identical architecture (blocks,
 *   activation, head), batch size and step budget; their optimizer and other
 *   hyperparameters may differ. Nothing of a CNN is padded.
 * - Padding costs arithmetic, so a group is closed when its padded work
 *   (K × largest batch × padded weights) would exceed `maxWaste` times the
 *   work its members would do alone; children are taken cheapest first.
 * - A group is also closed at `maxSize` models or when its largest tensor
 *   (K × batch × the largest per-example activation: the gathered inputs, a
 *   layer's output, a conv block's im2col windows) would pass
 *   `maxTensorFloats`: WebGPU binds each tensor as one storage buffer,
 *   128 MiB by default.
 * A group of one trains alone.
 */
import type { Genome } from '../../core/genome';
import { cnnPerExampleFloats } from '../../../models/batched-cnn';

/** One child to place: its genome and step budget. */
export interface GroupCandidate {
  genome: Genome;
  steps: number;
  /** Steps its optimizer has already taken (a continued child): a group shares Adam's bias correction, so shares this too. */
  optimizerSteps?: number;
}

/** Limits of the grouping rule. */
export interface GroupLimits {
  /** Padded work may be at most this many times the members' own work. */
  maxWaste: number;
  maxSize: number;
  /** Largest K × batch × width (floats) of any one tensor of the group. */
  maxTensorFloats: number;
  /** MLPs whose step costs more multiply-adds (batch × weights) than this train alone. */
  maxWorkPerModel: number;
}

export const DEFAULT_LIMITS: GroupLimits = {
  maxWaste: 1.5,
  maxSize: 256,
  maxTensorFloats: 1 << 24,
  maxWorkPerModel: Infinity,
};

/**
 * The limits on a backend. Batching pays by sharing per-op and per-dispatch
 * overhead, which GPUs have plenty of; on the tfjs CPU backend a large MLP's
 * step has little overhead left to share, and there batching it was measured
 * slower (K = 6, this project's 2-core VM): 784-128-10 batch 128 (13 M
 * multiply-adds per step) 1.02×, 784-256-10 batch 256 (52 M) 0.78×. On wasm
 * every batched product is one plain XNNPACK product per model
 * (../wasm-matmul.ts), the same products as alone, and batching no longer
 * loses: 784-256-10 batch 256 batched ÷ alone 1.21× at K = 8, 1.17× at K = 32
 * (before, through the scalar loop, 0.80× and 0.53×, and a cap of 0.4 M).
 */
export function limitsFor(backend: string): GroupLimits {
  if (backend === 'cpu') return { ...DEFAULT_LIMITS, maxWorkPerModel: 16_000_000 };
  return DEFAULT_LIMITS;
}

/** What the grouping rule needs to know about a child. */
interface Shape {
  index: number;
  key: string;
  /** Dense layer sizes, padded within a group (MLPs); null for CNNs, which are never padded. */
  dims: number[] | null;
  batch: number;
  /** Floats of the largest per-example tensor. */
  perExample: number;
  /** Multiply-adds per step: batch × weights (MLPs); for CNNs only compared within equal shapes. */
  work: number;
}

function shapeOf(
  c: GroupCandidate,
  index: number,
  inputShape: number[],
  numClasses: number,
  trainN: number,
): Shape | null {
  const a = c.genome.arch;
  const batch = Math.min(c.genome.hyper.batchSize, trainN);
  if (a.family === 'cnn') {
    if (inputShape.length !== 3) return null;
    return {
      index,
      key: `cnn/${JSON.stringify(a)}/${batch}/${c.steps}/${c.optimizerSteps ?? 0}`,
      dims: null,
      batch,
      perExample: cnnPerExampleFloats(a, inputShape),
      work: 1,
    };
  }
  const dims = [inputShape.reduce((x, y) => x * y, 1), ...a.layers.map((l) => l.units), numClasses];
  return {
    index,
    key: `mlp/${a.layers.length}/${c.steps}/${c.optimizerSteps ?? 0}`,
    dims,
    batch,
    perExample: Math.max(...dims),
    work: batch * weightsOf(dims),
  };
}

const weightsOf = (dims: readonly number[]) => dims.slice(1).reduce((s, d, i) => s + dims[i] * d, 0);

/**
 * Splits children (by index) into groups that train together; each group's
 * indices ascend, and groups are ordered by their first index. Children that
 * cannot be batched are groups of one.
 */
export function planGroups(
  children: readonly GroupCandidate[],
  inputShape: number[],
  numClasses: number,
  trainN: number,
  limits: GroupLimits = DEFAULT_LIMITS,
): number[][] {
  const groups: number[][] = [];
  const byKey = new Map<string, Shape[]>();
  children.forEach((c, i) => {
    const s = shapeOf(c, i, inputShape, numClasses, trainN);
    if (!s || (s.dims && s.work > limits.maxWorkPerModel)) groups.push([i]);
    else byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  });
  for (const shapes of byKey.values()) {
    // Cheapest first, so each group gathers models of similar size.
    const sorted = shapes.slice().sort((a, b) => a.work - b.work || a.index - b.index);
    let current: Shape[] = [];
    const close = () => {
      if (current.length > 0) groups.push(current.map((s) => s.index).sort((a, b) => a - b));
      current = [];
    };
    for (const s of sorted) {
      if (current.length > 0 && !fits([...current, s], limits)) close();
      current.push(s);
    }
    close();
  }
  return groups.sort((a, b) => a[0] - b[0]);
}

/** Whether these children may form one group under the limits. */
function fits(group: readonly Shape[], limits: GroupLimits): boolean {
  const k = group.length;
  if (k > limits.maxSize) return false;
  const batch = Math.max(...group.map((s) => s.batch));
  const first = group[0].dims;
  if (!first) return k * batch * group[0].perExample <= limits.maxTensorFloats;
  const dims = first.map((_, i) => Math.max(...group.map((s) => s.dims![i])));
  if (k * batch * Math.max(...dims) > limits.maxTensorFloats) return false;
  if (k * Math.max(...dims.slice(1).map((d, i) => dims[i] * d)) > limits.maxTensorFloats) return false;
  const own = group.reduce((s, g) => s + g.work, 0);
  return k * batch * weightsOf(dims) <= limits.maxWaste * own;
}
