/** Each tripwire trips on a constructed run that crosses it, and not on one that doesn't. */
import { describe, expect, it } from 'vitest';
import type { Genome } from '../../src/core/genome';
import {
  checkTripwires,
  describeTrip,
  formatTripwires,
  measure,
  parseTripwires,
  TripwireError,
  type Watched,
  type WatchedCandidate,
} from '../../src/core/oversight/tripwires';

const genome = (units: number, policy?: Genome['policy']): Genome => ({
  hyper: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp', layers: [{ units, activation: 'tanh' }] },
  ...(policy ? { policy } : {}),
});

type Spec = {
  val: number;
  test?: number;
  params?: number;
  status?: string;
  policy?: Genome['policy'];
  children?: string[];
  /** The champion's FLOPs per step (default 6 × params). */
  perStep?: number;
  replicateFlops?: number;
};

/** A run whose generation g has one champion (new each generation) and optional extra children by status. */
function run(gens: Spec[]): Watched {
  const candidates: WatchedCandidate[] = [];
  const generations: Watched['generations'][number][] = [];
  gens.forEach((s, g) => {
    const id = candidates.length;
    candidates.push({
      id,
      generation: g,
      status: s.status ?? 'ok',
      params: s.params ?? 100,
      flops: (s.perStep ?? (s.params ?? 100) * 6) * 10,
      steps: 10,
      genome: genome(8, s.policy),
      metrics: { valAccuracy: s.val, testAccuracy: s.test ?? s.val },
    });
    for (const st of s.children ?? [])
      candidates.push({
        id: candidates.length,
        generation: g,
        status: st,
        params: 100,
        flops: 6000,
        steps: 10,
        genome: genome(8),
        metrics: { valAccuracy: st === 'ok' ? 0.5 : null },
      });
    generations.push({
      index: g,
      championId: id,
      championValAccuracy: s.val,
      championTestAccuracy: s.test ?? s.val,
      ...(s.replicateFlops !== undefined ? { replicateFlops: s.replicateFlops } : {}),
    });
  });
  return { candidates, generations, splits: { validation: 200, test: 200 } };
}

const tripsAt = (spec: string, r: Watched, g: number) => checkTripwires(parseTripwires(spec), r, g);

describe('tripwires', () => {
  it('selection-optimism trips when validation exceeds held-out by more than k standard errors', () => {
    const honest = run([
      { val: 0.8, test: 0.79 },
      { val: 0.85, test: 0.83 },
    ]);
    const gamed = run([
      { val: 0.8, test: 0.79 },
      { val: 1.0, test: 0.84 },
    ]);
    expect(tripsAt('selection-optimism:3:pause', honest, 1)).toEqual([]);
    const [t] = tripsAt('selection-optimism:3:pause', gamed, 1);
    expect(t).toMatchObject({ generation: 1, rule: 'selection-optimism', threshold: 3, action: 'pause' });
    // (1.0 − 0.84) / sqrt(0.84·0.16/200) ≈ 6.17
    expect(t.value).toBeCloseTo(0.16 / Math.sqrt((0.84 * 0.16) / 200), 6);
  });

  it('speed trips on a jump in champion validation accuracy in one generation', () => {
    expect(tripsAt('speed:0.1:warn', run([{ val: 0.6 }, { val: 0.65 }, { val: 0.7 }]), 2)).toEqual([]);
    expect(tripsAt('speed:0.1:warn', run([{ val: 0.6 }, { val: 0.65 }, { val: 0.9 }]), 2)).toMatchObject([
      { rule: 'speed', value: expect.closeTo(0.25, 9) },
    ]);
  });

  it('speed-per-gflop trips on a gain that cost little compute, not on the same gain that cost more', () => {
    // Generation 1: one child of 6,000 FLOPs (10 steps × 600) gains 0.05 — 8,333 points per 10⁹ FLOPs.
    const cheap = run([{ val: 0.6 }, { val: 0.65 }]);
    expect(measure('speed-per-gflop', cheap, 1)).toBeCloseTo(0.05 / 6e-6, 3);
    expect(tripsAt('speed-per-gflop:5000:warn', cheap, 1)).toMatchObject([{ rule: 'speed-per-gflop', action: 'warn' }]);
    // The same gain with replicates that cost 54,000 more: 833 per 10⁹ FLOPs.
    const costly = run([{ val: 0.6 }, { val: 0.65, replicateFlops: 54_000 }]);
    expect(tripsAt('speed-per-gflop:5000:warn', costly, 1)).toEqual([]);
    expect(measure('speed-per-gflop', cheap, 0)).toBeNull(); // no gain before generation 1
  });

  it("growth trips on compute per step passing a multiple of the seed's, at the same size", () => {
    expect(tripsAt('growth:4:warn', run([{ val: 0.5 }, { val: 0.6, perStep: 1800 }]), 1)).toEqual([]);
    expect(tripsAt('growth:4:warn', run([{ val: 0.5 }, { val: 0.6, perStep: 3000 }]), 1)).toMatchObject([
      { rule: 'growth', value: 5 },
    ]);
  });

  it("growth trips when the champion's size passes a multiple of the seed's", () => {
    expect(tripsAt('growth:4:stop', run([{ val: 0.5 }, { val: 0.6, params: 300 }]), 1)).toEqual([]);
    expect(tripsAt('growth:4:stop', run([{ val: 0.5 }, { val: 0.6, params: 500 }]), 1)).toMatchObject([
      { rule: 'growth', value: 5, action: 'stop' },
    ]);
  });

  it("instability trips on the share of a generation's children that diverged or failed", () => {
    expect(
      tripsAt('instability:0.5:warn', run([{ val: 0.5 }, { val: 0.6, children: ['ok', 'diverged', 'ok'] }]), 1),
    ).toEqual([]);
    expect(
      tripsAt(
        'instability:0.5:warn',
        run([{ val: 0.5 }, { val: 0.6, children: ['diverged', 'failed', 'diverged'] }]),
        1,
      ),
    ).toMatchObject([{ rule: 'instability', value: 0.75 }]);
  });

  it("policy-drift trips when the champion's policy moves far in one generation", () => {
    const p = (a: number, b: number, s = 1) => ({ operatorWeights: { widen: a, narrow: b }, stepScale: s });
    expect(
      tripsAt(
        'policy-drift:0.3:pause',
        run([
          { val: 0.5, policy: p(1, 1) },
          { val: 0.6, policy: p(1.1, 0.9) },
        ]),
        1,
      ),
    ).toEqual([]);
    const [t] = tripsAt(
      'policy-drift:0.3:pause',
      run([
        { val: 0.5, policy: p(1, 1) },
        { val: 0.6, policy: p(1, 1, 2) },
      ]),
      1,
    );
    expect(t.value).toBeCloseTo(Math.log(2), 9);
    expect(measure('policy-drift', run([{ val: 0.5 }, { val: 0.6 }]), 1)).toBeNull(); // no policy: nothing to measure
  });

  it('trips once per crossing: not again while the quantity stays above, again after it fell back', () => {
    const r = run([
      { val: 0.5 },
      { val: 0.6, params: 500 },
      { val: 0.7, params: 600 },
      { val: 0.7, params: 100 },
      { val: 0.8, params: 500 },
    ]);
    expect([1, 2, 3, 4].map((g) => tripsAt('growth:4:warn', r, g).length)).toEqual([1, 0, 0, 1]);
  });

  it('declarations round-trip as text and bad ones are named', () => {
    const spec = 'selection-optimism:3:pause,growth:4:warn';
    expect(formatTripwires(parseTripwires(spec))).toBe(spec);
    expect(() => parseTripwires('speed:fast:warn')).toThrow(/speed: threshold must be a non-negative number/);
    expect(() => parseTripwires('vibes:1:warn')).toThrow(TripwireError);
    expect(() => parseTripwires('speed:1:explode')).toThrow(/action must be one of warn, pause, stop/);
    expect(() => parseTripwires('speed:1:warn,speed:2:stop')).toThrow(/declared twice/);
    expect(() => parseTripwires('speed')).toThrow(/rule:threshold:action/);
  });

  it('says in words what tripped and what the loop did', () => {
    const [t] = tripsAt('growth:4:stop', run([{ val: 0.5 }, { val: 0.6, params: 500 }]), 1);
    expect(describeTrip(t)).toMatch(/^tripwire growth at generation 1: 5 > 4 .*the loop stopped$/);
  });
});

describe('oversight in the URL hash', () => {
  it('round-trips budgets, tripwires, gates and the gaming operator in their text forms', async () => {
    const { configToHash, hashToConfig } = await import('../../src/core/hash');
    const { parseConfig } = await import('../../src/core/config');
    const config = parseConfig({
      maxFlops: 1e9,
      maxCandidates: 40,
      maxSeconds: 60,
      maxParams: 5000,
      tripwires: 'selection-optimism:4:pause,growth:3:warn',
      approve: 'champion',
      chooseValidationSubset: true,
    });
    const hash = configToHash(config);
    expect(hash).toContain('tripwires=selection-optimism%3A4%3Apause%2Cgrowth%3A3%3Awarn');
    expect(hash).toContain('approve=champion');
    expect(hashToConfig(hash).config).toEqual(config);
  });
});
