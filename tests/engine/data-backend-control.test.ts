import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TASKS } from '../../src/core/tasks';
import { BackendError, selectBackend } from '../../src/engine/backend';
import { RunControl, StopSignal } from '../../src/engine/control';
import { loadHostData, loadTask } from '../../src/engine/data';
import { decodeDigits, DIGITS_HEADER_BYTES, DIGITS_MAGIC, DIGITS_VERSION, PIXELS } from '../../src/core/digits-format';
import { nodeAssetLoader } from '../../src/engine/node-host';
import { setupCpu } from './helpers';

beforeAll(setupCpu);

describe('task data', () => {
  it('2-D tasks: split sizes from TASKS, one-hot labels, seeded, freed by dispose', async () => {
    const before = tf.memory().numTensors;
    const data = await loadTask('spirals', 3, nodeAssetLoader());
    const { splits } = TASKS.spirals;
    expect(data.train.n).toBe(splits.train);
    expect(data.validation.n).toBe(splits.validation);
    expect(data.test.n).toBe(splits.test);
    expect(data.train.x.shape).toEqual([splits.train, 2]);
    expect(data.train.oneHot.shape).toEqual([splits.train, 2]);
    const oneHot = await data.train.oneHot.data();
    const labels = await data.train.labels.data();
    for (let i = 0; i < data.train.n; i++) expect(oneHot[2 * i + labels[i]]).toBe(1);
    expect(Array.from(labels)).toEqual(Array.from(data.train.labelsHost));
    // Splits are different draws, not copies.
    expect(Array.from(data.validation.xHost.slice(0, 20))).not.toEqual(Array.from(data.train.xHost.slice(0, 20)));
    data.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('2-D data depends on the seed only', async () => {
    const a = await loadHostData('moons', 1, nodeAssetLoader());
    const b = await loadHostData('moons', 1, nodeAssetLoader());
    const c = await loadHostData('moons', 2, nodeAssetLoader());
    expect(Array.from(b.splits.train.x)).toEqual(Array.from(a.splits.train.x));
    expect(Array.from(c.splits.train.x)).not.toEqual(Array.from(a.splits.train.x));
  });

  it('digits: the packed asset decodes to pixels in [0, 1] and labels 0–9 in fixed splits', async () => {
    const host = await loadHostData('digits', 1, nodeAssetLoader());
    const { splits } = TASKS.digits;
    expect(host.features).toBe(PIXELS);
    expect(host.splits.train.y).toHaveLength(splits.train);
    expect(host.splits.validation.y).toHaveLength(splits.validation);
    expect(host.splits.test.y).toHaveLength(splits.test);
    expect(host.splits.test.x).toHaveLength(splits.test * PIXELS);
    let min = Infinity;
    let max = -Infinity;
    for (const v of host.splits.validation.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(new Set(host.splits.train.y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // The split does not depend on the seed.
    const other = await loadHostData('digits', 99, nodeAssetLoader());
    expect(Array.from(other.splits.test.y)).toEqual(Array.from(host.splits.test.y));
  });

  it('a missing asset gives an error that says how to create it', async () => {
    await expect(loadHostData('digits', 1, nodeAssetLoader('/nonexistent-dir'))).rejects.toThrow(/pack-digits/);
  });
});

describe('digits asset format', () => {
  const asset = (count: number, over: { magic?: number; version?: number; pixels?: number; extra?: number } = {}) => {
    const buf = new ArrayBuffer(DIGITS_HEADER_BYTES + count + count * PIXELS + (over.extra ?? 0));
    const v = new DataView(buf);
    v.setUint32(0, over.magic ?? DIGITS_MAGIC, true);
    v.setUint32(4, over.version ?? DIGITS_VERSION, true);
    v.setUint32(8, count, true);
    v.setUint32(12, over.pixels ?? PIXELS, true);
    new Uint8Array(buf, DIGITS_HEADER_BYTES, count).set(Array.from({ length: count }, (_, i) => i % 10));
    return buf;
  };

  it('decodes a well-formed asset', () => {
    const d = decodeDigits(asset(3));
    expect(d.count).toBe(3);
    expect(Array.from(d.labels)).toEqual([0, 1, 2]);
    expect(d.pixels).toHaveLength(3 * PIXELS);
  });

  it('refuses anything else', () => {
    expect(() => decodeDigits(new ArrayBuffer(4))).toThrow(/too short/);
    expect(() => decodeDigits(asset(2, { magic: 1 }))).toThrow(/magic/);
    expect(() => decodeDigits(asset(2, { version: 9 }))).toThrow(/version/);
    expect(() => decodeDigits(asset(2, { pixels: 100 }))).toThrow(/pixels/);
    expect(() => decodeDigits(asset(2, { extra: 1 }))).toThrow(/bytes/);
  });
});

describe('backend selection in Node', () => {
  it('cpu starts with no fallbacks and no adapter', async () => {
    const c = await selectBackend('cpu');
    expect(c).toMatchObject({ backend: 'cpu', fallbacks: [], adapter: null });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a named backend that cannot start is an error naming it, not a silent fallback', async () => {
    for (const name of ['webgpu', 'webgl'] as const) {
      const e = await selectBackend(name).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BackendError);
      expect((e as BackendError).backend).toBe(name);
      expect((e as Error).message).toContain(name);
    }
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('RunControl', () => {
  it('checkpoint passes while running, waits while paused, and throws once stopped', async () => {
    const c = new RunControl();
    await expect(c.checkpoint()).resolves.toBeUndefined();
    c.pause();
    expect(c.paused).toBe(true);
    let passed = false;
    const waiting = c.checkpoint().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(passed).toBe(false);
    c.resume();
    await waiting;
    expect(passed).toBe(true);
    c.stop();
    expect(c.stopped).toBe(true);
    await expect(c.checkpoint()).rejects.toBeInstanceOf(StopSignal);
  });

  it('stop wakes a paused checkpoint with StopSignal', async () => {
    const c = new RunControl();
    c.pause();
    const waiting = c.checkpoint();
    c.stop();
    await expect(waiting).rejects.toBeInstanceOf(StopSignal);
  });
});
