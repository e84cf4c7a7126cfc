/**
 * A large run (30,000 candidates and more) opens without freezing the page:
 * the family tree draws a bounded window (the latest generations and the
 * champion's line), and the chart data stays linear and never spreads a
 * huge array into Math.min/max (a stack overflow above ~120,000 values).
 */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../core/runlog';
import { improvementData } from './chart-data';
import { layoutLineage, MAX_TREE_NODES } from './lineage-layout';

/** `generations` × `population` children, each of a parent up to three generations back. */
function run(generations: number, population: number): Candidate[] {
  const out: Candidate[] = [];
  for (let g = 0; g < generations; g++) {
    const n = g === 0 ? 1 : population;
    for (let i = 0; i < n; i++) {
      const id = out.length;
      const parentId = g === 0 ? null : Math.max(0, id - 1 - ((i * 7919) % Math.min(id, 3 * population)));
      out.push({
        id,
        parentId,
        generation: g,
        status: i % 50 === 7 ? 'failed' : 'ok',
        operators: [],
        changes: [],
        inherited: false,
        genome: {
          hyper: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, weightDecay: 0, dropout: 0 },
          arch: { family: 'mlp', layers: [{ units: 8, activation: 'tanh' }] },
        },
        params: 1,
        flops: 1,
        steps: 1,
        trainMs: 1,
        lossCurve: [],
        metrics: { trainLoss: 0.5, valLoss: 0.5, valAccuracy: i % 50 === 7 ? null : ((id * 37) % 100) / 100 },
      });
    }
  }
  return out;
}

describe('a 30,000-candidate run', () => {
  const candidates = run(100, 300);
  const champion = candidates[candidates.length - 5].id;

  it('draws at most MAX_TREE_NODES: the latest generations whole, and the champion line back to the seed', () => {
    const l = layoutLineage(candidates, champion);
    expect(l.total).toBe(candidates.length);
    expect(l.drawn).toBe(l.nodes.length);
    expect(l.drawn).toBeLessThanOrEqual(MAX_TREE_NODES);
    expect(l.fromGeneration).toBeGreaterThan(90);
    const drawn = new Set(l.nodes.map((n) => n.candidate.id));
    for (const id of l.championLine) expect(drawn.has(id)).toBe(true);
    expect(drawn.has(0)).toBe(true);
    for (const c of candidates.filter((c) => c.generation >= l.fromGeneration)) expect(drawn.has(c.id)).toBe(true);
    // Edges only join drawn candidates; the champion's line stays joined.
    for (const e of l.edges) expect(drawn.has(e.parentId) && drawn.has(e.childId)).toBe(true);
    expect(l.edges.filter((e) => e.championLine).length).toBe(l.championLine.size - 1);
  });

  it('a small run is drawn whole', () => {
    const small = run(5, 8);
    const l = layoutLineage(small, small[small.length - 1].id);
    expect([l.drawn, l.total, l.fromGeneration]).toEqual([small.length, small.length, 0]);
  });

  it('chart data is built for every candidate, even 160,000 of them (Math.min(...list) overflows the stack there)', () => {
    const huge = run(161, 1000);
    const d = improvementData(huge, [], 0.5);
    expect(d.ids.filter((id) => id !== null).length).toBe(huge.length);
    expect(d.floor).toBe(0);
  });
});
