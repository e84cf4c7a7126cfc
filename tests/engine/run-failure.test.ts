/**
 * A failure outside the loop (on the page: the WebGPU device lost, which
 * calls `RunControl.fail`) ends the run with status `error` and its whole
 * generations, never `done`; continuing it gives the uninterrupted run and
 * records the interruption. The real device loss is tested in Chromium.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { RunControl } from '../../src/engine/control';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

const config = tinyConfig({ task: 'xor', proposer: 'evolution', generations: 4, population: 3, steps: 30 });
const REASON = 'the WebGPU device was lost (destroyed: injected by the test)';
let full: RunLog;

beforeAll(async () => {
  await setupCpu();
  full = await runLoop(config, host());
});

describe('a run that fails from outside', () => {
  let failed: RunLog;

  it('ends with status error, the reason, and only its whole generations', async () => {
    const control = new RunControl();
    const events: LoopEvent[] = [];
    const before = tf.memory().numTensors;
    failed = await runLoop(
      config,
      host({
        control,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'child-progress' && e.generation === 2 && e.index === 1) control.fail(REASON);
        },
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(failed.status).toBe('error');
    expect(failed.error).toBe(`${REASON} during generation 2; the 2 completed generations are kept`);
    expect(failed.generations).toHaveLength(2);
    expect(failed.candidates.every((c) => c.generation < 2)).toBe(true);
    expect(events.some((e) => e.type === 'child-done' && e.generation === 2)).toBe(true);
    expect(events[events.length - 1].type).toBe('run-done');
    expect(validateRunLog(structuredClone(failed)).error).toBe(failed.error);
    const prefix = withoutTimes(full);
    expect(withoutTimes(failed)).toEqual({
      candidates: prefix.candidates.slice(0, failed.candidates.length),
      generations: prefix.generations.slice(0, 2),
    });
  });

  it('continuing it gives the uninterrupted run and records the interruption', async () => {
    const resumed = await runLoop(config, host({ resumeFrom: structuredClone(failed) }));
    expect(resumed.status).toBe('done');
    expect(resumed.error).toBeUndefined();
    expect(resumed.interruptions).toEqual([{ generation: 2, reason: failed.error, backend: 'cpu' }]);
    expect(withoutTimes(resumed)).toEqual(withoutTimes(full));
    expect(validateRunLog(structuredClone(resumed)).interruptions).toHaveLength(1);
  });
});
