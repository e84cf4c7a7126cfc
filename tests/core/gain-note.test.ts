import { describe, expect, it } from 'vitest';
import type { GenerationSummary } from '../../src/core/runlog';
import { lastGainNote } from '../../src/core/gain-note';

const gen = (index: number, championId: number, val: number, test: number): GenerationSummary => ({
  index,
  championId,
  championValAccuracy: val,
  championTestAccuracy: test,
  bestValAccuracy: val,
  candidateIds: [],
  ms: 1,
});
const sizes = { validation: 200, test: 200 };

describe('the note under the improvement chart', () => {
  it("warns when the last new champion raised validation but test accuracy fell (the issue's example)", () => {
    const note = lastGainNote(
      [gen(0, 0, 0.91, 0.96), gen(1, 0, 0.91, 0.96), gen(2, 9, 0.945, 0.93), gen(3, 12, 0.955, 0.935)],
      sizes,
    );
    expect(note).toMatch(
      /generation 3: validation \+1\.0 points\) is not beyond noise: test accuracy moved \+0\.5 points/,
    );
    const fell = lastGainNote([gen(0, 0, 0.91, 0.96), gen(1, 5, 0.95, 0.93)], sizes)!;
    expect(fell).toMatch(
      /did not hold on held-out data: test accuracy fell −3\.0 points, and two standard errors are ±4\.5/,
    );
  });
  it('stays quiet for a gain that held on test data, and with no new champion', () => {
    expect(lastGainNote([gen(0, 0, 0.7, 0.7), gen(1, 4, 0.9, 0.9)], sizes)).toBeNull();
    expect(lastGainNote([gen(0, 0, 0.9, 0.9), gen(1, 0, 0.9, 0.9)], sizes)).toBeNull();
    expect(lastGainNote([gen(0, 0, 0.9, 0.9)], sizes)).toBeNull();
  });
});
