/**
 * A slow child shows its steps between loss read-backs: the heartbeat waits
 * for the device about once a second when steps are slow and never beyond
 * the first step when they are fast; waiting changes nothing in the result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask, type TaskTensors } from '../../src/engine/data';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { Heartbeat, trainCandidate } from '../../src/engine/train';
import { setupCpu, tinyMlp } from './helpers';

let xor: TaskTensors;
beforeAll(async () => {
  await setupCpu();
  xor = await loadTask('xor', 1, nodeAssetLoader());
});
afterAll(() => xor?.dispose());

/** Which steps (1…steps) the heartbeat waits at, given ms per step; read-backs every `every`. */
function beats(msPerStep: number, steps: number, every: number): number[] {
  let t = 0;
  const hb = new Heartbeat(every, 1000, () => t);
  const at: number[] = [];
  for (let s = 1; s <= steps; s++) {
    t += msPerStep;
    if (s % every === 0) hb.synced(s);
    else if (hb.due(s)) {
      hb.synced(s);
      at.push(s);
    }
  }
  return at;
}

describe('the heartbeat', () => {
  it('reports a slow child about once a second', () => {
    // A convnet on a software adapter: 8 s a step, read-backs every 25 steps.
    expect(beats(8000, 12, 25)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // 250 ms a step: every 4th step after the first.
    expect(beats(250, 24, 25)).toEqual([1, 5, 9, 13, 17, 21]);
  });

  it('leaves a fast child alone after its first step', () => {
    expect(beats(2, 300, 25)).toEqual([1]);
  });

  it('changes nothing in what a child learns', async () => {
    const req = { genome: tinyMlp(), steps: 60, seed: 3, progressEvery: 30, init: null };
    const plain = await trainCandidate(xor, req);
    const reports: number[] = [];
    const before = tf.memory().numTensors;
    const watched = await trainCandidate(xor, { ...req, onSteps: (step) => reports.push(step) });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports[0]).toBe(1);
    expect(watched.lossCurve).toEqual(plain.lossCurve);
    expect(watched.valAccuracy).toBe(plain.valAccuracy);
  });
});
