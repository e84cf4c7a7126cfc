import { describe, expect, it } from 'vitest';
import { stabilityOf, windowsOf } from '../../src/core/bench/sustained';

describe('the sustained run', () => {
  it('reads a throttling trace as windows and a stability figure of lowest ÷ highest window', () => {
    // 1,000 samples/s for 20 s, then throttled to 600 samples/s for 20 s; a point every 500 ms.
    const trace: { ms: number; samples: number }[] = [];
    for (let ms = 500; ms <= 40_000; ms += 500)
      trace.push({ ms, samples: ms <= 20_000 ? ms : 20_000 + (ms - 20_000) * 0.6 });
    const w = windowsOf(trace, 10_000);
    expect(w.map((x) => x.endMs)).toEqual([10_000, 20_000, 30_000, 40_000]);
    expect(w.map((x) => Math.round(x.samplesPerSec))).toEqual([1000, 1000, 600, 600]);
    expect(stabilityOf(w)).toBeCloseTo(0.6, 9);
  });

  it('is 1 for a steady trace and null with fewer than two windows', () => {
    const steady = Array.from({ length: 30 }, (_, i) => ({ ms: (i + 1) * 1000, samples: (i + 1) * 500 }));
    expect(stabilityOf(windowsOf(steady, 5000))).toBe(1);
    expect(stabilityOf(windowsOf(steady, 20_000))).toBeNull();
  });
});
