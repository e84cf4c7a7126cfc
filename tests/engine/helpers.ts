/**
 * Shared setup for the engine tests (not a test file itself): tfjs on the
 * CPU backend in Node, tiny configs, and log comparisons without timings.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig, type RunConfig } from '../../src/core/config';
import type { Genome } from '../../src/core/genome';
import type { RunLog } from '../../src/core/runlog';
import { selectBackend } from '../../src/engine/backend';
import type { LoopHost } from '../../src/engine/loop';
import { nodeAssetLoader, nodeRuntime, prepareNode } from '../../src/engine/node-host';

/** Quietens tfjs and selects the CPU backend; call in beforeAll. */
export async function setupCpu(): Promise<void> {
  await prepareNode();
  const choice = await selectBackend('cpu');
  if (choice.backend !== 'cpu' || tf.getBackend() !== 'cpu') throw new Error('the cpu backend did not start');
}

/** A small, fast genome for the 2-D tasks. */
export function tinyMlp(units: number[] = [8, 8], hyper: Partial<Genome['hyper']> = {}): Genome {
  return {
    hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0, ...hyper },
    arch: { family: 'mlp', layers: units.map((u) => ({ units: u, activation: 'tanh' as const })) },
  };
}

/** A short loop config on the CPU backend. */
export function tinyConfig(over: Record<string, unknown> = {}): RunConfig {
  return parseConfig({
    task: 'spirals',
    proposer: 'evolution',
    generations: 4,
    population: 3,
    steps: 30,
    progressEvery: 10,
    backend: 'cpu',
    seed: 7,
    ...over,
  });
}

/** A Node loop host; extra fields override. */
export function host(over: Partial<LoopHost> = {}): LoopHost {
  return { loadAsset: nodeAssetLoader(), runtime: nodeRuntime(), ...over };
}

/** What a run produced, minus wall-clock fields (candidates' trainMs, generations' ms and replicateMs) and the chain's hashes, which cover them. */
export function withoutTimes(log: RunLog): { candidates: unknown[]; generations: unknown[] } {
  const copy = JSON.parse(JSON.stringify(log)) as RunLog;
  for (const c of copy.candidates) {
    delete (c as Partial<typeof c>).trainMs;
    delete c.hash;
  }
  for (const g of copy.generations) {
    delete (g as Partial<typeof g>).ms;
    delete (g as Partial<typeof g>).replicateMs;
    delete g.hash;
  }
  return { candidates: copy.candidates, generations: copy.generations };
}
