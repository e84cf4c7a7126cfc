import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { RunControl } from '../../src/engine/control';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import { host, setupCpu, tinyConfig, withoutTimes } from './helpers';

const config = tinyConfig({ task: 'xor', proposer: 'evolution', generations: 4, population: 3, steps: 30 });
let full: RunLog;

beforeAll(async () => {
  await setupCpu();
  full = await runLoop(config, host());
});

/** Runs until the second child of generation 2 has reported progress, then stops. */
async function stoppedRun(): Promise<{ log: RunLog; events: LoopEvent[] }> {
  const control = new RunControl();
  const events: LoopEvent[] = [];
  const log = await runLoop(
    config,
    host({
      control,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'child-progress' && e.generation === 2 && e.index === 1) control.stop();
      },
    }),
  );
  return { log, events };
}

describe('stop and resume', () => {
  it('a stop mid-generation keeps only whole generations and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const { log, events } = await stoppedRun();
    expect(tf.memory().numTensors).toBe(before);
    expect(log.status).toBe('stopped');
    expect(log.generations).toHaveLength(2);
    expect(log.candidates).toHaveLength(1 + config.population);
    for (const c of log.candidates) expect(c.generation).toBeLessThan(2);
    // The stop really happened inside generation 2, after some of its children had trained.
    expect(events.some((e) => e.type === 'child-done' && e.generation === 2)).toBe(true);
    const last = events[events.length - 1];
    expect(last.type).toBe('run-done');
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(() => validateRunLog(JSON.parse(JSON.stringify(log)))).not.toThrow();
    // What it kept is exactly the start of the uninterrupted run.
    const prefix = withoutTimes(full);
    expect(withoutTimes(log)).toEqual({
      candidates: prefix.candidates.slice(0, log.candidates.length),
      generations: prefix.generations.slice(0, 2),
    });
  });

  it('resuming a stopped run gives the same candidates and metrics as an uninterrupted run', async () => {
    const { log: stopped } = await stoppedRun();
    const saved = JSON.parse(JSON.stringify(stopped)) as RunLog;
    const events: LoopEvent[] = [];
    const before = tf.memory().numTensors;
    const resumed = await runLoop(config, host({ resumeFrom: saved, onEvent: (e) => events.push(e) }));
    expect(tf.memory().numTensors).toBe(before);
    expect(resumed.status).toBe('done');
    expect(resumed.createdAt).toBe(stopped.createdAt);
    const start = events.find((e) => e.type === 'run-start');
    expect(start && start.type === 'run-start' && start.resumedFrom).toBe(2);
    // Only generations 2 and 3 were trained again.
    expect(events.filter((e) => e.type === 'child-done').length).toBe(2 * config.population);
    expect(withoutTimes(resumed)).toEqual(withoutTimes(full));
  });

  it('resuming a finished run trains nothing more', async () => {
    let trained = 0;
    const again = await runLoop(
      config,
      host({ resumeFrom: JSON.parse(JSON.stringify(full)), onEvent: (e) => e.type === 'child-start' && trained++ }),
    );
    expect(trained).toBe(0);
    expect(withoutTimes(again)).toEqual(withoutTimes(full));
  });

  it('refuses to resume a run with a different config', async () => {
    const before = tf.memory().numTensors;
    await expect(runLoop({ ...config, steps: 31 }, host({ resumeFrom: full }))).rejects.toThrow(/different config/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pausing and resuming mid-run changes nothing', async () => {
    const control = new RunControl();
    let paused = false;
    const log = await runLoop(
      config,
      host({
        control,
        onEvent: (e) => {
          if (!paused && e.type === 'child-progress' && e.generation === 1) {
            paused = true;
            control.pause();
            setTimeout(() => control.resume(), 20);
          }
        },
      }),
    );
    expect(paused).toBe(true);
    expect(log.status).toBe('done');
    expect(withoutTimes(log)).toEqual(withoutTimes(full));
  });
});
