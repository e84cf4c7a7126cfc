/**
 * The report must not call selection on noise an improvement. Every
 * candidate here has the same true accuracy (90%); a proposer that measures
 * many more candidates per generation (as one making near-copies of its
 * champion does) gets a higher best-so-far validation curve purely by
 * taking the luckiest score, while its champions' held-out accuracy is no
 * better. The report must say exactly that.
 */
import { describe, expect, it } from 'vitest';
import { markdown } from '../../benchmarks/cli/report';
import { parseConfig } from '../../src/core/config';
import { createRng, deriveSeed, type Rng } from '../../src/core/rng';
import type { RunLog } from '../../src/core/runlog';
import { SCHEMA_VERSION } from '../../src/core/runlog';
import { summariseSweep } from '../../src/core/sweep-summary';

const TRUE_ACCURACY = 0.9;
const SPLIT = 200; // spirals' validation and test sizes
const GENERATIONS = 8;

/** Accuracy measured on n examples of a model whose true accuracy is p. */
const measured = (rng: Rng, p: number, n = SPLIT) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k / n;
};

/** A run whose champion is the best validation score of `draws` equal candidates per generation. */
function noiseRun(proposer: string, seed: number, draws: number): RunLog {
  const rng = createRng(deriveSeed(seed, proposer));
  let val = -1;
  let test = 0;
  const generations = Array.from({ length: GENERATIONS }, (_, index) => {
    for (let d = 0; d < draws; d++) {
      const v = measured(rng, TRUE_ACCURACY);
      if (v > val) {
        val = v;
        // A new champion: its held-out score is an independent measurement of the same true accuracy.
        test = measured(rng, TRUE_ACCURACY);
      }
    }
    return {
      index,
      championId: 0,
      championValAccuracy: val,
      championTestAccuracy: test,
      bestValAccuracy: val,
      candidateIds: [],
      ms: 1,
    };
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: 'test',
    codeVersion: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    status: 'done',
    config: parseConfig({ task: 'spirals', proposer, seed, generations: GENERATIONS, population: draws }),
    environment: {
      requestedBackend: 'cpu',
      backend: 'cpu',
      fallbacks: [],
      adapter: null,
      tfjsVersion: 'x',
      platform: 'test',
    },
    candidates: [],
    generations,
  };
}

describe('selection on noise is not reported as improvement', () => {
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const logs = [...seeds.map((s) => noiseRun('random', s, 2)), ...seeds.map((s) => noiseRun('evolution', s, 40))];
  const summary = summariseSweep(logs, 0.93, 'random');
  const cmp = (m: string) => summary.comparisons.find((c) => c.proposer === 'evolution' && c.measure === m)!;

  it('validation says "better", held-out does not: its interval contains 0', () => {
    expect(cmp('aucVal').verdict).toBe('better');
    expect(cmp('aucVal').difference.lo).toBeGreaterThan(0);
    const heldOut = cmp('aucHeldOut');
    expect(heldOut.verdict).toBe('no difference shown');
    expect(heldOut.difference.lo).toBeLessThan(0);
    expect(heldOut.difference.hi).toBeGreaterThan(0);
    expect(heldOut.detectable).toBeGreaterThan(0);
    for (const m of ['finalHeldOut', 'timeToTargetHeldOut'] as const)
      expect(cmp(m).verdict).toBe('no difference shown');
  });

  it("shows the selection optimism: the searcher's champions overstate held-out accuracy more", () => {
    const evo = summary.proposers.find((p) => p.proposer === 'evolution')!;
    const rnd = summary.proposers.find((p) => p.proposer === 'random')!;
    expect(evo.optimism.final.lo).toBeGreaterThan(0);
    expect(evo.optimism.final.mean).toBeGreaterThan(rnd.optimism.final.mean);
    const last = evo.optimism.perGeneration.at(-1)!;
    expect(last.se).toBeCloseTo(Math.sqrt((2 * 0.9 * 0.1) / SPLIT) / Math.sqrt(20), 2);
  });

  it('adjusts every p with Holm and the Markdown carries the same numbers and verdicts as the JSON', () => {
    for (const c of summary.comparisons) expect(c.pHolm).toBeGreaterThanOrEqual(c.pValue);
    const md = markdown(summary, logs);
    const row = (label: string) => md.split('\n').find((l) => l.startsWith('| evolution |') && l.includes(label))!;
    expect(row('area under held-out curve')).toContain('no difference shown');
    expect(row('area under held-out curve')).toContain(cmp('aucHeldOut').pHolm.toFixed(4));
    expect(row('area under best-so-far validation')).toContain('**better**');
    expect(md).toContain('paired by seed');
    expect(md).toMatch(/## Selection optimism/);
  });

  it('says when every seed gave the same difference, instead of sizing a test by a spread of zero', () => {
    // No run reaches 100% held-out, so time to target is censored at the end for every run: each paired difference is 0.
    const never = summariseSweep(logs, 1, 'random');
    const time = never.comparisons.find((c) => c.proposer === 'evolution' && c.measure === 'timeToTargetHeldOut')!;
    expect(time.detectable).toBe(0);
    const row = markdown(never, logs)
      .split('\n')
      .find((l) => l.startsWith('| evolution |') && l.includes('generations to target'))!;
    expect(row).toContain('every seed gave the same difference, so there is no spread to size a test by');
    expect(row).not.toMatch(/could detect ≥ 0/);
    // A measure with spread still says what the sweep could detect.
    expect(markdown(never, logs)).toMatch(/area under held-out curve .*could detect ≥ \d+\.\d points/);
  });

  it('says when proposers did not share their seeds, and tests only the shared ones', () => {
    const partial = summariseSweep([...logs.slice(0, 18), ...logs.slice(20)], 0.93, 'random');
    expect(partial.seedsShared).toBe(false);
    const c = partial.comparisons.find((x) => x.measure === 'aucHeldOut')!;
    expect(c.seeds).toHaveLength(18);
    expect(c.unpaired.proposer).toEqual([19, 20]);
    expect(markdown(partial, logs)).toContain('did not run the same seeds');
  });
});
