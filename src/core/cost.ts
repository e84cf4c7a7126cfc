/**
 * Analytic cost of a genome: trainable parameters and FLOPs. Counting is
 * analytic (not measured) so it is identical on every backend and can be
 * used as a budget. One multiply-add counts as 2 FLOPs; a training step is
 * the forward pass, the backward pass for the weights (another forward's
 * worth) and for the activations (a third), except that the first layer
 * needs no gradient for its input: 3F − F₁ per example. Element-wise work is
 * not counted. Evaluation costs one forward pass per example.
 */
import type { Architecture, Genome } from './genome';

/** Shapes of every layer's trainable tensors plus forward FLOPs per example. */
export interface LayerCost {
  kind: 'dense' | 'conv';
  /** Weight shape: [in, out] for dense, [k, k, cin, cout] for conv. */
  kernelShape: number[];
  /** Output shape of the layer for one example (after pooling, for conv). */
  outShape: number[];
  params: number;
  forwardFlops: number;
}

/** Per-layer costs of an architecture for the given input shape and class count. */
export function layerCosts(arch: Architecture, inputShape: number[], numClasses: number): LayerCost[] {
  const out: LayerCost[] = [];
  let flat: number;
  const dense = (units: number) => {
    out.push({
      kind: 'dense',
      kernelShape: [flat, units],
      outShape: [units],
      params: flat * units + units,
      forwardFlops: 2 * flat * units,
    });
    flat = units;
  };
  if (arch.family === 'mlp') {
    flat = inputShape.reduce((a, b) => a * b, 1);
    for (const l of arch.layers) dense(l.units);
  } else {
    let [h, w, c] = inputShape.length === 3 ? inputShape : [inputShape[0], 1, 1];
    for (const b of arch.blocks) {
      const flops = 2 * b.kernel * b.kernel * c * b.filters * h * w;
      if (b.pool) {
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
      }
      out.push({
        kind: 'conv',
        kernelShape: [b.kernel, b.kernel, c, b.filters],
        outShape: [h, w, b.filters],
        params: b.kernel * b.kernel * c * b.filters + b.filters,
        forwardFlops: flops,
      });
      c = b.filters;
    }
    flat = h * w * c;
    for (const l of arch.head) dense(l.units);
  }
  dense(numClasses);
  return out;
}

/** Analytic cost of one genome on a task. */
export interface GenomeCost {
  params: number;
  /** Forward FLOPs for one example. */
  forwardFlops: number;
  /** FLOPs of one training step at the genome's batch size. */
  flopsPerStep: number;
}

/** FLOPs of evaluating a genome (forward only) on `examples` examples. */
export const evalFlops = (cost: GenomeCost, examples: number): number => cost.forwardFlops * examples;

/** Parameters and FLOPs of a genome for the given input shape and classes. */
export function genomeCost(g: Genome, inputShape: number[], numClasses: number): GenomeCost {
  const layers = layerCosts(g.arch, inputShape, numClasses);
  const params = layers.reduce((s, l) => s + l.params, 0);
  const forwardFlops = layers.reduce((s, l) => s + l.forwardFlops, 0);
  const firstLayer = layers[0]?.forwardFlops ?? 0;
  return { params, forwardFlops, flopsPerStep: (3 * forwardFlops - firstLayer) * g.hyper.batchSize };
}
