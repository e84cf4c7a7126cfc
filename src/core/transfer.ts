/**
 * Transfer between runs (`--policy-from RUNLOG`): what a second-order loop
 * learned in one run, carried into another. For the self-adaptive proposers,
 * the final champion's proposal policy, which generation 0 then carries; for
 * `learned`, the earlier run's (change, gain) examples, which its predictor
 * trains on before any of the new run's own. The transfer is stored in the
 * new run's config, so its log says exactly what it started from.
 */
import type { ProposalPolicy } from './genome';
import { validateGenome } from './genome';
import { chanceFor, FEATURE_NAMES, trainingExamples, type LearnedExample } from './learned';
import type { RunLog } from './runlog';

/** What a run takes over from an earlier one. */
export interface PolicyTransfer {
  /** Where it came from (a file name), for the reader. */
  from: string;
  /** The earlier run's final champion's policy, when it had one. */
  policy?: ProposalPolicy;
  /** The earlier run's (change features, measured gain) examples. */
  examples: LearnedExample[];
}

/** Most examples kept from an earlier run (the newest), so a config stays a reasonable size. */
export const MAX_TRANSFER_EXAMPLES = 2000;

/** The transfer an earlier run offers. */
export function transferFrom(log: RunLog, from: string): PolicyTransfer {
  const last = log.generations[log.generations.length - 1];
  const champion = last ? log.candidates.find((c) => c.id === last.championId) : undefined;
  const examples = trainingExamples(log.candidates, chanceFor(log))
    .slice(-MAX_TRANSFER_EXAMPLES)
    .map((e) => ({ x: e.x.map((v) => Number(v.toPrecision(6))), y: Number(e.y.toPrecision(6)) }));
  const out: PolicyTransfer = { from, examples };
  if (champion?.genome.policy) out.policy = champion.genome.policy;
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks an untrusted transfer (from a config file or a log); returns a clean copy or throws an Error naming the part. */
export function validateTransfer(v: unknown): PolicyTransfer {
  if (!isObj(v)) throw new Error('must be an object {from, policy?, examples}');
  if (typeof v.from !== 'string' || v.from.length > 500)
    throw new Error('from must be a string of at most 500 characters');
  if (!Array.isArray(v.examples) || v.examples.length > MAX_TRANSFER_EXAMPLES)
    throw new Error(`examples must be an array of at most ${MAX_TRANSFER_EXAMPLES}`);
  const examples = v.examples.map((e: unknown, i: number) => {
    if (
      !isObj(e) ||
      !Array.isArray(e.x) ||
      e.x.length !== FEATURE_NAMES.length ||
      !e.x.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
      typeof e.y !== 'number' ||
      !Number.isFinite(e.y)
    ) {
      throw new Error(`examples[${i}] must be {x: ${FEATURE_NAMES.length} finite numbers, y: a finite number}`);
    }
    return { x: e.x as number[], y: e.y };
  });
  const out: PolicyTransfer = { from: v.from, examples };
  if (v.policy !== undefined) {
    // A policy is checked as part of a genome, by the genome's own rules.
    const g = validateGenome({
      hyper: { optimizer: 'sgd', learningRate: 0.1, batchSize: 1, weightDecay: 0, dropout: 0 },
      arch: { family: 'mlp', layers: [] },
      policy: v.policy,
    });
    out.policy = g.policy;
  }
  return out;
}
