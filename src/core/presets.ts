/**
 * Named starting points for the lab. "Quick demo" was chosen from measured
 * runs (benchmarks/demo-preset.ts, tfjs CPU in Node, seeds 1–8): from a
 * linear seed model — which cannot separate XOR's quadrants, so it sits
 * near chance — evolution finds hidden layers within a few generations, and
 * held-out accuracy rose by 25.5 to 51.5 points on every seed measured,
 * first by 5 points at generation 1–3. 6 × 6 children of 200 steps on a
 * 2-D task: about a minute on a mid-range GPU, a few on a software adapter.
 * Seed 2 (one of three whose rise comes at generation 1) is the one offered.
 * tests/engine/demo-preset.test.ts states what it must keep showing.
 */
import { parseConfig, type RunConfig } from './config';

/** A named config a student can start with one press. */
export interface Preset {
  id: string;
  title: string;
  /** One sentence: what to watch for. */
  watch: string;
  config: RunConfig;
}

/** The presets, in the order the page offers them. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'quick-demo',
    title: 'Quick demo',
    watch:
      'A straight line cannot split XOR’s quadrants: watch held-out accuracy climb from chance as evolution adds hidden layers.',
    config: parseConfig({
      task: 'xor',
      proposer: 'evolution',
      generations: 6,
      population: 6,
      steps: 200,
      seed: 2,
      seedGenome: 'weak',
    }),
  },
];
