/**
 * The population suite's ratios: each model and K's figures paired into
 * speedups between modes (batched, fused, tiled, dropout, stock kernels,
 * the PyTorch reference), with the modes' validation losses as evidence of
 * equal work. Pure.
 */
import type { PopulationFigure, PopulationMode, TorchFigure } from './population';

/** One model and K's figures: samples/s per mode, the ratios between modes, and the evidence of equal work. */
export interface Comparison {
  model: string;
  k: number;
  samplesPerSec: Partial<Record<PopulationMode, number>>;
  /** batched (plain tfjs ops) ÷ one-at-a-time aggregate training samples/s at this population size. */
  speedupBatchedVsAlone: number | null;
  /** fused (WGSL kernels) ÷ one-at-a-time, and fused ÷ batched. */
  speedupFusedVsAlone: number | null;
  speedupFusedVsBatched: number | null;
  /** On wasm with `--vs-stock`: alone ÷ alone-stock and batched ÷ batched-stock (the XNNPACK kernel against tfjs's own). */
  speedupAloneVsStock?: number | null;
  speedupBatchedVsStock?: number | null;
  /** On WebGPU with `--vs-untiled`: fused (tiled products) ÷ fused-untiled. */
  speedupFusedVsUntiled?: number | null;
  /** On WebGPU with `--vs-tiled` and `--vs-untiled`: fused-tiled ÷ fused-untiled, and fused-tiled ÷ batched. */
  speedupTiledVsUntiled?: number | null;
  speedupTiledVsBatched?: number | null;
  /** On WebGPU with `--vs-dropout`: fused-dropout ÷ fused (the cost of drawing and applying the masks). */
  speedupDropoutVsFused?: number | null;
  /** The best of this backend's modes (stock ones excepted) ÷ the PyTorch reference at this K, when it ran. */
  ratioVsTorch?: number | null;
  /** Mean validation loss of the first models (same seeds in every mode) per mode. */
  meanValLoss: Partial<Record<PopulationMode, number>>;
  /**
   * Largest relative difference of those losses between modes: near zero
   * (float rounding) when every mode trained the same models the same way,
   * which is what makes the speedups comparable.
   */
  valLossMaxRelDiff: number | null;
}

/** Pairs each model and K's figures into ratios. */
export function compare(
  figures: PopulationFigure[],
  torch: readonly TorchFigure[] = [],
): { comparisons: Comparison[]; speedups: Record<string, number> } {
  const comparisons: Comparison[] = [];
  const speedups: Record<string, number> = {};
  for (const f of figures) {
    let c = comparisons.find((x) => x.model === f.model && x.k === f.k);
    if (!c)
      comparisons.push(
        (c = {
          model: f.model,
          k: f.k,
          samplesPerSec: {},
          speedupBatchedVsAlone: null,
          speedupFusedVsAlone: null,
          speedupFusedVsBatched: null,
          meanValLoss: {},
          valLossMaxRelDiff: null,
        }),
      );
    c.samplesPerSec[f.mode] = f.samplesPerSec;
    // Dropout trains other models: its loss is not evidence of equal work.
    if (f.mode !== 'fused-dropout') c.meanValLoss[f.mode] = f.meanValLoss;
  }
  for (const c of comparisons) {
    const losses = Object.values(c.meanValLoss);
    if (losses.length > 1) {
      const lo = Math.min(...losses);
      c.valLossMaxRelDiff = (Math.max(...losses) - lo) / Math.abs(lo);
    }
    const { alone, batched, fused } = c.samplesPerSec;
    if (alone && batched)
      speedups[`${c.model}/batched-vs-alone/speedup-k${c.k}`] = c.speedupBatchedVsAlone = batched / alone;
    if (alone && fused) speedups[`${c.model}/fused-vs-alone/speedup-k${c.k}`] = c.speedupFusedVsAlone = fused / alone;
    if (batched && fused)
      speedups[`${c.model}/fused-vs-batched/speedup-k${c.k}`] = c.speedupFusedVsBatched = fused / batched;
    const stockAlone = c.samplesPerSec['alone-stock'];
    const stockBatched = c.samplesPerSec['batched-stock'];
    if (alone && stockAlone)
      speedups[`${c.model}/alone-vs-stock/speedup-k${c.k}`] = c.speedupAloneVsStock = alone / stockAlone;
    if (batched && stockBatched)
      speedups[`${c.model}/batched-vs-stock/speedup-k${c.k}`] = c.speedupBatchedVsStock = batched / stockBatched;
    const untiled = c.samplesPerSec['fused-untiled'];
    if (fused && untiled)
      speedups[`${c.model}/fused-vs-untiled/speedup-k${c.k}`] = c.speedupFusedVsUntiled = fused / untiled;
    const tiled = c.samplesPerSec['fused-tiled'];
    if (tiled && untiled)
      speedups[`${c.model}/tiled-vs-untiled/speedup-k${c.k}`] = c.speedupTiledVsUntiled = tiled / untiled;
    if (tiled && batched)
      speedups[`${c.model}/tiled-vs-batched/speedup-k${c.k}`] = c.speedupTiledVsBatched = tiled / batched;
    const dropout = c.samplesPerSec['fused-dropout'];
    if (fused && dropout)
      speedups[`${c.model}/fused-dropout-vs-fused/ratio-k${c.k}`] = c.speedupDropoutVsFused = dropout / fused;
    const ref = torch.find((t) => t.model === c.model && t.k === c.k);
    const best = Math.max(alone ?? 0, batched ?? 0, fused ?? 0);
    if (ref && best > 0) speedups[`${c.model}/vs-torch/ratio-k${c.k}`] = c.ratioVsTorch = best / ref.samplesPerSec;
  }
  return { comparisons, speedups };
}
