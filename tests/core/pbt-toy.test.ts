/**
 * PBT's own toy problem (Jaderberg et al. 2017, Figure 2): maximise
 * Q(θ) = 1.2 − (θ₀² + θ₁²) by gradient ascent on a surrogate
 * Q̂(θ | h) = 1.2 − (h₀θ₀² + h₁θ₁²) whose hyperparameters h PBT tunes. Two
 * members start at θ = (0.9, 0.9) with h = (1, 0) and (0, 1): each alone can
 * only shrink one coordinate. Every 4 steps the population is ranked by Q
 * (the true objective) and goes through the SAME exploitExplore the loop
 * uses (bottom quarter of two = one member copies θ and h of the top one,
 * then explores h: ×0.8/×1.2 in [0, 1], resampled with probability 0.1).
 *
 * The controls: explore only (h perturbed, nothing copied), exploit only
 * (copied, never perturbed) and grid (h fixed). After 300 steps of size 0.01
 * the paper's picture holds: exploit-only and grid stay at 0.39 (only one
 * coordinate moves), explore-only gets close, PBT closest (medians over 200
 * seeds when this was written: PBT 1.2000, explore 1.1922, exploit 0.3900,
 * grid 0.3900; PBT ahead of explore-only in 197 of 200 seeds).
 */
import { describe, expect, it } from 'vitest';
import { exploitExplore, exploreNumbers, type Explore } from '../../src/core/pbt';
import { createRng, deriveSeed } from '../../src/core/rng';

type H = { h0: number; h1: number };
type Mode = 'pbt' | 'explore-only' | 'exploit-only' | 'grid';
const Q = (t: readonly number[]) => 1.2 - (t[0] ** 2 + t[1] ** 2);
const STEPS = 300;
const READY = 4;
const ALPHA = 0.01;
const explore: Explore<H> = exploreNumbers<'h0' | 'h1'>({ h0: { min: 0, max: 1 }, h1: { min: 0, max: 1 } }, 0.1);
const keep: Explore<H> = (hyper) => ({ hyper, changes: [] });

/** The best Q any member reached by the end (the members' final θ). */
function toy(mode: Mode, seed: number): number {
  const rng = createRng(deriveSeed(seed, 'toy'));
  let pop = [
    { theta: [0.9, 0.9], hyper: { h0: 1, h1: 0 } },
    { theta: [0.9, 0.9], hyper: { h0: 0, h1: 1 } },
  ];
  for (let s = 1; s <= STEPS; s++) {
    // Gradient ascent on the surrogate: ∂Q̂/∂θᵢ = −2hᵢθᵢ.
    for (const m of pop) m.theta = m.theta.map((t, i) => t - ALPHA * 2 * (i === 0 ? m.hyper.h0 : m.hyper.h1) * t);
    if (s % READY !== 0 || mode === 'grid') continue;
    if (mode === 'explore-only') {
      for (const m of pop) m.hyper = explore(m.hyper, rng).hyper;
      continue;
    }
    const steps = exploitExplore(
      pop.map((m, id) => ({ id, score: Q(m.theta), hyper: m.hyper })),
      rng,
      mode === 'pbt' ? explore : keep,
    );
    pop = steps.map((st) => ({ theta: pop[st.sourceId].theta.slice(), hyper: st.hyper }));
  }
  return Math.max(...pop.map((m) => Q(m.theta)));
}

describe('PBT toy (Jaderberg et al. 2017, Fig. 2)', () => {
  const seeds = Array.from({ length: 100 }, (_, i) => i + 1);
  const final = (mode: Mode) => seeds.map((s) => toy(mode, s));
  const pbt = final('pbt');

  it.each<Mode>(['explore-only', 'exploit-only', 'grid'])('PBT beats %s in at least 90% of seeds', (mode) => {
    const other = final(mode);
    const wins = seeds.filter((_, i) => pbt[i] > other[i]).length;
    expect(wins).toBeGreaterThanOrEqual(90);
  });

  it('reaches the true optimum only with exploit and explore together', () => {
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    expect(median(pbt)).toBeGreaterThan(1.199);
    // Without explore, or without anything, only one coordinate ever moves: 1.2 − 0.9² = 0.39 at best.
    expect(Math.max(...final('exploit-only'))).toBeLessThan(0.391);
    expect(Math.max(...final('grid'))).toBeLessThan(0.391);
  });
});
