/**
 * What every figure means, in one place: shown by the Benchmark page and the
 * HTML report, and mirrored in the README's "Benchmark mode".
 */

/** One explained term. */
export interface GlossaryEntry {
  term: string;
  meaning: string;
}

/** The note under every table of figures (CLI, HTML report, page). */
export const INTERVAL_NOTE =
  'Figures: median of the timed repeats [95% interval of that median: order ' +
  'statistics, so it always contains it; [min, max] with up to 8 repeats, covering ' +
  '93.75% at 5 and 75% at 3]; scores [95% interval].';

export const GLOSSARY: GlossaryEntry[] = [
  {
    term: 'median [lo, hi]',
    meaning:
      "Every timed figure is the median of the suite's timed repeats (warm-up runs " +
      'excluded), with a 95% confidence interval for that median in brackets (error bars ' +
      'on the charts): the pair of repeats, counted from each end, whose binomial coverage ' +
      "reaches 95%. It assumes nothing about the timings' distribution and always contains " +
      'the median. With 6 to 8 repeats it is [min, max]; with fewer no interval reaches ' +
      '95%: [min, max] covers 93.75% at 5 repeats, 87.5% at 4, 75% at 3, and a single ' +
      'repeat has none. The JSON keeps every repeat, and each interval with its coverage. ' +
      "The score's interval is computed from the repeats in log space and always contains " +
      'the score.',
  },
  {
    term: 'training samples/s, steps/s',
    meaning:
      "Optimizer steps of the engine's own training step (gather a batch, forward, softmax " +
      'cross-entropy, backward, update; loss summed on the device), timed over a fixed ' +
      'number of steps with one read-back at the end. samples/s = steps/s × batch size. ' +
      'Scored: samples/s.',
  },
  {
    term: 'GFLOP/s (training, inference)',
    meaning:
      'Analytic FLOPs divided by time: one multiply-add is 2 FLOPs; a training step is 3 × ' +
      'the forward FLOPs × batch size; element-wise work is not counted. So it is work ' +
      'done, not peak throughput.',
  },
  {
    term: 'first step',
    meaning:
      "Time from a fresh backend to the first training step's loss on the host: building " +
      'the model, the first step and its read-back. On a GPU it is mostly shader ' +
      'compilation. It is measured by the correctness check, before any timing, and ' +
      'reported apart (not scored). The first case pays for most pipelines; later cases ' +
      'reuse them.',
  },
  {
    term: 'peak tensors',
    meaning:
      'The most bytes of live tensors a training case needs on top of its data set ' +
      '(weights, optimizer state, the batch, activations and gradients), read at the end ' +
      'of each step while they are all still held. Not scored. gpuPoolBytes in the JSON is ' +
      "what the GPU backend's buffer pool holds after the run (it only grows).",
  },
  {
    term: 'inference samples/s',
    meaning:
      'Forward passes of a freshly initialised model over a fixed number of examples, a ' +
      'batch at a time, predictions reduced on the device and read back once. Scored.',
  },
  {
    term: 'matmul GFLOP/s',
    meaning:
      '2·m·k·n FLOPs per [m,k]×[k,n] float32 product, a fixed number of products per timed ' +
      'region, one read-back of one element at the end. Square shapes 256 to 2048 (micro ' +
      "v1 and v2 also 4096) and shapes from the lab's MLPs. Scored per shape.",
  },
  {
    term: 'population products',
    meaning:
      "micro's population-… matmul cases: the products the population trainer computes for " +
      "K = 32 MLPs 784-256-10 at batch 256 at once — the first layer's forward product X·W " +
      "(each model's batch gathered from a data set by its own indices) and its weight " +
      "gradient Xᵀ·δ — 2·K·m·k·n FLOPs per region. On WebGPU they run on the fused step's " +
      "own tiled WGSL kernel (named, with its tiles, in the JSON's kernel field; the " +
      'weight gradient with an SGD update as its epilogue); on other backends as batched ' +
      'tf.matMul on the gathered batches. Checked against the CPU backend like every ' +
      'matmul. Scored per shape.',
  },
  {
    term: 'share of peak',
    meaning:
      'Each matmul figure as a share of the highest matmul throughput measured on the same ' +
      "backend in the same run (each backend's own peak: its row reads 100 %; the largest " +
      'square products, or a population product where the fused kernel is faster, are the ' +
      "suite's peak-throughput cases). No browser API reports a GPU's peak FLOP/s, so the " +
      'peak is measured, not a datasheet figure: a small product far below it is bound by ' +
      'latency or dispatch there, not by arithmetic. The JSON keeps matmulPeak per backend ' +
      'and peakShare per matmul case. Not scored.',
  },
  {
    term: 'conv2d GFLOP/s',
    meaning: '2·k²·c_in·c_out FLOPs per output position, same padding, stride 1. Scored per shape.',
  },
  {
    term: 'dispatch µs/op',
    meaning:
      'Wall time per op of a chain of small element-wise ops (alternately add and multiply ' +
      'by a scalar) on a few hundred floats: on a GPU, the cost of one kernel dispatch. ' +
      'Lower is better; scored as reference ÷ value.',
  },
  {
    term: 'loop generations/min',
    meaning:
      "The product's real workload: a fixed-seed RSI loop (propose, train, evaluate, " +
      'select). One sample per generation after generation 0 (which trains the seed genome ' +
      'alone). Scored.',
  },
  {
    term: 'time to target',
    meaning:
      "From the loop's start (backend and data ready) to the first generation whose " +
      'champion reached the target validation accuracy; — if none did. Not scored: float ' +
      'differences between backends can change which children win.',
  },
  {
    term: 'check',
    meaning:
      "Before timing, every case's outputs (training losses and logits, inference logits, " +
      "matmul rows and row means, conv outputs, the op chain's values) are computed on " +
      'this backend and on the CPU backend from the same seeded inputs; the maximum ' +
      "absolute error must stay within the case's tolerance (10⁻³, outputs are of order " +
      '1). A backend that fails is marked WRONG, still timed so you can see it, and gets ' +
      'no score.',
  },
  {
    term: 'score',
    meaning:
      'Each scored figure becomes a sub-score, 100 × value ÷ reference (reference ÷ value ' +
      'for µs/op), where the reference is the same figure of the cpu backend in the ' +
      'reference result shipped for this suite and version. The score is the geometric ' +
      'mean of the sub-scores, so 100 = the reference, 200 = twice as fast on average, and ' +
      'no single figure dominates.',
  },
  {
    term: 'sustained run',
    meaning:
      'With --sustained MINUTES (page: #sustained=MINUTES), the first training case loops ' +
      'for that long after the suite on each backend; its samples/s is read per window and ' +
      'drawn over time. Stability = the lowest window ÷ the highest (1 is steady): a ' +
      'laptop that throttles when hot shows a falling line and a figure well below 1. Not ' +
      'scored.',
  },
  {
    term: 'software adapter',
    meaning:
      "A WebGPU adapter implemented on the CPU (SwiftShader): correct, but its timings are not a GPU's. Results say so.",
  },
];
