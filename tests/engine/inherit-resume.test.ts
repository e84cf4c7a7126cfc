/**
 * Continue with `inherit` on: a run resumed with the weights it kept
 * (`onKeptWeights` → `resumeWeights`) is the uninterrupted run; without them
 * the loop says how many are missing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunLog } from '../../src/core/runlog';
import { RunControl } from '../../src/engine/control';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

const config = tinyConfig({
  task: 'xor',
  proposer: 'evolution',
  generations: 5,
  population: 3,
  steps: 30,
  inherit: true,
});
let full: RunLog;

beforeAll(async () => {
  await setupCpu();
  full = await runLoop(config, host());
});

/** Stops inside generation 3; returns the log and the last kept weights, as a store would hold them. */
async function stoppedRun(): Promise<{ log: RunLog; kept: Map<number, Float32Array[]> }> {
  const control = new RunControl();
  let kept = new Map<number, Float32Array[]>();
  const log = await runLoop(
    config,
    host({
      control,
      onKeptWeights: (_g, w) => (kept = structuredClone(new Map(w))),
      onEvent: (e) => e.type === 'child-progress' && e.generation === 3 && e.index === 1 && control.stop(),
    }),
  );
  return { log: structuredClone(log), kept };
}

const startOf = (events: LoopEvent[]) => events.find((e) => e.type === 'run-start');

describe('continue with inherit on', () => {
  it('the uninterrupted run inherits after the stop point, so the resume has something to get wrong', () => {
    expect(full.candidates.some((c) => c.generation >= 3 && c.inherited)).toBe(true);
  });

  it('resumed with the kept weights, it equals the uninterrupted run', async () => {
    const { log, kept } = await stoppedRun();
    expect(log.status).toBe('stopped');
    expect(log.generations).toHaveLength(3);
    const events: LoopEvent[] = [];
    const before = tf.memory().numTensors;
    const resumed = await runLoop(
      config,
      host({ resumeFrom: log, resumeWeights: kept, onEvent: (e) => events.push(e) }),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(startOf(events)).toMatchObject({ resumedFrom: 3 });
    expect(startOf(events)).not.toHaveProperty('missingWeights');
    expect(withoutTimes(resumed)).toEqual(withoutTimes(full));
  });

  it('resumed without them, children start fresh and run-start says how many weights were missing', async () => {
    const { log, kept } = await stoppedRun();
    const events: LoopEvent[] = [];
    const resumed = await runLoop(config, host({ resumeFrom: log, onEvent: (e) => events.push(e) }));
    expect(startOf(events)).toMatchObject({ resumedFrom: 3, missingWeights: kept.size });
    expect(withoutTimes(resumed)).not.toEqual(withoutTimes(full));
  });
});
