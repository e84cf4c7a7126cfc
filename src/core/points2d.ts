/**
 * The 2-D playground datasets, generated from a seeded RNG (after
 * TensorFlow Playground's generators). Inputs span about [-3, 3];
 * labels are 0 or 1, balanced.
 */
import { rngFor, type Rng } from './rng';

/** Inputs span about [-SCALE, SCALE]: wide enough that small nets bend their boundaries quickly, as in Playground. */
export const SCALE = 3;

export const POINT_TASKS = ['spirals', 'moons', 'circles', 'xor'] as const;
/** Name of a 2-D dataset. */
export type PointTask = (typeof POINT_TASKS)[number];

/** Flat examples: x holds [x0, y0, x1, y1, …]; y holds class indices. */
export interface Points {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

/** Generates `n` labelled points with Gaussian noise of std `noise`. */
export function generatePoints(task: PointTask, n: number, rng: Rng, noise = 0.08): Points {
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    let px: number;
    let py: number;
    switch (task) {
      case 'spirals': {
        // Two arms, 1.25 turns each; the second arm is the first rotated by π.
        const t = rng.next();
        const r = 0.05 + 0.9 * t;
        const angle = 1.25 * 2 * Math.PI * t + label * Math.PI;
        px = r * Math.cos(angle);
        py = r * Math.sin(angle);
        break;
      }
      case 'moons': {
        const a = Math.PI * rng.next();
        px = label === 0 ? Math.cos(a) : 1 - Math.cos(a);
        py = label === 0 ? Math.sin(a) : 0.5 - Math.sin(a);
        px = (px - 0.5) * 0.8;
        py = (py - 0.25) * 0.8;
        break;
      }
      case 'circles': {
        const a = 2 * Math.PI * rng.next();
        const r = label === 0 ? 0.45 * rng.next() : 0.65 + 0.3 * rng.next();
        px = r * Math.cos(a);
        py = r * Math.sin(a);
        break;
      }
      case 'xor': {
        // Keep a small margin off the axes so the quadrant is well defined.
        const sx = rng.next() < 0.5 ? -1 : 1;
        const sy = label === 0 ? sx : -sx;
        px = sx * (0.05 + 0.9 * rng.next());
        py = sy * (0.05 + 0.9 * rng.next());
        break;
      }
    }
    x[2 * i] = SCALE * (px + noise * rng.normal());
    x[2 * i + 1] = SCALE * (py + noise * rng.normal());
    y[i] = label;
  }
  return { x, y, n };
}

/**
 * One split of a 2-D task as every run of `seed` sees it: each split draws from its own stream, so the
 * engine's tensors and the page's preview of the data (drawn before a run starts) are the same points.
 */
export function splitPoints(task: PointTask, seed: number, split: 'train' | 'validation' | 'test', n: number): Points {
  return generatePoints(task, n, rngFor(seed, 'data', task, split));
}
