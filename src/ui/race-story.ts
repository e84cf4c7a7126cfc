/**
 * A race told in words: two or more runs on the same task, seed and budget,
 * compared on held-out (test) accuracy — the headline, since a champion's
 * validation score is inflated by the selection that crowned it. While they
 * run, the comparison is at the latest generation every runner has finished;
 * at the end, at their last. Whether a gap is real is judged as the change
 * column judges a champion's gain (run-story's noiseOfDifference: twice the
 * binomial standard error of the difference on the test split).
 *
 * One race is one seed: it can say which run was ahead here, not which
 * proposer is better in general — the sentence says so.
 */
import type { GenerationSummary } from '../core/runlog';
import { noiseOfDifference } from './run-story';

/** One run in a race, as far as it has got. */
export interface Runner {
  /** How the page names it: its proposer. */
  label: string;
  generations: readonly GenerationSummary[];
  /** Whether the run has ended (finished, stopped or failed). */
  ended: boolean;
}

/** Where a race stands. */
export interface Standing {
  /** The generation compared; -1 before any runner has finished generation 0. */
  generation: number;
  /** Whether every runner has ended: the comparison is final. */
  final: boolean;
  /** Runners by held-out accuracy at `generation`, best first (indices into the runners). */
  order: number[];
  /** Held-out accuracy of the leader minus the runner-up's (a fraction). */
  gap: number;
  /** Twice the standard error of that difference (a fraction). */
  noise: number;
  /** Whether the gap is within its noise: on this seed, no runner is ahead. */
  withinNoise: boolean;
  /** One plain sentence. */
  sentence: string;
}

const whole = (x: number): string => `${Math.round(100 * x)}%`;
const points = (x: number): string => `${(100 * x).toFixed(1)}`;

/** Where the race stands, compared on the test split of `testSize` examples; `randomStart`: generation 0 is `init: random`'s population. */
export function raceStanding(runners: readonly Runner[], testSize: number, randomStart = false): Standing {
  const generation = runners.length ? Math.min(...runners.map((r) => r.generations.length)) - 1 : -1;
  const final = runners.length > 0 && runners.every((r) => r.ended);
  if (generation < 0 || runners.length < 2)
    return {
      generation,
      final,
      order: runners.map((_, i) => i),
      gap: 0,
      noise: 0,
      withinNoise: true,
      sentence:
        runners.length < 2
          ? ''
          : final
            ? `The race ended before every run finished ${randomStart ? 'generation 0' : 'its seed model'}: there is nothing to compare.`
            : `Each run first trains the same ${randomStart ? 'random models' : 'seed model'} (generation 0); then their proposers make different children.`,
    };
  const acc = runners.map((r) => r.generations[generation].championTestAccuracy);
  const order = runners.map((_, i) => i).sort((a, b) => acc[b] - acc[a] || a - b);
  const [lead, next] = order;
  const gap = acc[lead] - acc[next];
  const noise = noiseOfDifference(acc[lead], acc[next], testSize);
  const withinNoise = gap <= noise;
  const name = (i: number) => runners[i].label;
  const all = order.map((i) => `${name(i)} ${whole(acc[i])}`).join(', ');
  const noiseText = `the noise of ${testSize} test examples (±${points(noise)})`;
  // Runs that stop early are compared where both still were, and the sentence says where.
  const uneven = new Set(runners.map((r) => r.generations.length)).size > 1;
  let sentence: string;
  if (!final) {
    const verdict =
      gap === 0
        ? 'level'
        : `${name(lead)} ahead by ${points(gap)} points, ${withinNoise ? 'within' : 'beyond'} noise (±${points(noise)})`;
    sentence = `After generation ${generation}: ${all} held-out — ${verdict}.`;
  } else {
    const where = uneven ? ` at generation ${generation}, the last every run reached` : '';
    const caveat = ' One seed: whether a proposer is better in general takes many seeds (docs/results.md).';
    if (gap === 0) sentence = `A dead heat${where}: ${all} held-out.${caveat}`;
    else if (withinNoise)
      sentence =
        `${name(lead)} finished ahead of ${name(next)}${where} on held-out accuracy, ` +
        `${whole(acc[lead])} to ${whole(acc[next])}, but the ${points(gap)}-point gap is ` +
        `within ${noiseText}: on this seed, neither is ahead.${caveat}`;
    else
      sentence =
        `${name(lead)} finished ahead${where}: ${whole(acc[lead])} held-out against ` +
        `${name(next)}’s ${whole(acc[next])}, a ${points(gap)}-point gap beyond ${noiseText}.` +
        `${caveat}`;
  }
  return { generation, final, order, gap, noise, withinNoise, sentence };
}
