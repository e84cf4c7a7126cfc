/**
 * The population suite's result as text: each rate with how precisely it is
 * known, the printed table (one row per model and K, then the tables of the
 * optional comparisons and the RSI loop), and the UNRELIABLE line when the
 * figures fail the scored suites' rules on repeats (population-reliability.ts). Pure.
 */
import { MIN_RELIABLE_REPEATS } from './reliability';
import { populationReliability } from './population-reliability';
import { relativeHalfWidth } from './stats';
import { DROPOUT_RATE, type PopulationFigure, type PopulationMode, type PopulationResult } from './population';
import type { Comparison } from './population-compare';

/** A rate for the table: rounded, thousands separated, — when missing. */
export const formatRate = (x: number | undefined) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));

/** A rate and how precisely it is known: `12,345 ±8%` (half the width of its median's 95 % interval), or the rate alone without repeats. */
export function formatRateStat(f: Pick<PopulationFigure, 'samplesPerSec' | 'samplesPerSecStat'> | undefined): string {
  if (!f) return '—';
  const s = f.samplesPerSecStat;
  if (!s || s.samples.length < 2) return formatRate(f.samplesPerSec);
  return `${formatRate(f.samplesPerSec)} ±${Math.round(relativeHalfWidth(s) * 100)}%`;
}

/** The printed table: one row per model and K. */
export function table(r: PopulationResult): string {
  const x = (v: number | null) => (v === null ? '—' : v.toFixed(2) + '×');
  const lines = [
    `population suite v${r.version} — backend ${r.backend}${r.adapter ? ` (${JSON.stringify(r.adapter)})` : ''}, ${r.driver}, tfjs ${r.tfjsVersion}`,
    'aggregate training samples/s; batched: plain tfjs ops; fused: WGSL kernels (WebGPU); speedups against one-at-a-time;',
    "Δloss: largest relative difference between the modes' validation losses of the same models (same work: ~1e-6);",
    "±: half the width of the median's 95% interval (order statistics: [min, max] up to 8 repeats, covering 75% at 3, 93.75% at 5), every mode measured alike",
    '',
    `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'one-at-a-time'.padStart(17)} ` +
      `${'batched'.padStart(17)} ${'fused'.padStart(17)} ${'batched×'.padStart(9)} ` +
      `${'fused×'.padStart(9)} ${'Δloss'.padStart(8)}`,
  ];
  const fig = (c: Comparison, mode: PopulationMode) =>
    formatRateStat(r.figures.find((f) => f.model === c.model && f.k === c.k && f.mode === mode));
  for (const c of r.comparisons) {
    const d = c.valLossMaxRelDiff === null ? '—' : c.valLossMaxRelDiff.toExponential(0);
    lines.push(
      `${c.model.padEnd(16)} ${String(c.k).padStart(4)} ${fig(c, 'alone').padStart(17)} ` +
        `${fig(c, 'batched').padStart(17)} ${fig(c, 'fused').padStart(17)} ` +
        `${x(c.speedupBatchedVsAlone).padStart(9)} ${x(c.speedupFusedVsAlone).padStart(9)} ` +
        `${d.padStart(8)}`,
    );
  }
  const verdict = populationReliability(r.figures);
  if (!verdict.reliable)
    lines.push(
      '',
      `UNRELIABLE: ${verdict.reasons.join('; ')}. Ratios taken from such a figure are ` +
        `known no better: rerun on a quiet machine with --repeats ${MIN_RELIABLE_REPEATS} or ` +
        `more.`,
    );
  const extra = r.comparisons.filter(
    (c) => c.speedupAloneVsStock != null || c.speedupBatchedVsStock != null || c.ratioVsTorch != null,
  );
  if (extra.length > 0) {
    lines.push(
      '',
      "wasm: today's path (…-stock: tfjs-backend-wasm's own BatchMatMul, slice-and-concat im2col) against the fast one, and against PyTorch on the CPU",
      `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'alone-stock'.padStart(12)} ` +
        `${'batched-stock'.padStart(14)} ${'alone×'.padStart(8)} ${'batched×'.padStart(9)} ` +
        `${'torch'.padStart(10)} ${'÷torch'.padStart(7)}`,
    );
    for (const c of extra) {
      const ref = r.torch?.find((t) => t.model === c.model && t.k === c.k);
      lines.push(
        `${c.model.padEnd(16)} ${String(c.k).padStart(4)} ` +
          `${formatRate(c.samplesPerSec['alone-stock']).padStart(12)} ` +
          `${formatRate(c.samplesPerSec['batched-stock']).padStart(14)} ` +
          `${x(c.speedupAloneVsStock ?? null).padStart(8)} ` +
          `${x(c.speedupBatchedVsStock ?? null).padStart(9)} ` +
          `${formatRate(ref?.samplesPerSec).padStart(10)} ` +
          `${(c.ratioVsTorch == null ? '—' : c.ratioVsTorch.toFixed(2)).padStart(7)}`,
      );
    }
  }
  const tiling = r.comparisons.filter((c) => c.speedupFusedVsUntiled != null);
  if (tiling.length > 0) {
    lines.push(
      '',
      'WebGPU: the fused step with tiled products against the untiled kernels they replaced, and against plain batched tfjs ops',
      `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'fused-untiled'.padStart(17)} ${'tiled÷untiled'.padStart(14)} ${'tiled÷batched'.padStart(14)}`,
    );
    for (const c of tiling)
      lines.push(
        `${c.model.padEnd(16)} ${String(c.k).padStart(4)} ` +
          `${fig(c, 'fused-untiled').padStart(17)} ` +
          `${x(c.speedupFusedVsUntiled ?? null).padStart(14)} ` +
          `${x(c.speedupFusedVsBatched).padStart(14)}`,
      );
  }
  const forced = r.comparisons.filter((c) => c.samplesPerSec['fused-tiled'] !== undefined);
  if (forced.length > 0) {
    lines.push(
      '',
      'WebGPU: the fused step with its products forced tiled, and forced untiled, against plain batched tfjs ops',
      `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'batched'.padStart(17)} ` +
        `${'fused-tiled'.padStart(17)} ${'fused-untiled'.padStart(17)} ` +
        `${'tiled÷untiled'.padStart(14)} ${'tiled÷batched'.padStart(14)} ` +
        `${'untiled÷batched'.padStart(16)}`,
    );
    for (const c of forced) {
      const { batched, 'fused-untiled': untiled } = c.samplesPerSec;
      lines.push(
        `${c.model.padEnd(16)} ${String(c.k).padStart(4)} ${fig(c, 'batched').padStart(17)} ` +
          `${fig(c, 'fused-tiled').padStart(17)} ${fig(c, 'fused-untiled').padStart(17)} ` +
          `${x(c.speedupTiledVsUntiled ?? null).padStart(14)} ` +
          `${x(c.speedupTiledVsBatched ?? null).padStart(14)} ` +
          `${x(batched && untiled ? untiled / batched : null).padStart(16)}`,
      );
    }
  }
  const dropout = r.comparisons.filter((c) => c.speedupDropoutVsFused != null);
  if (dropout.length > 0) {
    lines.push(
      '',
      `WebGPU: the fused step with dropout ${DROPOUT_RATE} on every model (noise drawn on the device) against the same models without`,
      `${'model'.padEnd(16)} ${'K'.padStart(4)} ${'fused'.padStart(17)} ${'fused-dropout'.padStart(17)} ${'dropout÷none'.padStart(13)}`,
    );
    for (const c of dropout)
      lines.push(
        `${c.model.padEnd(16)} ${String(c.k).padStart(4)} ${fig(c, 'fused').padStart(17)} ` +
          `${fig(c, 'fused-dropout').padStart(17)} ` +
          `${x(c.speedupDropoutVsFused ?? null).padStart(13)}`,
      );
  }
  if (r.loop) {
    const c = r.loop.config;
    const g = r.loop.generationsPerMinute;
    lines.push(
      '',
      `RSI loop (${c.task}, ${c.proposer}, ${c.generations} generations of ${c.population} children × ${c.steps} steps, seed ${c.seed}):`,
      g.stock !== undefined
        ? `  generations/min, batched: stock path ${g.stock.toFixed(2)}, XNNPACK path ` +
            `${g.batched.toFixed(2)}, speedup ${r.loop.speedup.toFixed(2)}×; same champions: ` +
            `${r.loop.sameChampions ? 'yes' : 'NO'}`
        : `  generations/min: one at a time ${(g.alone ?? NaN).toFixed(2)}, batched ${g.batched.toFixed(2)}, speedup ${r.loop.speedup.toFixed(2)}×`,
    );
  }
  return lines.join('\n') + '\n';
}
