/**
 * Shared builders and checks for the core tests (not a test file itself).
 */
import { parseConfig, type RunConfig } from '../../src/core/config';
import type { Genome } from '../../src/core/genome';
import { extendChain, sealChain } from '../../src/core/oversight/chain';
import type { Candidate, CandidateStatus, RunLog } from '../../src/core/runlog';
import { SCHEMA_VERSION } from '../../src/core/runlog';
import type { SearchSpace } from '../../src/core/space';

/** A small valid MLP genome (2-D tasks). */
export function mlpGenome(units: number[] = [8, 8], over: Partial<Genome['hyper']> = {}): Genome {
  return {
    hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0, ...over },
    arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation: 'tanh' as const })) },
  };
}

/** A small valid CNN genome (digits). */
export function cnnGenome(): Genome {
  return {
    hyper: { optimizer: 'adam', learningRate: 0.003, batchSize: 64, weightDecay: 0, dropout: 0 },
    arch: {
      family: 'cnn',
      blocks: [
        { filters: 4, kernel: 3, pool: true },
        { filters: 8, kernel: 5, pool: false },
      ],
      activation: 'relu',
      head: [{ units: 16, activation: 'relu' }],
    },
  };
}

/** A candidate with the given fitness-relevant fields. */
export function candidate(
  id: number,
  opts: {
    parentId?: number | null;
    generation?: number;
    genome?: Genome;
    status?: CandidateStatus;
    valAccuracy?: number | null;
    valLoss?: number | null;
    params?: number;
  } = {},
): Candidate {
  const status = opts.status ?? 'ok';
  const healthy = status === 'ok';
  return {
    id,
    parentId: opts.parentId ?? null,
    generation: opts.generation ?? 0,
    genome: opts.genome ?? mlpGenome(),
    operators: [],
    changes: [],
    status,
    inherited: false,
    params: opts.params ?? 100,
    flops: 1000,
    steps: 10,
    trainMs: 1,
    metrics: {
      trainLoss: healthy ? 0.5 : null,
      valLoss: opts.valLoss !== undefined ? opts.valLoss : healthy ? 0.5 : null,
      valAccuracy: opts.valAccuracy !== undefined ? opts.valAccuracy : healthy ? 0.5 : null,
    },
    lossCurve: [],
  };
}

/** A run config for proposer tests. */
export function config(over: Record<string, unknown> = {}): RunConfig {
  return parseConfig({ task: 'spirals', proposer: 'evolution', population: 4, tournament: 3, ...over });
}

/** A minimal valid run log with a seed candidate and one child. */
export function minimalLog(): RunLog {
  const c0 = candidate(0, { valAccuracy: 0.6 });
  c0.metrics.testAccuracy = 0.55;
  const c1 = candidate(1, { parentId: 0, generation: 1, valAccuracy: 0.7 });
  c1.metrics.testAccuracy = 0.65;
  c1.operators = ['lr-scale'];
  c1.changes = ['lr 0.03→0.06'];
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: 'test',
    createdAt: '2024-01-01T00:00:00.000Z',
    status: 'done',
    config: parseConfig({ generations: 2, population: 1 }),
    environment: {
      requestedBackend: 'cpu',
      backend: 'cpu',
      fallbacks: [],
      adapter: null,
      tfjsVersion: '4.22.0',
      nodeVersion: 'v20',
      platform: 'linux-x64',
    },
    candidates: [c0, c1],
    generations: [
      {
        index: 0,
        championId: 0,
        championValAccuracy: 0.6,
        championTestAccuracy: 0.55,
        bestValAccuracy: 0.6,
        candidateIds: [0],
        ms: 1,
      },
      {
        index: 1,
        championId: 1,
        championValAccuracy: 0.7,
        championTestAccuracy: 0.65,
        bestValAccuracy: 0.7,
        candidateIds: [1],
        ms: 1,
      },
    ],
  };
}

/** Every way a genome can leave a search space, as a list of complaints (empty when inside). */
export function outsideSpace(g: Genome, space: SearchSpace): string[] {
  const bad: string[] = [];
  const h = g.hyper;
  if (!space.families.includes(g.arch.family)) bad.push(`family ${g.arch.family}`);
  if (!space.optimizers.includes(h.optimizer)) bad.push(`optimizer ${h.optimizer}`);
  if (!(h.learningRate >= space.learningRate.min && h.learningRate <= space.learningRate.max))
    bad.push(`learningRate ${h.learningRate}`);
  if (!space.batchSizes.includes(h.batchSize)) bad.push(`batchSize ${h.batchSize}`);
  if (!(h.weightDecay >= space.weightDecay.min && h.weightDecay <= space.weightDecay.max))
    bad.push(`weightDecay ${h.weightDecay}`);
  if (!(h.dropout >= 0 && h.dropout <= space.dropout.max)) bad.push(`dropout ${h.dropout}`);
  const dense = g.arch.family === 'mlp' ? g.arch.layers : g.arch.head;
  if (dense.length < space.layers.min || dense.length > space.layers.max) bad.push(`${dense.length} dense layers`);
  for (const l of dense) {
    if (!Number.isInteger(l.units) || l.units < space.units.min || l.units > space.units.max)
      bad.push(`units ${l.units}`);
    if (!space.activations.includes(l.activation)) bad.push(`activation ${l.activation}`);
  }
  if (g.arch.family === 'cnn') {
    const c = space.conv;
    if (g.arch.blocks.length < Math.max(1, c.minBlocks) || g.arch.blocks.length > c.maxBlocks)
      bad.push(`${g.arch.blocks.length} conv blocks`);
    if (!space.activations.includes(g.arch.activation)) bad.push(`activation ${g.arch.activation}`);
    for (const b of g.arch.blocks) {
      if (!Number.isInteger(b.filters) || b.filters < c.filtersMin || b.filters > c.filtersMax)
        bad.push(`filters ${b.filters}`);
      if (!c.kernels.includes(b.kernel)) bad.push(`kernel ${b.kernel}`);
    }
  }
  return bad;
}

/** Deep copy for before/after comparisons. */
export const snapshot = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A minimal log with its hash chain sealed, as a saved run carries it. */
export function sealedLog(): RunLog {
  const l = minimalLog();
  l.codeVersion = 'successor 0.1.0 (test)';
  extendChain(l);
  sealChain(l);
  return snapshot(l);
}
