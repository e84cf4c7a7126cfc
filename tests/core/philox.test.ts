// The dropout generator: Philox4x32-10, checked against the published known-answer vectors
// (Random123's kat_vectors), and the noise layout every path (host and WGSL) shares.
import { describe, expect, it } from 'vitest';
import { philox, uniformNoise } from '../../src/core/philox';

describe('Philox4x32-10', () => {
  it("matches Random123's known-answer vectors", () => {
    expect(Array.from(philox(0, 0, 0, 0, 0, 0))).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const ones = 0xffffffff;
    expect(Array.from(philox(ones, ones, ones, ones, ones, ones))).toEqual([
      0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd,
    ]);
    expect(Array.from(philox(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344))).toEqual([
      0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1,
    ]);
  });

  it('draws uniform noise in [0, 1) that depends on the seed and on each element alone', () => {
    const a = uniformNoise(7, 64, 10);
    expect(a.every((u) => u >= 0 && u < 1)).toBe(true);
    const mean = a.reduce((s, u) => s + u, 0) / a.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(uniformNoise(8, 64, 10)).not.toEqual(a);
    // Element (row, col) is a function of the seed, row and col only: a narrower or shorter draw, or one
    // written into a wider padded stack, holds the same values where they overlap.
    const narrow = uniformNoise(7, 3, 6);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 6; c++) expect(narrow[r * 6 + c]).toBe(a[r * 10 + c]);
    const stacked = uniformNoise(7, 3, 6, new Float32Array(40), 4, 9);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 6; c++) expect(stacked[4 + r * 9 + c]).toBe(a[r * 10 + c]);
    expect(stacked[4 + 6]).toBe(0);
  });
});
