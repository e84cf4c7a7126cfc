/**
 * Task descriptions: what the data looks like, how many classes, the search
 * space, and the starting genomes. The data itself is made by the engine
 * (`src/engine/data.ts`) — 2-D sets from the seed, digits from a packed asset.
 */
import type { Genome } from './genome';
import type { SearchSpace } from './space';
import { SPACE_2D, SPACE_DIGITS } from './space';

export const TASK_NAMES = ['spirals', 'moons', 'circles', 'xor', 'digits'] as const;
/** Name of a task. */
export type TaskName = (typeof TASK_NAMES)[number];

export const SEED_PRESETS = ['default', 'weak', 'control', 'lr-control'] as const;
/** A named generation-0 genome every task has. */
export type SeedPreset = (typeof SEED_PRESETS)[number];

/** The default genome with its learning rate 100× too small (not below the space's minimum). */
function control(g: Genome, space: SearchSpace): Genome {
  return { ...g, hyper: { ...g.hyper, learningRate: Math.max(space.learningRate.min, g.hyper.learningRate / 100) } };
}

/**
 * The positive control built so that nothing but the learning rate matters
 * (docs/improver.md): the largest ReLU MLP the space allows — every layer as
 * wide as allowed, as many layers as allowed — with Adam at 3 × 10⁻⁴. With
 * Adam a weight moves about one learning rate per step whatever its gradient,
 * so a wider or deeper net, or a non-saturating activation, is a larger
 * effective step: that is why `control` (the default net, lr/100) is also
 * rescued by widen, add-layer and ReLU. Here no operator adds weights, ReLU is
 * already there, and on spirals the others (optimizer, batch size, activation,
 * weight decay, dropout, fewer weights) measured no gain
 * (benchmarks/control-probe.ts). The rate is 10–30× below this net's best on
 * spirals but at the foot of its rise, so one `lr-scale` step up already
 * gains; from the space's floor, 10⁻⁴, the first steps gained nothing.
 */
const LR_CONTROL_RATE = 3e-4;

function lrControl(g: Genome, space: SearchSpace): Genome {
  const layers = Array.from({ length: space.layers.max }, () => ({
    units: space.units.max,
    activation: 'relu' as const,
  }));
  return {
    hyper: { ...g.hyper, optimizer: 'adam', learningRate: Math.max(space.learningRate.min, LR_CONTROL_RATE) },
    arch: { family: 'mlp', layers },
  };
}

/** Static facts about a task. */
export interface TaskInfo {
  name: TaskName;
  kind: 'points2d' | 'images';
  title: string;
  /** Shape of one input example. */
  inputShape: number[];
  numClasses: number;
  /** Examples in the train / validation / test splits. */
  splits: { train: number; validation: number; test: number };
  space: SearchSpace;
  /**
   * `default`: a sensible start; `weak`: deliberately poor, to watch the loop climb;
   * `control`: the default with a learning rate 100× too small (at least the space's
   * minimum), so one operator, `lr-scale`, is clearly right — the positive control
   * for a proposer that should learn which operators pay (docs/improver.md);
   * `lr-control`: the same built so that nothing else can help (see lrControl).
   */
  seedGenomes: Record<SeedPreset, Genome>;
}

const hyper = (lr: number, batchSize: number, optimizer: Genome['hyper']['optimizer'] = 'adam') =>
  ({ optimizer, learningRate: lr, batchSize, weightDecay: 0, dropout: 0 }) as const;

function points2d(name: TaskName, title: string): TaskInfo {
  const start: Genome = {
    hyper: hyper(0.03, 32),
    arch: {
      family: 'mlp',
      layers: [
        { units: 8, activation: 'tanh' },
        { units: 8, activation: 'tanh' },
      ],
    },
  };
  return {
    name,
    kind: 'points2d',
    title,
    inputShape: [2],
    numClasses: 2,
    // Playground-sized: a few hundred points are enough to see a boundary form.
    splits: { train: 600, validation: 200, test: 200 },
    space: SPACE_2D,
    seedGenomes: {
      default: start,
      // A linear model with a timid SGD step: it cannot bend its boundary, so
      // only architecture changes can lift it far above chance.
      weak: { hyper: hyper(0.002, 32, 'sgd'), arch: { family: 'mlp', layers: [] } },
      control: control(start, SPACE_2D),
      'lr-control': lrControl(start, SPACE_2D),
    },
  };
}

const DIGITS_START: Genome = {
  hyper: hyper(0.003, 64),
  arch: { family: 'mlp', layers: [{ units: 64, activation: 'relu' }] },
};

/** All tasks, by name. */
export const TASKS: Record<TaskName, TaskInfo> = {
  spirals: points2d('spirals', 'Two interleaved spirals'),
  moons: points2d('moons', 'Two half-moons'),
  circles: points2d('circles', 'A disc inside a ring'),
  xor: points2d('xor', 'Quadrants of opposite sign'),
  digits: {
    name: 'digits',
    kind: 'images',
    title: 'Handwritten digits (10,000 MNIST samples)',
    inputShape: [28, 28, 1],
    numClasses: 10,
    splits: { train: 7000, validation: 1500, test: 1500 },
    space: SPACE_DIGITS,
    seedGenomes: {
      default: DIGITS_START,
      weak: { hyper: hyper(0.0005, 64, 'sgd'), arch: { family: 'mlp', layers: [{ units: 8, activation: 'sigmoid' }] } },
      control: control(DIGITS_START, SPACE_DIGITS),
      'lr-control': lrControl(DIGITS_START, SPACE_DIGITS),
    },
  },
};

/** Whether a string names a task. */
export const isTaskName = (s: string): s is TaskName => (TASK_NAMES as readonly string[]).includes(s);
