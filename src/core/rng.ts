/**
 * The one source of randomness in Successor. Everything stochastic in core,
 * engine and models takes an `Rng` argument; nothing calls Math.random.
 *
 * sfc32 is small, fast and passes PractRand; its state is four 32-bit words,
 * so it can be saved and restored exactly. Streams are derived by name
 * (`deriveSeed(seed, 'gen', 3)`) rather than drawn in sequence, so that a
 * generation or a child gets the same randomness whatever ran before it —
 * which is what makes resuming a run and batching children reproducible.
 */

/** A seeded pseudo-random generator. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal deviate. */
  normal(): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** Index drawn with probability proportional to the (non-negative) weights. */
  weighted(weights: readonly number[]): number;
  /** A 32-bit seed for a child stream. */
  seed32(): number;
}

/** 32-bit FNV-1a over a string: turns names into seed material. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit seed derived from a base seed and a path of names or numbers. */
export function deriveSeed(seed: number, ...path: (string | number)[]): number {
  return fnv1a(`${seed >>> 0}/${path.join('/')}`);
}

/** Creates an sfc32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const raw = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes weakly from a structured state.
  for (let i = 0; i < 15; i++) raw();

  let spare: number | null = null;
  const rng: Rng = {
    next: () => raw() / 4294967296,
    int(n) {
      if (!(n >= 1)) throw new RangeError(`rng.int needs n >= 1, got ${n}`);
      return Math.floor(rng.next() * n);
    },
    uniform: (lo, hi) => lo + (hi - lo) * rng.next(),
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // Box–Muller; 1 - u keeps the log argument in (0, 1].
      const u = 1 - rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('rng.pick from an empty array');
      return items[rng.int(items.length)];
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += Math.max(0, w);
      if (!(total > 0)) throw new RangeError('rng.weighted needs a positive total weight');
      let x = rng.next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= Math.max(0, weights[i]);
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
    seed32: () => raw(),
  };
  return rng;
}

/** A generator for a named sub-stream of a run's seed. */
export function rngFor(seed: number, ...path: (string | number)[]): Rng {
  return createRng(deriveSeed(seed, ...path));
}
