/**
 * What training a candidate returns, however it trained (train.ts with tfjs
 * ops, typed-mlp/train.ts with typed arrays, population/train-group.ts in a
 * group), and the heartbeat that paces a slow child's step reports. Its own
 * module so the trainers share it without importing each other.
 */
import type { OptimizerState } from './optimizer';
import type { CandidateStatus } from '../core/runlog';

/** The outcome of training one candidate. */
export interface TrainResult {
  status: CandidateStatus;
  error?: string;
  stepsDone: number;
  trainLoss: number | null;
  lossCurve: number[];
  valLoss: number | null;
  valAccuracy: number | null;
  /** Final weights (null unless ok). */
  weights: Float32Array[] | null;
  /** With `keepState`: the optimizer's final state (absent unless ok). */
  optimizerState?: OptimizerState;
  trainMs: number;
}

/** How far a candidate's training got: what every result carries. */
export interface TrainProgress {
  stepsDone: number;
  trainLoss: number | null;
  lossCurve: number[];
}

/** The result of a candidate that ended `status` after `progress`: metrics and weights null unless `extra` has them. */
export function trainResult(
  status: CandidateStatus,
  progress: TrainProgress,
  trainMs: number,
  extra: Partial<TrainResult> = {},
): TrainResult {
  const { stepsDone, trainLoss, lossCurve } = progress;
  return {
    status,
    stepsDone,
    trainLoss,
    lossCurve,
    valLoss: null,
    valAccuracy: null,
    weights: null,
    trainMs,
    ...extra,
  };
}

/**
 * When to wait for the device between loss read-backs, so a slow child shows
 * its steps: after the first step, then every so many steps that about a
 * second passes between waits, judged from the pace so far. Each wait drains
 * the device's queue, so for fast children (a second's worth of steps is
 * more than `progressEvery`) it never waits beyond the first step.
 */
export class Heartbeat {
  private lastStep = 0;
  private lastAt: number;
  private stride = 1;

  constructor(
    private readonly progressEvery: number,
    private readonly targetMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastAt = now();
  }

  due(step: number): boolean {
    return step - this.lastStep >= this.stride && this.stride < this.progressEvery;
  }

  synced(step: number): void {
    const now = this.now();
    const msPerStep = (now - this.lastAt) / Math.max(1, step - this.lastStep);
    this.stride = Math.max(1, Math.ceil(this.targetMs / Math.max(msPerStep, 1e-3)));
    this.lastStep = step;
    this.lastAt = now;
  }
}
