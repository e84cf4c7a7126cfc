/**
 * The fused step of one suite model at population K, split by kernel: each
 * dispatch of a step (noise, forward per layer, loss, loss sums, backward,
 * update) submitted alone and timed, so a reader sees which product
 * dominates before tuning one. WebGPU only; the step trained is the
 * suite's (same initial weights and data order as `trainGroup` draws for
 * seeds 1…K), on the tiled or the untiled products.
 */
import type { Genome, MlpArch } from '../../../core/genome';
import { DataOrder } from '../../../core/data-order';
import { createRng } from '../../../core/rng';
import { buildBatchedMlp, mlpDims } from '../../../../models/batched-mlp';
import { initialWeights } from '../../../../models/init';
import type { TaskTensors } from '../../data';
import { stepSeeds } from '../../population/dropout';
import { fusedStepper, stepMultiplyAdds, tuneFused, type DispatchTiming } from '../../population/fused/fused-mlp';

/** A profile: the whole step's time (one submission) and each dispatch's alone, ms. */
export interface FusedProfile {
  stepMs: number;
  dispatches: DispatchTiming[];
}

/** Profiles the fused step of K copies of an MLP genome (`repeats` timings per dispatch, medians). */
export async function profileFused(
  data: TaskTensors,
  genome: Genome,
  k: number,
  repeats: number,
  products: 'tiled' | 'untiled' = 'tiled',
): Promise<FusedProfile> {
  if (genome.arch.family !== 'mlp') throw new Error('the fused step trains MLPs');
  const arch: MlpArch = genome.arch;
  const { inputShape, numClasses } = data.info;
  const rngs = Array.from({ length: k }, (_, i) => createRng(i + 1));
  const weights = rngs.map((rng) => initialWeights(arch, inputShape, numClasses, rng, null));
  const batch = Math.min(genome.hyper.batchSize, data.train.n);
  // Tuned as trainGroup tunes: only a group large enough for the tiles to matter waits for it.
  await tuneFused(stepMultiplyAdds(k, batch, mlpDims(arch, inputShape, numClasses)));
  const idx = new Int32Array(k * batch);
  rngs.forEach((rng, i) => new DataOrder(rng, data.train.n, batch).next(idx, i * batch));
  const net = buildBatchedMlp(
    weights.map(() => arch),
    weights,
    inputShape,
    numClasses,
  );
  const genomes = weights.map(() => genome);
  const seeds =
    genome.hyper.dropout > 0
      ? stepSeeds(
          genomes.map((_, i) => i + 1),
          0,
        )
      : null;
  try {
    const stepper = fusedStepper({ net, genomes, batches: genomes.map(() => batch), batch, data, products });
    try {
      stepper.step(idx, seeds); // warm-up: pipelines, first use of the buffers
      await stepper.takeLossSums();
      const steps: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t = performance.now();
        stepper.step(idx, seeds);
        await stepper.takeLossSums();
        steps.push(performance.now() - t);
      }
      const stepMs = [...steps].sort((a, b) => a - b)[steps.length >> 1];
      return { stepMs, dispatches: await stepper.profile(idx, seeds, repeats) };
    } finally {
      stepper.dispose();
    }
  } finally {
    net.dispose();
  }
}
