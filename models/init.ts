/**
 * Weight initialisation on the CPU from the seeded RNG, so that the same
 * seed gives the same starting weights on every backend (tfjs's own
 * initialisers draw from their own generator). `initialWeights` is the one
 * draw every way of building a model starts from (net.ts alone, the batched
 * families in a group), so a batched model starts where it would alone and
 * leaves its RNG at the same point for the data order that follows.
 */
import type { Architecture } from '../src/core/genome';
import type { Rng } from '../src/core/rng';
import { variableShapes, type InitialWeights } from './layers';

/** Glorot/Xavier uniform: keeps activation variance steady through layers. */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

/**
 * A model's starting weights in `variables` order (conv kernels [k, k, cin,
 * cout] row-major): Glorot-uniform kernels and zero biases drawn from `rng`,
 * or `init` (a parent's), which must match every shape. Fresh values are
 * drawn even when `init` replaces them, so the RNG always ends at the same
 * point. Throws for a CNN without an image input or init weights of the wrong size.
 */
export function initialWeights(
  arch: Architecture,
  inputShape: number[],
  numClasses: number,
  rng: Rng,
  init: InitialWeights,
): Float32Array[] {
  if (arch.family === 'cnn' && inputShape.length !== 3)
    throw new Error(`cnn needs an image input [h, w, c], got [${inputShape.join(', ')}]`);
  return variableShapes(arch, inputShape, numClasses).map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    let fresh: Float32Array;
    if (i % 2 === 1) fresh = new Float32Array(shape[0]);
    else if (shape.length === 4) {
      const [k, , cin, cout] = shape;
      fresh = glorotUniform(shape, k * k * cin, k * k * cout, rng);
    } else fresh = glorotUniform(shape, shape[0], shape[1], rng);
    if (!init) return fresh;
    const w = init[i];
    if (!w || w.length !== size)
      throw new Error(`inherited weight ${i} has ${w?.length ?? 0} values, expected ${size}`);
    return w;
  });
}
