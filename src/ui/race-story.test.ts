/**
 * The race told in words: held-out accuracy decides who is ahead (validation
 * never does), the gap is judged against the binomial noise of the test
 * split, live standings compare the latest generation every run finished,
 * and the final sentence says a single seed settles nothing in general.
 */
import { describe, expect, it } from 'vitest';
import type { GenerationSummary } from '../core/runlog';
import { raceStanding, type Runner } from './race-story';
import { noiseOfDifference } from './run-story';

const gens = (tests: number[], vals = tests): GenerationSummary[] =>
  tests.map((t, index) => ({
    index,
    championId: index,
    championValAccuracy: vals[index],
    championTestAccuracy: t,
    bestValAccuracy: vals[index],
    candidateIds: [],
    ms: 1,
  }));
const runner = (label: string, tests: number[], ended = false, vals?: number[]): Runner => ({
  label,
  generations: gens(tests, vals),
  ended,
});

describe('raceStanding', () => {
  it('says what happens first while no run has a champion yet', () => {
    const s = raceStanding([runner('random', []), runner('evolution', [0.5])], 200);
    expect(s.generation).toBe(-1);
    expect(s.sentence).toMatch(/^Each run first trains the same seed model/);
    // Under `init: random` generation 0 is the same random population in every run.
    const random = raceStanding([runner('random', []), runner('evolution', [0.5])], 200, true);
    expect(random.sentence).toMatch(/^Each run first trains the same random models \(generation 0\)/);
  });

  it('compares live runs at the latest generation both finished, on held-out accuracy', () => {
    const s = raceStanding([runner('random', [0.5, 0.6, 0.95]), runner('evolution', [0.5, 0.7])], 200);
    expect(s.generation).toBe(1);
    expect(s.final).toBe(false);
    expect(s.order).toEqual([1, 0]);
    expect(s.gap).toBeCloseTo(0.1, 12);
    expect(s.noise).toBeCloseTo(noiseOfDifference(0.7, 0.6, 200), 12);
    // 2·√(.7·.3/200 + .6·.4/200) = 0.0949: a 10-point gap is beyond it.
    expect(s.noise).toBeCloseTo(0.0949, 4);
    expect(s.withinNoise).toBe(false);
    expect(s.sentence).toBe(
      'After generation 1: evolution 70%, random 60% held-out — evolution ahead by 10.0 points, beyond noise (±9.5).',
    );
  });

  it('never lets validation decide: the run with the better validation but worse test is behind', () => {
    const s = raceStanding(
      [runner('random', [0.5, 0.8], true, [0.5, 0.99]), runner('evolution', [0.5, 0.95], true, [0.5, 0.9])],
      200,
    );
    expect(s.order).toEqual([1, 0]);
    expect(s.sentence).toMatch(
      /^evolution finished ahead: 95% held-out against random’s 80%, a 15\.0-point gap beyond/,
    );
  });

  it('calls a final gap within the test split’s noise a tie on this seed, and says one seed settles nothing', () => {
    const s = raceStanding([runner('random', [0.5, 0.9], true), runner('evolution', [0.5, 0.92], true)], 200);
    expect(s.final).toBe(true);
    expect(s.withinNoise).toBe(true);
    expect(s.sentence).toBe(
      'evolution finished ahead of random on held-out accuracy, 92% to 90%, but the ' +
        '2.0-point gap is within the noise of 200 test examples (±5.7): on this seed, ' +
        'neither is ahead. One seed: whether a proposer is better in general takes many ' +
        'seeds (docs/results.md).',
    );
    // A larger test split has less noise: the same gap becomes real.
    expect(raceStanding([runner('a', [0.9], true), runner('b', [0.92], true)], 20_000).withinNoise).toBe(false);
  });

  it('compares a run that stopped early where both still were, and says so', () => {
    const s = raceStanding([runner('random', [0.5, 0.6], true), runner('evolution', [0.5, 0.6, 0.99], true)], 200);
    expect(s.generation).toBe(1);
    expect(s.sentence).toMatch(/^A dead heat at generation 1, the last every run reached: random 60%, evolution 60%/);
  });
});
