/**
 * The page's pure logic, without a browser: folding loop events into a view,
 * the status line, the lineage layout, chart columns, genome diffs, policy
 * probabilities and run-file import.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import type { Genome } from '../core/genome';
import { defaultPolicy } from '../core/proposers';
import type { Candidate, CandidateStatus, GenerationSummary, RunLog } from '../core/runlog';
import { runLogToCsv } from '../core/runlog';
import { SPACE_2D, SPACE_DIGITS } from '../core/space';
import { improvementData, spread } from './chart-data';
import { compact, flops, noParentText, pct, placeText, trainingText } from './format';
import { diffGenomes } from './genome-diff';
import { layoutLineage } from './lineage-layout';
import { policyLine, taskOperators } from './policy-data';
import { ImportError, readRunFile, runLogJson } from './run-files';
import { applyEvent, describeActivity, emptyView, plannedCandidates } from './run-view';

const genome = (units = [8], lr = 0.03): Genome => ({
  hyper: { optimizer: 'adam', learningRate: lr, batchSize: 32, weightDecay: 0, dropout: 0 },
  arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation: 'tanh' as const })) },
});

function cand(
  id: number,
  parentId: number | null,
  generation: number,
  val: number | null = 0.8,
  status: CandidateStatus = 'ok',
): Candidate {
  return {
    id,
    parentId,
    generation,
    genome: genome(),
    operators: parentId === null ? [] : ['widen'],
    changes: [],
    status,
    inherited: false,
    params: 10,
    flops: 100,
    steps: 10,
    trainMs: 5,
    lossCurve: [0.7, 0.5],
    metrics: { trainLoss: 0.5, valLoss: status === 'ok' ? 0.4 : null, valAccuracy: status === 'ok' ? val : null },
  };
}

const summary = (index: number, championId: number, acc: number, ids: number[]): GenerationSummary => ({
  index,
  championId,
  championValAccuracy: acc,
  championTestAccuracy: acc - 0.01,
  bestValAccuracy: acc,
  candidateIds: ids,
  ms: 1,
});

const config = parseConfig({ task: 'spirals', generations: 10, population: 8 });

function log(candidates: Candidate[], generations: GenerationSummary[]): RunLog {
  return {
    schemaVersion: 1,
    generator: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    status: 'done',
    config,
    candidates,
    generations,
    environment: {
      requestedBackend: 'cpu',
      backend: 'cpu',
      fallbacks: [],
      adapter: null,
      tfjsVersion: '4.22.0',
      platform: 'test',
    },
  };
}

describe('run view', () => {
  it('folds events: live loss while training, candidates as they finish, the log at each generation', () => {
    let v = emptyView(config);
    v = applyEvent(v, {
      type: 'child-start',
      generation: 4,
      index: 2,
      count: 8,
      candidateId: 30,
      parentId: 3,
      genome: genome(),
      operators: [],
      changes: ['x'],
      steps: 300,
    });
    expect(describeActivity('running', v)).toBe('Generation 4 of 9: training child 3 of 8');
    v = applyEvent(v, {
      type: 'child-progress',
      generation: 4,
      index: 2,
      count: 8,
      candidateId: 30,
      step: 25,
      steps: 300,
      loss: 0.6,
    });
    const before = v.candidates;
    v = applyEvent(v, {
      type: 'child-progress',
      generation: 4,
      index: 2,
      count: 8,
      candidateId: 30,
      step: 50,
      steps: 300,
      loss: 0.5,
    });
    expect(v.live?.losses).toEqual([0.6, 0.5]);
    // A progress tick leaves the candidate list untouched, so charts that read it do not redraw.
    expect(v.candidates).toBe(before);
    v = applyEvent(v, { type: 'child-done', generation: 4, index: 2, count: 8, candidate: cand(30, 3, 4) });
    expect(v.live).toBeNull();
    expect(v.candidates.map((c) => c.id)).toEqual([30]);
    const l = log([cand(0, null, 0)], [summary(0, 0, 0.8, [0])]);
    v = applyEvent(v, { type: 'generation-done', summary: l.generations[0], log: l });
    expect(v.generations).toHaveLength(1);
    expect(describeActivity('done', applyEvent(v, { type: 'run-done', log: l }))).toBe(
      'Done: 1 generations, 1 candidates.',
    );
    expect(
      describeActivity(
        'running',
        applyEvent(emptyView(config), {
          type: 'child-start',
          generation: 0,
          index: 0,
          count: 1,
          candidateId: 0,
          parentId: null,
          genome: genome(),
          operators: [],
          changes: [],
          steps: 1,
        }),
      ),
    ).toBe('Generation 0: training the seed model');
    expect(plannedCandidates(config)).toBe(1 + 9 * 8);
  });
});

describe('lineage layout', () => {
  // 0 → 1, 2 (gen 1); 1 → 3 (gen 2); 0 → 4 (gen 3: skips two generations); 5 a random sample (gen 3).
  const cands = [
    cand(0, null, 0),
    cand(1, 0, 1),
    cand(2, 0, 1, null, 'diverged'),
    cand(3, 1, 2),
    cand(4, 0, 3),
    cand(5, null, 3),
  ];
  const l = layoutLineage(cands, 3);

  it('draws one node per candidate, a column per generation, and no two nodes of a generation on top of each other', () => {
    expect(l.nodes.map((n) => n.candidate.id).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const x = new Map(l.nodes.map((n) => [n.candidate.id, n.x]));
    expect(x.get(0)!).toBeLessThan(x.get(1)!);
    expect(x.get(1)).toBe(x.get(2));
    expect(x.get(4)).toBe(x.get(5));
    for (const g of [1, 3]) {
      const ys = l.nodes.filter((n) => n.candidate.generation === g).map((n) => n.y);
      expect(new Set(ys).size).toBe(ys.length);
    }
    expect(l.columns.map((c) => c.generation)).toEqual([0, 1, 2, 3]);
  });

  it('joins children to parents (through waypoints when generations are skipped), and highlights the champion line', () => {
    expect(l.edges.map((e) => `${e.parentId}>${e.childId}`).sort()).toEqual(['0>1', '0>2', '0>4', '1>3']);
    const skip = l.edges.find((e) => e.childId === 4)!;
    expect(skip.path.match(/C/g)!.length).toBe(3); // gen 0 → 1 → 2 → 3
    expect([...l.championLine].sort()).toEqual([0, 1, 3]);
    expect(
      l.edges
        .filter((e) => e.championLine)
        .map((e) => e.childId)
        .sort(),
    ).toEqual([1, 3]);
  });
});

describe('lineage of PBT and ASHA runs', () => {
  it('marks exploit edges (a member copying a better one); other edges are plain', () => {
    const cands = [cand(0, null, 0), cand(1, 0, 1), cand(2, 0, 1), cand(3, 1, 2), cand(4, 1, 2)];
    cands[3].operators = ['continue'];
    cands[4].operators = ['exploit', 'explore'];
    const l = layoutLineage(cands, 3);
    expect(l.edges.filter((e) => e.exploit).map((e) => `${e.parentId}>${e.childId}`)).toEqual(['1>4']);
    expect(l.edges.filter((e) => !e.exploit)).toHaveLength(3);
  });
});

describe('improvement chart columns', () => {
  it('gives every child its own column near its generation, failed ones on the floor, and a best-so-far line', () => {
    const cands = [cand(0, null, 0, 0.7), cand(1, 0, 1, 0.9), cand(2, 0, 1, null, 'failed'), cand(3, 1, 2, 0.85)];
    const d = improvementData(
      cands,
      [summary(0, 0, 0.7, [0]), summary(1, 1, 0.9, [1, 2]), summary(2, 1, 0.9, [3])],
      0.5,
    );
    expect(d.ids.filter((x) => x !== null).sort()).toEqual([0, 1, 2, 3]);
    expect(d.xs).toEqual([...d.xs].sort((a, b) => a - b));
    const at = (id: number) => d.ids.indexOf(id);
    expect(Math.abs(d.xs[at(1)] - 1)).toBeLessThan(0.4);
    expect(d.failed[at(2)]).toBe(d.floor + 1);
    expect(d.bestSoFar.filter((x) => x !== null)).toEqual([70, 90, 90]);
    expect(spread(0, 1)).toBe(0);
  });
});

describe('genome diff and policy', () => {
  it('names the fields that changed', () => {
    const d = diffGenomes(genome([8], 0.03), genome([8, 16], 0.01));
    expect(d.map((x) => x.field)).toEqual(['architecture', 'learning rate', 'layer 2']);
    expect(d[1]).toEqual({ field: 'learning rate', before: '0.03', after: '0.01' });
  });

  it('gives the champion line’s operator probabilities over the operators the task can use', () => {
    expect(taskOperators(SPACE_2D)).not.toContain('add-conv-block');
    expect(taskOperators(SPACE_DIGITS)).toContain('add-conv-block');
    const c = cand(0, null, 0);
    c.genome.policy = { ...defaultPolicy(), stepScale: 0.7 };
    const { ops, rows } = policyLine([c], [summary(0, 0, 0.8, [0])], SPACE_2D);
    expect(rows[0].probs).toHaveLength(ops.length);
    expect(rows[0].probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(rows[0].stepScale).toBe(0.7);
  });
});

describe('run files', () => {
  // Stopped after one of its ten generations (a done run must hold all of them).
  const good: RunLog = { ...log([cand(0, null, 0)], [summary(0, 0, 0.8, [0])]), status: 'stopped' };

  it('reads back what it exports', async () => {
    const back = await readRunFile(new File([runLogJson(good)], 'run.json'));
    expect(back).toEqual(good);
    expect(runLogToCsv(back).split('\n')).toHaveLength(3);
  });

  it('refuses files that are not run logs, saying why', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['{not json', /not JSON/],
      ['[1, 2]', /not a Successor run log/],
      [JSON.stringify({ ...good, schemaVersion: 2 }), /schemaVersion: is 2/],
    ];
    for (const [text, message] of cases) {
      const err = await readRunFile(new File([text], 'x.json')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('formats', () => {
  it('prints numbers for people', () => {
    expect(pct(0.9234)).toBe('92.3%');
    expect(pct(null)).toBe('—');
    expect(compact(12_345)).toBe('12.3k');
    expect(flops(1.2e9)).toBe('1.2 GFLOP');
    expect(flops(12)).toBe('12 FLOP');
  });

  it('says how a candidate trained', () => {
    expect(trainingText({ mode: 'alone' })).toBe('alone');
    expect(trainingText({ mode: 'batched', groupSize: 6, kernels: 'fused' })).toBe(
      'batched with 5 other children as one computation (fused WGSL kernels); time shown is the group’s ÷ 6',
    );
    expect(trainingText({ mode: 'batched', groupSize: 2, kernels: 'tfjs' })).toMatch(
      /^batched with 1 other child as one computation \(tfjs ops\)/,
    );
    expect(trainingText({ mode: 'batched', groupSize: 1, kernels: 'tfjs' })).toBe('batched path on its own (tfjs ops)');
    expect(trainingText(undefined)).toMatch(/not recorded/);
  });

  it("says where a candidate stands in PBT's population or ASHA's ladder, and why a sample has no parent", () => {
    expect(placeText({ rung: 1, bracket: 0 }, 3, false)).toBe('rung 1 (0 trains fewest steps, 2 the full budget)');
    expect(placeText({ rung: 2, bracket: 1 }, 3, true)).toMatch(/^rung 2 .*, bracket 1$/);
    expect(placeText({ member: 3 }, 0, false)).toMatch(/^member 3 of the population/);
    expect(placeText({}, 3, false)).toBe('');
    // An ASHA sample is not the random baseline, though it has no parent either.
    expect(noParentText('asha')).toMatch(/bottom rung/);
    expect(noParentText('hyperband')).toMatch(/bottom rung/);
    expect(noParentText('random')).toMatch(/baseline/);
    expect(noParentText('evolution')).not.toMatch(/baseline|rung/);
  });
});
