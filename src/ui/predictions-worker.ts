/**
 * A second engine worker only for predictions. It never trains, so tfjs there
 * runs on the CPU: drawing a boundary never competes with training for the GPU
 * (on a software adapter a few extra shaders cost seconds), and it works the
 * same for saved runs, whatever backend trained them.
 */
import type { Inspection, LabApi } from '../worker/lab.worker';
import { createLab, type LabClient } from './lab-client';

/** What to predict: a genome, its weights, and the task and seed it was trained on. */
export type PredictionRequest = Parameters<LabApi['inspect']>[0];

/** The predictions worker, started on first need (or ahead of it, by `warm`). */
export class PredictionsWorker {
  private lab: LabClient | null = null;

  /**
   * Starts the worker ahead of need. Booting it (parsing the engine, starting
   * tfjs) is the heaviest thing the page does besides training; done while the
   * page is idle it does not compete with the first generation.
   */
  warm(): void {
    this.lab ??= createLab();
  }

  /** The model's predictions on its task. */
  inspect(request: PredictionRequest): Promise<Inspection> {
    this.lab ??= createLab();
    return this.lab.api.inspect(request, { assetBase: document.baseURI });
  }

  dispose(): void {
    this.lab?.terminate();
    this.lab = null;
  }
}
