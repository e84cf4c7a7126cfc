/**
 * Continue a `pbt` or `asha` run: children that continue a parent's training
 * need its weights and its optimizer state (Adam's moments and step count).
 * A run resumed with both (`onKeptWeights` → `resumeWeights`, `resumeStates`)
 * is the uninterrupted run; with the weights alone its continuing children
 * restart their optimizer, the run differs, and run-start says how many
 * states were missing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/core/config';
import type { RunLog } from '../../src/core/runlog';
import { RunControl } from '../../src/engine/control';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import type { OptimizerState } from '../../src/engine/optimizer';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

interface Kept {
  weights: Map<number, Float32Array[]>;
  states: Map<number, OptimizerState>;
}

beforeAll(setupCpu);

/** Runs `config`, stopping inside generation `at`; returns the log and the last kept weights and states, as a store would hold them. */
async function stoppedRun(config: RunConfig, at: number): Promise<{ log: RunLog; kept: Kept }> {
  const control = new RunControl();
  let kept: Kept = { weights: new Map(), states: new Map() };
  const log = await runLoop(
    config,
    host({
      control,
      onKeptWeights: (_g, weights, states) =>
        (kept = structuredClone({ weights: new Map(weights), states: new Map(states) })),
      onEvent: (e) => e.type === 'child-progress' && e.generation === at && e.index === 1 && control.stop(),
    }),
  );
  return { log: structuredClone(log), kept };
}

const startOf = (events: LoopEvent[]) => events.find((e) => e.type === 'run-start');

// Progress every step: ASHA's bottom-rung jobs train 5 steps, and the stop comes on a progress event.
describe.each([
  {
    name: 'pbt',
    config: tinyConfig({ task: 'xor', proposer: 'pbt', generations: 5, population: 3, steps: 20, progressEvery: 1 }),
  },
  {
    name: 'asha',
    config: tinyConfig({
      task: 'xor',
      proposer: 'asha',
      generations: 6,
      population: 3,
      steps: 45,
      rungs: 3,
      seed: 3,
      progressEvery: 1,
    }),
  },
])('continuing a $name run', ({ config }) => {
  const at = 3;
  let full: RunLog;
  let stopped: { log: RunLog; kept: Kept };
  beforeAll(async () => {
    full = await runLoop(config, host());
    stopped = await stoppedRun(config, at);
  });

  it('the uninterrupted run continues training after the stop point, so the resume has something to get wrong', () => {
    expect(full.candidates.some((c) => c.generation >= at && c.inherited)).toBe(true);
  });

  it('resumed with the kept weights and optimizer states, it equals the uninterrupted run', async () => {
    const { log, kept } = structuredClone(stopped);
    expect(log.status).toBe('stopped');
    expect(log.generations).toHaveLength(at);
    expect(kept.states.size).toBeGreaterThan(0);
    const events: LoopEvent[] = [];
    const before = tf.memory().numTensors;
    const resumed = await runLoop(
      config,
      host({
        resumeFrom: log,
        resumeWeights: kept.weights,
        resumeStates: kept.states,
        onEvent: (e) => events.push(e),
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(startOf(events)).toMatchObject({ resumedFrom: at });
    expect(startOf(events)).not.toHaveProperty('missingWeights');
    expect(startOf(events)).not.toHaveProperty('missingStates');
    expect(withoutTimes(resumed)).toEqual(withoutTimes(full));
  });

  it('resumed with the weights alone, its optimizers restart: run-start counts the missing states and the run differs', async () => {
    const { log, kept } = structuredClone(stopped);
    const events: LoopEvent[] = [];
    const resumed = await runLoop(
      config,
      host({ resumeFrom: log, resumeWeights: kept.weights, onEvent: (e) => events.push(e) }),
    );
    expect(startOf(events)).toMatchObject({ resumedFrom: at, missingStates: kept.weights.size });
    expect(startOf(events)).not.toHaveProperty('missingWeights');
    expect(withoutTimes(resumed)).not.toEqual(withoutTimes(full));
  });
});
