/**
 * A task's data as the page shows it before any model exists: the training
 * points of a 2-D task (the same points the run's worker makes from the
 * seed), or the first training digits. Built on the main thread from core
 * code only. Digits come from the small preview asset (the first training
 * digits, ~19 KB), fetched once per page and only when a digits task is shown:
 * the whole 7.8 MB asset is the worker's, fetched when a digits run starts.
 */
import { decodeDigits, DIGITS_PREVIEW_ASSET, type DigitsData } from '../core/digits-format';
import { SCALE, splitPoints, type PointTask } from '../core/points2d';
import { TASKS, type TaskName } from '../core/tasks';

/** What the data preview draws. */
export type DataSample =
  | {
      kind: 'points';
      /** Flat [x0, y0, x1, y1, …] and class per point: the run's training split. */
      points: Float32Array;
      labels: Int32Array;
      /** The plot spans [-extent, extent], as the decision boundary does. */
      extent: number;
    }
  | {
      kind: 'digits';
      /** `count` images of 28×28 bytes, row-major, and their labels. */
      pixels: Uint8Array;
      labels: Uint8Array;
      count: number;
      /** Training digits in all. */
      total: number;
    };

let digits: Promise<DigitsData> | null = null;

async function fetchDigits(assetBase: string): Promise<DigitsData> {
  const url = new URL(DIGITS_PREVIEW_ASSET, assetBase);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url.pathname}: HTTP ${res.status}`);
  return decodeDigits(await res.arrayBuffer());
}

/** The sample of `task`'s data that a run with `seed` trains on. */
export async function loadSample(task: TaskName, seed: number, assetBase: string): Promise<DataSample> {
  const info = TASKS[task];
  if (info.kind === 'points2d') {
    const p = splitPoints(task as PointTask, seed, 'train', info.splits.train);
    // The same frame as the decision boundary (engine/inspect.ts), so the points do not jump when it appears.
    return { kind: 'points', points: p.x, labels: p.y, extent: SCALE * 1.2 };
  }
  // A failed fetch is not kept: the next preview tries again.
  digits ??= fetchDigits(assetBase).catch((e: unknown) => {
    digits = null;
    throw e;
  });
  const d = await digits;
  return { kind: 'digits', pixels: d.pixels, labels: d.labels, count: d.count, total: info.splits.train };
}
