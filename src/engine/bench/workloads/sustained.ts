/**
 * The sustained run (`--sustained MINUTES`): a suite's first training case
 * looped for minutes, a read-back after every region of its steps, and the
 * throughput per window with the stability figure (see core/bench/sustained).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BenchContext } from '../context';
import type { TrainCase } from '../../../core/bench/suite';
import { stabilityOf, windowsOf, type SustainedFigures } from '../../../core/bench/sustained';
import { yieldToHost } from '../../control';
import { readAll } from '../timing';
import { trainer } from './train';

/** About twenty windows per run, none shorter than 5 s. */
export const windowMsFor = (minutes: number): number => Math.max(5000, (minutes * 60_000) / 20);

/** Trains `c` for `minutes` and reports throughput per window. */
export async function measureSustained(ctx: BenchContext, c: TrainCase, minutes: number): Promise<SustainedFigures> {
  const data = await ctx.task(c.task);
  const t = trainer(ctx, c, data.train, data.info.inputShape, data.info.numClasses);
  const now = ctx.timing.now ?? (() => performance.now());
  const batch = Math.min(c.genome.hyper.batchSize, data.train.n);
  try {
    await readAll(t.step());
    const trace: { ms: number; samples: number }[] = [];
    const start = now();
    let samples = 0;
    while (now() - start < minutes * 60_000) {
      let sum: tf.Scalar = tf.scalar(0);
      for (let s = 0; s < c.steps; s++) {
        const cost = t.step();
        const next = tf.add(sum, cost) as tf.Scalar;
        tf.dispose([sum, cost]);
        sum = next;
      }
      await readAll(sum);
      if (ctx.timing.perturb) await ctx.timing.perturb();
      samples += c.steps * batch;
      trace.push({ ms: now() - start, samples });
      await yieldToHost();
    }
    const windows = windowsOf(trace, windowMsFor(minutes));
    return { caseId: c.id, minutes, windows, stability: stabilityOf(windows) };
  } finally {
    t.dispose();
  }
}
