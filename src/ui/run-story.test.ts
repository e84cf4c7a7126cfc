/**
 * The run told in words: change descriptions, the change column's noise
 * verdicts (binomial SE of the split), the summary sentence, distinct compare
 * labels, and the status line between two children.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import type { Genome } from '../core/genome';
import type { Candidate, GenerationSummary, RunLog } from '../core/runlog';
import { distinctLabels } from './chart-data';
import type { Capabilities } from './capabilities';
import { slowRunWarning } from './device-advice';
import { applyEvent, describeActivity, emptyView } from './run-view';
import { binomialSE, championChanges, describeChange, summariseRun } from './run-story';

const mlp = (layers: [number, string][], lr = 0.03, optimizer: Genome['hyper']['optimizer'] = 'adam'): Genome => ({
  hyper: { optimizer, learningRate: lr, batchSize: 32, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp', layers: layers.map(([units, activation]) => ({ units, activation: activation as 'tanh' })) },
});

const cand = (id: number, parentId: number | null, generation: number, genome: Genome): Candidate => ({
  id,
  parentId,
  generation,
  genome,
  operators: [],
  changes: [],
  status: 'ok',
  inherited: false,
  params: 1,
  flops: 1,
  steps: 1,
  trainMs: 1,
  metrics: { trainLoss: 0.5, valLoss: 0.5, valAccuracy: 0.5 },
  lossCurve: [],
});

const gen = (index: number, championId: number, val: number, test: number): GenerationSummary => ({
  index,
  championId,
  championValAccuracy: val,
  championTestAccuracy: test,
  bestValAccuracy: val,
  candidateIds: [],
  ms: 1,
});

const SPLIT = { validation: 200, test: 200 };

describe('describeChange', () => {
  it('names widening, added layers, activation switches and hyperparameters, counting layers from 1', () => {
    expect(
      describeChange(
        mlp([
          [8, 'tanh'],
          [8, 'tanh'],
        ]),
        mlp([
          [14, 'tanh'],
          [8, 'tanh'],
        ]),
      ),
    ).toBe('widened layer 1 8→14');
    expect(describeChange(mlp([[8, 'tanh']]), mlp([[8, 'tanh']], 0.011))).toBe('learning rate 0.03→0.011');
    expect(describeChange(mlp([]), mlp([[8, 'tanh']]))).toBe('added a layer (mlp (linear) → mlp 8t)');
    expect(
      describeChange(
        mlp([
          [8, 'tanh'],
          [8, 'tanh'],
        ]),
        mlp([
          [8, 'relu'],
          [8, 'relu'],
        ]),
      ),
    ).toBe('switched to relu');
    expect(describeChange(mlp([[8, 'tanh']], 0.03, 'sgd'), mlp([[8, 'tanh']], 0.03, 'adam'))).toBe(
      'optimizer sgd→adam',
    );
    expect(describeChange(mlp([[8, 'tanh']]), mlp([[8, 'tanh']]))).toBe('no change (retrained)');
  });
});

describe('the change column', () => {
  const cands = [
    cand(0, null, 0, mlp([])),
    cand(1, 0, 1, mlp([[8, 'tanh']])),
    cand(2, 1, 2, mlp([[8, 'tanh']], 0.05)),
    cand(3, 0, 3, mlp([], 0.01)),
  ];
  const gens = [gen(0, 0, 0.5, 0.5), gen(1, 1, 0.9, 0.88), gen(2, 2, 0.915, 0.865), gen(3, 2, 0.915, 0.865)];

  it('uses the binomial standard error of the split', () => {
    expect(binomialSE(0.5, 100)).toBeCloseTo(0.05, 10);
    expect(binomialSE(0.9, 400)).toBeCloseTo(0.015, 10);
  });

  it('gives each new champion its change and its held-out effect against the noise; old champions get none', () => {
    const rows = championChanges(gens, cands, SPLIT);
    expect(rows.map((r) => r.isNew)).toEqual([false, true, true, false]);
    expect(rows[1].change).toBe('added a layer (mlp (linear) → mlp 8t)');
    expect(rows[1].verdict).toBe('gain');
    // +38 points on 200 examples is far beyond ±2·√(SE₁²+SE₂²) ≈ ±8.4 points.
    expect(rows[1].effect).toBe('+38.0 test, +40.0 val: beyond noise (±8.4)');
    // +1.5 val, −1.5 test: within noise.
    expect(rows[2].change).toBe('learning rate 0.03→0.05');
    expect(rows[2].verdict).toBe('within noise');
    expect(rows[2].effect).toMatch(/^−1\.5 test, \+1\.5 val: within noise \(±6\.\d\)$/);
    expect(rows[3].effect).toBe('');
  });

  it('sums the run up in one sentence: held-out first, with the biggest step', () => {
    expect(summariseRun(gens, cands, SPLIT)).toBe(
      'From 50% to 87% held-out in 3 generations; the biggest step was “added a layer (mlp (linear) → mlp 8t)” in generation 1 (+38.0 points).',
    );
    expect(summariseRun(gens.slice(0, 1), cands, SPLIT)).toBe('');
    const flat = [gen(0, 0, 0.7, 0.7), gen(1, 0, 0.7, 0.7)];
    expect(summariseRun(flat, cands, SPLIT)).toBe(
      "The seed model's 70% held-out was never beaten on validation in 1 generation.",
    );
    const noisy = [gen(0, 0, 0.7, 0.7), gen(1, 1, 0.76, 0.71)];
    expect(summariseRun(noisy, cands, SPLIT)).toMatch(
      /^Held-out accuracy went from 70% to 71% in 1 generation — within its noise/,
    );
  });
});

describe('compare labels', () => {
  const log = (over: Record<string, unknown>, createdAt: string): RunLog =>
    ({ config: parseConfig({ task: 'moons', proposer: 'random', seed: 3, ...over }), createdAt }) as unknown as RunLog;

  it('tell apart runs that share proposer, seed and task', () => {
    expect(
      distinctLabels([log({}, '2026-01-01T10:00:00Z'), log({ proposer: 'evolution' }, '2026-01-01T10:00:00Z')]),
    ).toEqual(['random · seed 3 · moons', 'evolution · seed 3 · moons']);
    expect(distinctLabels([log({ steps: 100 }, 'a'), log({ steps: 200 }, 'a')])).toEqual([
      'random · seed 3 · moons · steps 100',
      'random · seed 3 · moons · steps 200',
    ]);
    expect(distinctLabels([log({}, '2026-01-01T10:00:00.000Z'), log({}, '2026-01-01T11:30:00.000Z')])).toEqual([
      'random · seed 3 · moons · 2026-01-01 10:00:00',
      'random · seed 3 · moons · 2026-01-01 11:30:00',
    ]);
    const same = distinctLabels([log({}, 'x'), log({}, 'x')]);
    expect(new Set(same).size).toBe(2);
  });
});

describe('the status line between children', () => {
  it('says the generation is being scored, not that the previous one is done', () => {
    const config = parseConfig({ task: 'xor', generations: 4 });
    const v = {
      ...emptyView(config),
      candidates: [cand(0, null, 0, mlp([])), cand(1, 0, 1, mlp([]))],
      generations: [gen(0, 0, 0.5, 0.5)],
    };
    expect(describeActivity('running', v)).toBe('Generation 1: scoring the champion on held-out data…');
    expect(describeActivity('running', { ...v, candidates: v.candidates.slice(0, 1) })).toBe(
      'Generation 0 done; proposing the next…',
    );
    expect(describeActivity('running', emptyView(config))).toBe('Loading the task…');
  });

  it('between two children of one generation says how many are trained, not that it is being scored', () => {
    const config = parseConfig({ task: 'xor', generations: 4, population: 2 });
    const seed = cand(0, null, 0, mlp([]));
    let v = { ...emptyView(config), candidates: [seed], generations: [gen(0, 0, 0.5, 0.5)] };
    const child = (id: number, index: number) => ({ generation: 1, index, count: 2, candidateId: id, parentId: 0 });
    const starts = (id: number, index: number) =>
      applyEvent(v, {
        type: 'child-start',
        ...child(id, index),
        genome: mlp([]),
        operators: [],
        changes: [],
        steps: 50,
      });
    const ends = (id: number, index: number) =>
      applyEvent(v, { type: 'child-done', generation: 1, index, count: 2, candidate: cand(id, 0, 1, mlp([])) });
    v = starts(1, 0);
    expect(describeActivity('running', v)).toBe('Generation 1 of 3: training child 1 of 2');
    v = ends(1, 0);
    expect(describeActivity('running', v)).toBe('Generation 1 of 3: 1 of 2 children trained; starting the next…');
    v = starts(2, 1);
    expect(describeActivity('running', v)).toBe('Generation 1 of 3: training child 2 of 2');
    v = ends(2, 1);
    expect(describeActivity('running', v)).toBe('Generation 1: scoring the champion on held-out data…');
  });
});

describe('a slow child and a slow device', () => {
  it('shows steps done and an estimate of the time left once the child reports its steps', () => {
    const config = parseConfig({ task: 'digits', generations: 3 });
    let v = applyEvent(emptyView(config), {
      type: 'child-start',
      generation: 1,
      index: 0,
      count: 2,
      candidateId: 1,
      parentId: 0,
      genome: mlp([]),
      operators: [],
      changes: [],
      steps: 50,
    });
    expect(describeActivity('running', v)).toBe('Generation 1 of 2: training child 1 of 2');
    v = applyEvent(v, {
      type: 'child-steps',
      generation: 1,
      index: 0,
      count: 2,
      candidateId: 1,
      step: 10,
      steps: 50,
      ms: 80_000,
    });
    expect(describeActivity('running', v)).toBe(
      'Generation 1 of 2: training child 1 of 2 (step 10 of 50, about 5 min left)',
    );
    v = applyEvent(v, {
      type: 'child-steps',
      generation: 1,
      index: 0,
      count: 2,
      candidateId: 1,
      step: 48,
      steps: 50,
      ms: 384_000,
    });
    expect(describeActivity('running', v)).toBe(
      'Generation 1 of 2: training child 1 of 2 (step 48 of 50, about 16 s left)',
    );
  });

  const caps = (software: boolean | null): Capabilities => ({
    offers: [
      { backend: 'webgpu', available: software !== null },
      { backend: 'webgl', available: true },
      { backend: 'wasm', available: true },
      { backend: 'cpu', available: true },
    ],
    adapter:
      software === null
        ? null
        : { vendor: 'v', architecture: 'a', device: '', description: '', isFallbackAdapter: software },
  });

  it('warns before a digits run on a software adapter or the CPU, not on a hardware GPU or a 2-D task', () => {
    const digits = parseConfig({ task: 'digits' });
    expect(slowRunWarning(digits, caps(true))).toMatch(/software GPU adapter/);
    expect(slowRunWarning(parseConfig({ task: 'digits', backend: 'cpu' }), caps(false))).toMatch(/the cpu backend/);
    expect(slowRunWarning(digits, caps(null))).toMatch(/no GPU/);
    expect(slowRunWarning(digits, caps(false))).toBe('');
    expect(slowRunWarning(parseConfig({ task: 'spirals' }), caps(true))).toBe('');
  });
});
