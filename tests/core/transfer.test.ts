import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { FEATURE_NAMES } from '../../src/core/learned';
import { defaultPolicy } from '../../src/core/proposers';
import { transferFrom, validateTransfer } from '../../src/core/transfer';
import { candidate, minimalLog, mlpGenome } from './fixtures';

describe('policy transfer', () => {
  it("takes the final champion's policy and the run's (change, gain) examples", () => {
    const log = minimalLog();
    const policy = { ...defaultPolicy(), stepScale: 0.7 };
    log.candidates[1].genome = { ...mlpGenome([8]), policy };
    log.generations[1].championId = 1;
    const t = transferFrom(log, 'a.json');
    expect(t.from).toBe('a.json');
    expect(t.policy).toEqual(policy);
    expect(t.examples).toHaveLength(1);
    expect(t.examples[0].x).toHaveLength(FEATURE_NAMES.length);
    expect(t.examples[0].y).toBeCloseTo(0.1, 6);
    // A run without policies transfers examples only.
    expect(transferFrom(minimalLog(), 'b.json').policy).toBeUndefined();
  });

  it('is a config field that survives a round trip and refuses malformed input, naming the part', () => {
    const log = minimalLog();
    log.candidates.push(candidate(2, { parentId: 1, generation: 1, valAccuracy: 0.9 }));
    const t = transferFrom(log, 'a.json');
    const c = parseConfig({ proposer: 'learned', policyFrom: JSON.parse(JSON.stringify(t)) });
    expect(c.policyFrom).toEqual(t);
    expect(parseConfig(JSON.parse(JSON.stringify(c)) as Record<string, unknown>)).toEqual(c);
    expect(() => parseConfig({ policyFrom: { from: 'x', examples: [{ x: [1, 2], y: 0 }] } })).toThrow(
      /^policyFrom: examples\[0\] must be/,
    );
    expect(() =>
      parseConfig({ policyFrom: { from: 'x', examples: [], policy: { operatorWeights: { a: -1 }, stepScale: 1 } } }),
    ).toThrow(/^policyFrom: genome\.policy\.operatorWeights\.a/);
    expect(() => parseConfig({ policyFrom: 'file.json' })).toThrow(/^policyFrom: must be an object/);
    expect(validateTransfer({ from: 'x', examples: [] })).toEqual({ from: 'x', examples: [] });
  });
});
