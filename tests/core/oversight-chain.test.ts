/** The hash chain: every number in a record is covered; the first altered record is named. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, extendChain, verifyChain } from '../../src/core/oversight/chain';
import type { RunLog } from '../../src/core/runlog';
import { minimalLog, sealedLog as sealed, snapshot } from './fixtures';

describe('hash chain', () => {
  it('holds on an untouched log, also after a JSON round trip with reordered keys', () => {
    const l = sealed();
    expect(verifyChain(l)).toEqual({ ok: true, records: 4 });
    const reordered = JSON.parse(canonicalJson(l)) as RunLog; // keys sorted: a different text, the same values
    expect(verifyChain(reordered)).toEqual({ ok: true, records: 4 });
  });

  it('names the first altered record for a change anywhere in it', () => {
    const cases: [(l: RunLog) => void, string][] = [
      [(l) => (l.candidates[1].metrics.valAccuracy = 0.7000000001), 'candidates[1]'],
      [(l) => (l.candidates[0].lossCurve = [1]), 'candidates[0]'],
      [(l) => (l.candidates[1].genome.hyper.learningRate *= 2), 'candidates[1]'],
      [(l) => (l.generations[0].ms = 2), 'generations[0]'],
      [(l) => (l.generations[1].championId = 0), 'generations[1]'],
      [(l) => (l.candidates[1].metrics.testAccuracy = 0.9), 'candidates[1].metrics.testAccuracy'],
      [(l) => (l.config.population = 2), 'config'],
      [(l) => (l.codeVersion = 'other'), 'config'],
      [(l) => (l.status = 'stopped'), 'status'],
      [(l) => l.candidates.pop(), 'generations[1]'],
      [(l) => (l.candidates[1].hash = l.candidates[0].hash), 'candidates[1]'],
    ];
    for (const [change, path] of cases) {
      const l = sealed();
      change(l);
      const r = verifyChain(l);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.path).toBe(path);
    }
  });

  it('a recomputed hash on one record breaks the link to the next', () => {
    const l = sealed();
    l.candidates[0].metrics.valAccuracy = 0.99;
    delete l.candidates[0].hash;
    // Re-link only that record: the one after it no longer follows from it.
    const again = snapshot(l);
    for (const r of [...again.candidates.slice(1), ...again.generations]) delete r.hash;
    extendChain(again);
    l.candidates[0].hash = again.candidates[0].hash;
    expect(verifyChain(l)).toMatchObject({ ok: false, path: 'generations[0]' });
  });

  it('says when a log carries no chain', () => {
    expect(verifyChain(minimalLog())).toMatchObject({ ok: false, path: 'chain' });
  });
});
