/**
 * Weight initialisation on the CPU from the seeded RNG, so that the same
 * seed gives the same starting weights on every backend (tfjs's own
 * initialisers draw from their own generator).
 */
import type { Rng } from '../src/core/rng';

/** Glorot/Xavier uniform: keeps activation variance steady through layers. */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}
