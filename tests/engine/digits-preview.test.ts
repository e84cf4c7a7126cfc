/**
 * The digits preview asset (what the page fetches to show digits before a
 * run): the first training digits of the full asset, with their labels, in
 * the same format, a few KB instead of megabytes; an older checkout with only
 * digits.bin gets it cut from that asset.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packDigits, previewOf } from '../../scripts/pack-digits';
import {
  decodeDigits,
  DIGITS_HEADER_BYTES,
  DIGITS_PREVIEW_ASSET,
  DIGITS_PREVIEW_COUNT,
  digitsAssetBytes,
  PIXELS,
} from '../../src/core/digits-format';
import { TASKS } from '../../src/core/tasks';

const read = (file: string) => {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

let tmp: string | null = null;
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
});

describe('the digits preview asset', () => {
  it('holds the first training digits of the full asset, with their labels, in a few KB', () => {
    packDigits();
    const full = decodeDigits(read(join('public', 'digits.bin')));
    const bytes = read(join('public', DIGITS_PREVIEW_ASSET));
    const preview = decodeDigits(bytes);
    expect(preview.count).toBe(DIGITS_PREVIEW_COUNT);
    expect(DIGITS_PREVIEW_COUNT).toBeLessThanOrEqual(TASKS.digits.splits.train);
    expect(bytes.byteLength).toBe(digitsAssetBytes(DIGITS_PREVIEW_COUNT));
    // 18.9 KB, where the page used to fetch all 7.8 MB for the same 24 thumbnails.
    expect(bytes.byteLength).toBeLessThan(20_000);
    expect(Array.from(preview.labels)).toEqual(Array.from(full.labels.subarray(0, DIGITS_PREVIEW_COUNT)));
    expect(
      Buffer.from(preview.pixels).equals(Buffer.from(full.pixels.subarray(0, DIGITS_PREVIEW_COUNT * PIXELS))),
    ).toBe(true);
  });

  it('is cut from an existing digits.bin when only the preview is missing, leaving the asset alone', () => {
    tmp = mkdtempSync(join(tmpdir(), 'digits-preview-'));
    mkdirSync(join(tmp, 'public'));
    copyFileSync(join('public', 'digits.bin'), join(tmp, 'public', 'digits.bin'));
    const before = statSync(join(tmp, 'public', 'digits.bin')).mtimeMs;
    expect(packDigits(tmp)).toBe(true);
    expect(statSync(join(tmp, 'public', 'digits.bin')).mtimeMs).toBe(before);
    expect(Buffer.from(read(join(tmp, 'public', DIGITS_PREVIEW_ASSET)))).toEqual(
      Buffer.from(read(join('public', DIGITS_PREVIEW_ASSET))),
    );
    // Both current: nothing to do.
    expect(packDigits(tmp)).toBe(false);
  });

  it('keeps every digit when the asset holds fewer than the preview count', () => {
    const n = 3;
    const full = new Uint8Array(digitsAssetBytes(n));
    full.set(readFileSync(join('public', 'digits.bin')).subarray(0, DIGITS_HEADER_BYTES));
    new DataView(full.buffer).setUint32(8, n, true);
    full.set([7, 1, 4], DIGITS_HEADER_BYTES);
    for (let i = 0; i < n * PIXELS; i++) full[DIGITS_HEADER_BYTES + n + i] = i % 251;
    const preview = decodeDigits(previewOf(full).slice().buffer);
    expect(Array.from(preview.labels)).toEqual([7, 1, 4]);
    expect(preview.pixels[n * PIXELS - 1]).toBe((n * PIXELS - 1) % 251);
  });
});
