/**
 * Timed regions. A region issues its work and ends by awaiting one small
 * read-back (`await t.data()`), so the clock stops only when the GPU has
 * finished — without a read-back per step, which would stall the queue and
 * measure latency instead of throughput. Warm-up regions run first and are
 * not timed: they compile shaders and grow buffer pools.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TimingOptions } from '../../core/bench/policy';
import { MIN_RELIABLE_REPEATS } from '../../core/bench/reliability';
import { relativeHalfWidth, summarise } from '../../core/bench/stats';
import { yieldToHost } from '../control';

/**
 * How timed regions are run. With `minRegionMs` the region runs k times per
 * repeat, k calibrated from the last untimed run, so a fast GPU is timed at
 * throughput, not at the latency of one read-back.
 */
export interface TimingPolicy extends TimingOptions {
  warmup: number;
  /** Timed repeats (the least, with `untilStable`, which also takes at least MIN_RELIABLE_REPEATS). */
  repeats: number;
  /** The clock (tests inject a simulated one). */
  now?: () => number;
  /** Runs inside every timed region (tests: a host that sleeps at random). */
  perturb?: () => Promise<void>;
}

/** What timing a case did: per-run durations and how many runs each repeat held. */
export interface Timed {
  /** Milliseconds of one run of the region, per repeat (the repeat's time ÷ runsPerRegion). */
  ms: number[];
  runsPerRegion: number;
}

/** Most runs per repeat and most repeats: bounds for a mis-calibration or a never-quiet host. */
const MAX_RUNS_PER_REGION = 10_000;
const MAX_REPEATS = 200;

/**
 * Runs `region` `warmup` times untimed, then at least `repeats` times timed (see TimingPolicy).
 * A region that returns a number has timed itself (e.g. a loop run, from its start event to its end,
 * leaving out setup): that duration is the sample, and it runs once per repeat.
 */
export async function timeRegions(p: TimingPolicy, region: () => Promise<number | void>): Promise<Timed> {
  const now = p.now ?? (() => performance.now());
  let lastWarm = 0;
  for (let i = 0; i < p.warmup; i++) {
    const t = now();
    await region();
    lastWarm = now() - t;
    await yieldToHost();
  }
  const runsPerRegion =
    p.minRegionMs > 0 && p.warmup > 0
      ? Math.min(MAX_RUNS_PER_REGION, Math.max(1, Math.ceil(p.minRegionMs / Math.max(lastWarm, 1e-3))))
      : 1;
  const ms: number[] = [];
  const started = now();
  const more = () => {
    if (ms.length < p.repeats) return true;
    const u = p.untilStable;
    if (!u || ms.length >= MAX_REPEATS || now() - started >= u.maxMs) return false;
    // Fewer repeats than a reliable verdict needs never count as stable, however close they lie.
    return ms.length < MIN_RELIABLE_REPEATS || relativeHalfWidth(summarise(ms)) > u.halfWidth;
  };
  while (more()) {
    const t = now();
    let own = 0;
    let selfTimed = true;
    for (let k = 0; k < runsPerRegion; k++) {
      const inner = await region();
      if (typeof inner === 'number') own += inner;
      else selfTimed = false;
      if (p.perturb) await p.perturb();
    }
    // Browsers coarsen the clock (to 0.1 ms without cross-origin isolation): never report a zero duration.
    ms.push(Math.max(selfTimed ? own : now() - t, 1e-3) / runsPerRegion);
    await yieldToHost();
  }
  return { ms, runsPerRegion };
}

/** Waits for `t` to be computed by reading back one element; disposes `t`. */
export async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), [0], [1]));
  await one.data();
  tf.dispose([one, t]);
}

/** Reads a tensor back as a fresh Float32Array (safe to keep: the CPU backend returns its own buffer) and disposes it. */
export async function readAll(t: tf.Tensor): Promise<Float32Array> {
  const v = Float32Array.from(await t.data());
  t.dispose();
  return v;
}

/** Uniform values in [-scale, scale) from a seeded generator: the same inputs on every backend. */
export function uniformArray(size: number, next: () => number, scale = 1): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}
