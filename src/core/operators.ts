/**
 * Operators: named, seeded, small changes to a genome. Each one clones its
 * input, so a parent is never modified, and clamps into the task's search
 * space. `scale` (≥ 0, usually ≈1) sizes continuous steps; the self-adaptive
 * proposer evolves it.
 */
import type { Genome } from './genome';
import { ACTIVATIONS, cloneGenome, describeArch } from './genome';
import { OPERATOR_NAMES, type OperatorName } from './operator-names';
import type { Rng } from './rng';
import type { SearchSpace } from './space';
import { clamp, nearestBatchSize } from './space';

/** One named mutation. */
export interface Operator {
  name: OperatorName;
  /** Whether the operator can change this genome within the space. */
  applies(g: Genome, space: SearchSpace): boolean;
  /** Returns the changed clone and a short description of the change. */
  apply(g: Genome, space: SearchSpace, rng: Rng, scale: number): { genome: Genome; change: string };
}

const fmt = (x: number): string => (Math.abs(x) < 0.01 || Math.abs(x) >= 1000 ? x.toExponential(1) : x.toPrecision(2));

/** Hidden dense layers of either family (mlp layers, cnn head). */
const denseOf = (g: Genome) => (g.arch.family === 'mlp' ? g.arch.layers : g.arch.head);

const op = (o: Operator): Operator => o;

export const OPERATORS: readonly Operator[] = [
  op({
    name: 'lr-scale',
    applies: () => true,
    apply(g, space, rng, scale) {
      const out = cloneGenome(g);
      const before = out.hyper.learningRate;
      // A factor of e^(±(0.5 + 0.7|N|)·scale): about ×3 on average, so a few
      // steps cross a decade, and never a no-op (at a bound it steps away from it).
      const size = (0.5 + Math.abs(rng.normal()) * 0.7) * Math.max(scale, 0.05);
      const sign = rng.next() < 0.5 ? -1 : 1;
      const away = before <= space.learningRate.min ? 1 : before >= space.learningRate.max ? -1 : 0;
      const step = size * (away || sign);
      out.hyper.learningRate = clamp(before * Math.exp(step), space.learningRate.min, space.learningRate.max);
      return { genome: out, change: `lr ${fmt(before)}→${fmt(out.hyper.learningRate)}` };
    },
  }),
  op({
    name: 'batch-size',
    applies: (_g, space) => space.batchSizes.length > 1,
    apply(g, space, rng) {
      const out = cloneGenome(g);
      const before = out.hyper.batchSize;
      const i = space.batchSizes.indexOf(nearestBatchSize(space, before));
      const neighbours = [i - 1, i + 1].filter((j) => j >= 0 && j < space.batchSizes.length);
      const k = rng.pick(neighbours);
      out.hyper.batchSize = space.batchSizes[k];
      return { genome: out, change: `batch ${before}→${out.hyper.batchSize}` };
    },
  }),
  op({
    name: 'swap-optimizer',
    applies: (_g, space) => space.optimizers.length > 1,
    apply(g, space, rng) {
      const out = cloneGenome(g);
      const before = out.hyper.optimizer;
      out.hyper.optimizer = rng.pick(space.optimizers.filter((o) => o !== before));
      return { genome: out, change: `optimizer ${before}→${out.hyper.optimizer}` };
    },
  }),
  op({
    name: 'weight-decay',
    applies: () => true,
    apply(g, space, rng, scale) {
      const out = cloneGenome(g);
      const before = out.hyper.weightDecay;
      const floor = Math.max(space.weightDecay.min, 1e-6);
      let next: number;
      if (before < floor) next = floor * Math.exp(rng.uniform(0, Math.log(space.weightDecay.max / floor) / 2));
      else if (rng.next() < 0.2) next = 0;
      else {
        // At a bound, step away from it so the change is never a no-op.
        const z = rng.normal() * Math.max(scale, 0.05);
        const away = before >= space.weightDecay.max ? -1 : before <= floor ? 1 : 0;
        next = before * Math.exp(away ? away * Math.abs(z) : z);
      }
      out.hyper.weightDecay = next === 0 ? 0 : clamp(next, floor, space.weightDecay.max);
      return { genome: out, change: `weight decay ${fmt(before)}→${fmt(out.hyper.weightDecay)}` };
    },
  }),
  op({
    name: 'dropout',
    applies: (_g, space) => space.dropout.max > 0,
    apply(g, space, rng, scale) {
      const out = cloneGenome(g);
      const before = out.hyper.dropout;
      // Step away from a bound rather than into it, so the change is never a no-op.
      const dir = before <= 0 ? 1 : before >= space.dropout.max ? -1 : rng.next() < 0.5 ? -1 : 1;
      const next = before + dir * (0.05 + 0.1 * Math.abs(rng.normal()) * scale);
      out.hyper.dropout = Math.round(clamp(next, 0, space.dropout.max) * 100) / 100;
      return { genome: out, change: `dropout ${before.toFixed(2)}→${out.hyper.dropout.toFixed(2)}` };
    },
  }),
  op({
    name: 'add-layer',
    applies: (g, space) => denseOf(g).length < space.layers.max,
    apply(g, space, rng) {
      const out = cloneGenome(g);
      const layers = denseOf(out);
      const at = rng.int(layers.length + 1);
      const near = layers[Math.min(at, layers.length - 1)];
      const units = near ? near.units : Math.max(space.units.min, 8);
      layers.splice(at, 0, {
        units: clamp(units, space.units.min, space.units.max),
        activation: near ? near.activation : 'relu',
      });
      return { genome: out, change: `add layer ${at} (${units})` };
    },
  }),
  op({
    name: 'remove-layer',
    applies: (g, space) => denseOf(g).length > space.layers.min,
    apply(g, _space, rng) {
      const out = cloneGenome(g);
      const layers = denseOf(out);
      const at = rng.int(layers.length);
      const [gone] = layers.splice(at, 1);
      return { genome: out, change: `remove layer ${at} (${gone.units})` };
    },
  }),
  op({
    name: 'widen',
    applies: (g, space) => denseOf(g).some((l) => l.units < space.units.max),
    apply(g, space, rng, scale) {
      const out = cloneGenome(g);
      const layers = denseOf(out);
      const candidates = layers.map((_l, i) => i).filter((i) => layers[i].units < space.units.max);
      const i = rng.pick(candidates);
      const before = layers[i].units;
      const factor = 1 + 0.5 * Math.max(scale, 0.1) * (0.5 + rng.next());
      layers[i].units = clamp(Math.max(before + 1, Math.round(before * factor)), space.units.min, space.units.max);
      return { genome: out, change: `widen layer ${i} ${before}→${layers[i].units}` };
    },
  }),
  op({
    name: 'narrow',
    applies: (g, space) => denseOf(g).some((l) => l.units > space.units.min),
    apply(g, space, rng, scale) {
      const out = cloneGenome(g);
      const layers = denseOf(out);
      const candidates = layers.map((_l, i) => i).filter((i) => layers[i].units > space.units.min);
      const i = rng.pick(candidates);
      const before = layers[i].units;
      const factor = 1 + 0.5 * Math.max(scale, 0.1) * (0.5 + rng.next());
      layers[i].units = clamp(Math.min(before - 1, Math.round(before / factor)), space.units.min, space.units.max);
      return { genome: out, change: `narrow layer ${i} ${before}→${layers[i].units}` };
    },
  }),
  op({
    name: 'change-activation',
    applies: (g, space) => space.activations.length > 1 && (g.arch.family === 'cnn' || g.arch.layers.length > 0),
    apply(g, space, rng) {
      const out = cloneGenome(g);
      const options = space.activations.filter((a) => (ACTIVATIONS as readonly string[]).includes(a));
      if (out.arch.family === 'cnn') {
        const before = out.arch.activation;
        out.arch.activation = rng.pick(options.filter((a) => a !== before));
        return { genome: out, change: `activation ${before}→${out.arch.activation}` };
      }
      const layers = out.arch.layers;
      const i = rng.int(layers.length);
      const before = layers[i].activation;
      const next = rng.pick(options.filter((a) => a !== before));
      // Usually the whole stack changes together; sometimes one layer alone.
      if (rng.next() < 0.7) for (const l of layers) l.activation = next;
      else layers[i].activation = next;
      return { genome: out, change: `activation ${before}→${next}` };
    },
  }),
  op({
    name: 'add-conv-block',
    applies: (g, space) => g.arch.family === 'cnn' && g.arch.blocks.length < space.conv.maxBlocks,
    apply(g, space, rng) {
      const out = cloneGenome(g);
      if (out.arch.family !== 'cnn') throw new Error('add-conv-block needs a cnn');
      const last = out.arch.blocks[out.arch.blocks.length - 1];
      const filters = clamp(
        last ? last.filters * 2 : space.conv.filtersMin,
        space.conv.filtersMin,
        space.conv.filtersMax,
      );
      // Only pool if the feature map stays at least 3×3 (28 → 14 → 7 → 3).
      const pools = out.arch.blocks.filter((b) => b.pool).length;
      out.arch.blocks.push({ filters, kernel: rng.pick(space.conv.kernels), pool: pools < 3 });
      return { genome: out, change: `add conv block (${filters} filters)` };
    },
  }),
  op({
    name: 'remove-conv-block',
    applies: (g, space) => g.arch.family === 'cnn' && g.arch.blocks.length > Math.max(1, space.conv.minBlocks),
    apply(g, _space, rng) {
      const out = cloneGenome(g);
      if (out.arch.family !== 'cnn') throw new Error('remove-conv-block needs a cnn');
      const at = rng.int(out.arch.blocks.length);
      out.arch.blocks.splice(at, 1);
      return { genome: out, change: `remove conv block ${at}` };
    },
  }),
  op({
    name: 'conv-filters',
    applies: (g) => g.arch.family === 'cnn',
    apply(g, space, rng, scale) {
      const out = cloneGenome(g);
      if (out.arch.family !== 'cnn') throw new Error('conv-filters needs a cnn');
      const i = rng.int(out.arch.blocks.length);
      const before = out.arch.blocks[i].filters;
      const factor = Math.exp((rng.next() < 0.5 ? -1 : 1) * 0.5 * Math.max(scale, 0.1));
      let next = clamp(Math.round(before * factor), space.conv.filtersMin, space.conv.filtersMax);
      if (next === before)
        next = clamp(before + (before < space.conv.filtersMax ? 1 : -1), space.conv.filtersMin, space.conv.filtersMax);
      out.arch.blocks[i].filters = next;
      return { genome: out, change: `conv block ${i} filters ${before}→${next}` };
    },
  }),
  op({
    name: 'switch-family',
    applies: (_g, space) => space.families.length > 1,
    apply(g, space) {
      const out = cloneGenome(g);
      const dense = denseOf(out).slice(0, space.layers.max);
      const before = describeArch(out.arch);
      if (out.arch.family === 'mlp') {
        out.arch = {
          family: 'cnn',
          blocks: [{ filters: space.conv.filtersMin * 2, kernel: space.conv.kernels[0], pool: true }],
          activation: dense[0]?.activation ?? 'relu',
          head: dense.slice(0, 1),
        };
      } else {
        out.arch = { family: 'mlp', layers: dense.length ? dense : [{ units: 32, activation: out.arch.activation }] };
      }
      return { genome: out, change: `${before} → ${describeArch(out.arch)}` };
    },
  }),
];

export { OPERATOR_NAMES, type OperatorName };

/** Looks an operator up by name. */
export function getOperator(name: string): Operator {
  const found = OPERATORS.find((o) => o.name === name);
  if (!found) throw new Error(`unknown operator "${name}"`);
  return found;
}

/** Operators that can change this genome within the space. */
export function applicableOperators(g: Genome, space: SearchSpace): Operator[] {
  return OPERATORS.filter((o) => o.applies(g, space));
}
