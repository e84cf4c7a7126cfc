/**
 * What a workload needs while one backend runs: the suite, seeded streams,
 * and the suite's task data on the current backend (loaded once, freed when
 * the backend is done). Every workload module exports the same trio:
 * `outputs` (checked against the CPU), optionally `reference` (a cheaper
 * equivalent computed on the CPU), and `measure`.
 */
import type { Rng } from '../../core/rng';
import { rngFor } from '../../core/rng';
import type { TaskName } from '../../core/tasks';
import type { AssetLoader, TaskTensors } from '../data';
import { loadTask } from '../data';
import type { Suite } from '../../core/bench/suite';
import type { TimingPolicy } from './timing';

/** Per-backend state shared by the workloads. */
export interface BenchContext {
  suite: Suite;
  /** How the workloads time their regions. */
  timing: TimingPolicy;
  /** The suite's data for a task, as tensors on the current backend. */
  task(name: TaskName): Promise<TaskTensors>;
  /** A seeded generator for a named stream: the same on every backend. */
  rng(...path: (string | number)[]): Rng;
  /**
   * Cold time to the first training step per train case, recorded by the
   * check (which runs before any timing, so it includes shader compilation).
   */
  firstStepMs: Map<string, number>;
  /** Frees the task data. */
  dispose(): void;
}

/** A context for the backend that is current now. */
export function createContext(suite: Suite, loadAsset: AssetLoader, timing?: Partial<TimingPolicy>): BenchContext {
  const tasks = new Map<TaskName, Promise<TaskTensors>>();
  return {
    suite,
    timing: { warmup: suite.warmup, repeats: suite.repeats, minRegionMs: 0, ...timing },
    task(name) {
      let t = tasks.get(name);
      if (!t) {
        t = loadTask(name, suite.seed, loadAsset);
        tasks.set(name, t);
      }
      return t;
    },
    rng: (...path) => rngFor(suite.seed, 'bench', ...path),
    firstStepMs: new Map(),
    dispose() {
      for (const t of tasks.values())
        void t.then(
          (d) => d.dispose(),
          () => {},
        );
      tasks.clear();
    },
  };
}
