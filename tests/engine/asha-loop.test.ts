/**
 * `asha` and `hyperband` in the loop (tfjs CPU backend): rungs and brackets
 * logged per candidate, promotions that continue a candidate's training
 * (its weights, the extra steps only), the early-stopped ones identifiable,
 * and every FLOP counted — early-stopped candidates' too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { rungSteps } from '../../src/core/asha';
import { stoppedEarlyIds } from '../../src/core/asha-proposer';
import { fitness } from '../../src/core/proposers';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { runLoop } from '../../src/engine/loop';
import { spentSoFar } from '../../src/engine/oversight';
import { host, setupCpu, tinyConfig } from './helpers';

const config = tinyConfig({ proposer: 'asha', generations: 5, population: 4, steps: 45, rungs: 3, seed: 3 });
let asha: RunLog;
let hyperband: RunLog;

beforeAll(async () => {
  await setupCpu();
  asha = await runLoop(config, host());
  hyperband = await runLoop({ ...config, proposer: 'hyperband' }, host());
});

describe('asha in the loop', () => {
  it('samples into rung 0 and promotes the best third, continuing their training', () => {
    expect(() => validateRunLog(JSON.parse(JSON.stringify(asha)))).not.toThrow();
    const [r0, r1, r2] = [0, 1, 2].map((k) => rungSteps(45, 3, k));
    expect([r0, r1, r2]).toEqual([5, 15, 45]);
    const laddered = asha.candidates.filter((c) => c.generation > 0);
    expect(laddered.every((c) => c.bracket === 0 && c.rung !== undefined)).toBe(true);
    for (const c of laddered) {
      if (c.operators[0] === 'sample') {
        expect([c.rung, c.steps, c.parentId, c.inherited]).toEqual([0, r0, null, false]);
        continue;
      }
      expect(c.operators).toEqual(['promote']);
      const from = asha.candidates[c.parentId!];
      expect(c.rung).toBe(from.rung! + 1);
      expect(c.genome).toEqual(from.genome);
      expect(c.inherited).toBe(true);
      expect(c.steps).toBe(rungSteps(45, 3, c.rung!) - rungSteps(45, 3, from.rung!));
      expect(c.inheritedFlops).toBe(from.flops + (from.inheritedFlops ?? 0));
      // Promoted from among the top third of its rung as it stood when proposed.
      const rung = asha.candidates.filter((x) => x.rung === from.rung && x.generation < c.generation);
      const better = rung.filter((x) => x.metrics.valAccuracy! > from.metrics.valAccuracy!).length;
      expect(better).toBeLessThan(Math.floor(rung.length / 3));
    }
    expect(laddered.some((c) => c.operators[0] === 'promote')).toBe(true);
  });

  it('marks the candidates that stopped early and counts their FLOPs', () => {
    const stopped = stoppedEarlyIds(asha.candidates, 3);
    expect(stopped.size).toBeGreaterThan(0);
    for (const id of stopped) {
      const c = asha.candidates[id];
      expect(c.rung).toBeLessThan(2);
      expect(asha.candidates.some((x) => x.parentId === id && x.operators[0] === 'promote')).toBe(false);
    }
    const total = asha.candidates.reduce((s, c) => s + c.flops, 0);
    const early = asha.candidates.filter((c) => stopped.has(c.id)).reduce((s, c) => s + c.flops, 0);
    expect(early).toBeGreaterThan(0);
    expect(spentSoFar(asha, performance.now()).flops).toBe(total);
  });

  it('crowns only candidates trained for the full budget: the top rung or generation 0', () => {
    for (const g of asha.generations) expect(asha.candidates[g.championId].rung ?? 2).toBe(2);
    const lower = asha.candidates.filter((c) => c.rung !== undefined && c.rung < 2);
    const top = asha.candidates.filter((c) => c.rung === undefined || c.rung === 2);
    const final = asha.candidates[asha.generations[asha.generations.length - 1].championId];
    expect(top.every((c) => fitness(c) <= fitness(final))).toBe(true);
    // The rule matters in this run: a score after a ninth or a third of the steps beats the final champion's.
    expect(lower.some((c) => fitness(c) > fitness(final))).toBe(true);
  });
});

describe('hyperband in the loop', () => {
  it('deals new configurations to the brackets in turn, each starting at its own rung', () => {
    expect(() => validateRunLog(JSON.parse(JSON.stringify(hyperband)))).not.toThrow();
    const samples = hyperband.candidates.filter((c) => c.operators[0] === 'sample');
    expect(new Set(samples.map((c) => c.bracket))).toEqual(new Set([0, 1, 2]));
    for (const c of samples) {
      expect(c.rung).toBe(c.bracket);
      expect(c.steps).toBe(rungSteps(45, 3, c.bracket!));
    }
    for (const c of hyperband.candidates.filter((x) => x.operators[0] === 'promote'))
      expect(hyperband.candidates[c.parentId!].bracket).toBe(c.bracket);
  });
});
