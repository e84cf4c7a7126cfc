/**
 * A model as plain tfjs variables plus a forward function. Successor builds
 * its own small networks instead of tf.LayersModel so that initialisation and
 * dropout draw from the run's seed, weights can be read out and inherited as
 * typed arrays, and the training loop controls every op.
 */
import type { Genome } from '../src/core/genome';
import type { Rng } from '../src/core/rng';
import { buildCnn } from './cnn';
import { initialWeights } from './init';
import type { InitialWeights, Net } from './layers';
import { buildMlp } from './mlp';

/** Builds the network a genome describes. Throws for a genome that cannot be built. */
export function buildNet(
  genome: Genome,
  inputShape: number[],
  numClasses: number,
  rng: Rng,
  init: InitialWeights = null,
): Net {
  const weights = initialWeights(genome.arch, inputShape, numClasses, rng, init);
  if (genome.arch.family === 'mlp') return buildMlp(genome.arch, genome.hyper.dropout, inputShape, numClasses, weights);
  return buildCnn(genome.arch, genome.hyper.dropout, inputShape, numClasses, weights);
}

/** Reads every variable back as its own Float32Array (safe to transfer). */
export async function readWeights(net: Net): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  // .slice(): on the CPU backend data() returns the tensor's own buffer.
  for (const v of net.variables) out.push((await v.data()).slice() as Float32Array);
  return out;
}
