/**
 * Noise-aware acceptance on constructed replicate series: the paired
 * difference decides, the threshold grows with the challengers tested, and a
 * diverged replicate counts against its genome's fitness, not as spread.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceZ, pairedAcceptance, replicateNoise, replicateScore } from '../../src/core/acceptance';
import { std } from '../../src/core/stats';

const scale = (challengers = 1) => ({ numClasses: 2, validationSize: 200, challengers });

describe('acceptanceZ', () => {
  it('is the one-sided 5% z for one challenger and Šidák-corrected for more', () => {
    expect(acceptanceZ(1)).toBeCloseTo(1.645, 3);
    // 1 − 0.95^(1/8) = 0.00639 per test: z = 2.491.
    expect(acceptanceZ(8)).toBeCloseTo(2.491, 2);
    expect(acceptanceZ(8)).toBeGreaterThan(acceptanceZ(4));
  });
});

describe('pairedAcceptance', () => {
  it('accepts a challenger that is better on every shared seed, although the seeds move both a lot', () => {
    const champion = [0.8, 0.9, 0.7, 0.85];
    const challenger = [0.82, 0.915, 0.725, 0.865];
    const t = pairedAcceptance(champion, challenger, scale(8));
    expect(t.meanDifference).toBeCloseTo(0.01875, 10);
    expect(t.accepted).toBe(true);
    // Unpaired, the same numbers are nowhere near: the spread across seeds (~0.09) swamps 0.019.
    const unpairedSe = Math.sqrt((std(champion) ** 2 + std(challenger) ** 2) / 4);
    expect(t.meanDifference).toBeLessThan(t.z * unpairedSe);
  });

  it('rejects a mean gain that the paired differences do not support', () => {
    const t = pairedAcceptance([0.8, 0.8, 0.8, 0.8], [0.85, 0.76, 0.84, 0.79], scale(1));
    expect(t.meanDifference).toBeCloseTo(0.01, 10);
    expect(t.se).toBeGreaterThan(0.01);
    expect(t.accepted).toBe(false);
  });

  it('asks more of a challenger when more challengers are tested in the generation', () => {
    const champion = [0.8, 0.8, 0.8, 0.8, 0.8];
    const challenger = [0.83, 0.81, 0.82, 0.8, 0.84];
    expect(pairedAcceptance(champion, challenger, scale(1)).accepted).toBe(true);
    expect(pairedAcceptance(champion, challenger, scale(64)).accepted).toBe(false);
  });

  it("lets a champion's diverged replicate count against it, not shield it as spread", () => {
    const champion = [0.9, null, 0.9];
    const challenger = [0.91, 0.91, 0.92];
    const t = pairedAcceptance(champion, challenger, scale(8));
    // The diverged replicate scores chance (0.5): it adds 0.41 to one difference.
    expect(t.meanDifference).toBeCloseTo((0.01 + 0.41 + 0.02) / 3, 10);
    expect(t.accepted).toBe(true);
    // Counting it as a draw of the noise (the old rule) gives a margin nothing beats …
    expect(replicateNoise(0.9, [0.9, 0, 0.9])).toBeGreaterThan(0.4);
    // … and even a paired test over all three differences would not accept.
    const diffs = [0.01, 0.41, 0.02];
    expect(t.meanDifference).toBeLessThan(t.z * (std(diffs) / Math.sqrt(3)));
    // Left out of the spread, the champion's noise is that of its clean replicates.
    expect(replicateNoise(0.9, champion)).toBe(0);
  });

  it("counts a challenger's diverged replicate against the challenger", () => {
    const t = pairedAcceptance([0.9, 0.9, 0.9], [0.95, null, 0.95], scale(1));
    expect(t.meanDifference).toBeCloseTo((0.05 - 0.4 + 0.05) / 3, 10);
    expect(t.accepted).toBe(false);
  });

  it('falls back to the binomial SE of a difference when fewer than two pairs are clean', () => {
    const t = pairedAcceptance([null, 0.8], [0.8, 0.81], { numClasses: 10, validationSize: 200, challengers: 1 });
    expect(t.se).toBeGreaterThan(0);
    expect(replicateScore(null, 10)).toBe(0.1);
    // (0.8 − 0.1 + 0.01) / 2 = 0.355, far beyond any binomial SE on 200 examples.
    expect(t.meanDifference).toBeCloseTo(0.355, 10);
    expect(t.accepted).toBe(true);
  });
});
