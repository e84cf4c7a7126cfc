/**
 * A loop without training, for testing proposers' dynamics cheaply: each
 * child's validation accuracy comes from a given function of its genome plus
 * binomial-sized noise, drawn from the seeded Rng. The positive control
 * (docs/improver.md) runs it with a fitness where only the learning rate
 * matters, to check that a self-adaptive policy learns that `lr-scale` pays.
 */
import { parseConfig, type RunConfig } from './config';
import type { Genome } from './genome';
import { best, carriesPolicy, defaultPolicy, PROPOSERS, schedulesTraining } from './proposers';
import { rngFor } from './rng';
import type { Candidate, RunLog } from './runlog';
import { SCHEMA_VERSION } from './runlog';
import { TASKS } from './tasks';
import { cloneGenome } from './genome';

/** Runs `config` (a pure proposer) with `fitness(genome)` as the noiseless validation accuracy. */
export function simulateRun(input: Partial<RunConfig>, fitness: (g: Genome) => number): RunLog {
  const config = parseConfig(input as Record<string, unknown>);
  if (config.proposer === 'learned') throw new Error('simulateRun: learned needs the engine');
  if (schedulesTraining(config.proposer))
    throw new Error(`simulateRun: ${config.proposer} continues candidates' training, which needs the engine`);
  const proposer = PROPOSERS[config.proposer];
  const task = TASKS[config.task];
  const n = task.splits.validation;
  const seed = cloneGenome(
    typeof config.seedGenome === 'string' ? task.seedGenomes[config.seedGenome] : config.seedGenome,
  );
  if (carriesPolicy(config.proposer) && !seed.policy) seed.policy = defaultPolicy();
  const candidates: Candidate[] = [];
  const log: RunLog = {
    schemaVersion: SCHEMA_VERSION,
    generator: 'simulation',
    createdAt: '1970-01-01T00:00:00.000Z',
    status: 'done',
    config,
    environment: {
      requestedBackend: config.backend,
      backend: 'simulation',
      fallbacks: [],
      adapter: null,
      tfjsVersion: 'none',
      platform: 'simulation',
    },
    candidates,
    generations: [],
  };
  for (let g = 0; g < config.generations; g++) {
    const proposals =
      g === 0
        ? [{ genome: seed, parentId: null, operators: [], changes: [] }]
        : proposer.propose(
            { config, space: task.space, history: candidates, championId: log.generations[g - 1].championId },
            config.population,
            rngFor(config.seed, 'propose', g),
          );
    const ids: number[] = [];
    for (const p of proposals) {
      const id = candidates.length;
      const rng = rngFor(config.seed, 'simulate', id);
      const f = Math.min(1, Math.max(0, fitness(p.genome)));
      // Binomial noise of a validation split of n examples (normal approximation).
      const acc = Math.min(1, Math.max(0, Math.round((f + rng.normal() * Math.sqrt((f * (1 - f)) / n)) * n) / n));
      candidates.push({
        id,
        parentId: p.parentId,
        generation: g,
        genome: p.genome,
        operators: p.operators,
        changes: p.changes,
        status: 'ok',
        inherited: false,
        params: 0,
        flops: 0,
        steps: 0,
        trainMs: 0,
        metrics: { trainLoss: null, valLoss: 1 - acc, valAccuracy: acc },
        lossCurve: [],
      });
      ids.push(id);
    }
    const champ = best(candidates) as Candidate;
    log.generations.push({
      index: g,
      championId: champ.id,
      championValAccuracy: champ.metrics.valAccuracy as number,
      championTestAccuracy: champ.metrics.valAccuracy as number,
      bestValAccuracy: null,
      candidateIds: ids,
      ms: 0,
    });
  }
  return log;
}
