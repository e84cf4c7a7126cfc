/**
 * The loop CLI's side of oversight (its config flags come from the config
 * table; `--decisions` is the loop's own): asking a person on the
 * terminal (approval gates, a tripwire's pause), or a decisions file for
 * unattended runs, and the lines it prints about trips and stops. The same
 * for both drivers: the node driver's RunControl, or the page's, answers a pause.
 */
import { errorMessage } from '../../src/core/errors';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import type { RunConfig } from '../../src/core/config';
import { genomeCost } from '../../src/core/cost';
import { seedGenomeOf } from '../../src/core/run-plan';
import { TASKS } from '../../src/core/tasks';
import { describeArch, describeHyper } from '../../src/core/genome';
import {
  decideFromFile,
  parseDecisionsFile,
  type ApprovalRequest,
  type Decision,
  type PredictorChange,
} from '../../src/core/oversight/approval';
import { describeStop } from '../../src/core/oversight/budgets';
import type { Candidate, RunLog } from '../../src/core/runlog';
import type { LoopEvent } from '../../src/engine/events';
import { UsageError } from './args';

/** What answers a paused run: resume or stop it. */
export interface PauseControl {
  resume(): void;
  stop(): void;
}

/** Who answers approvals and pauses. */
export interface Oversight {
  approve?: (req: ApprovalRequest) => Promise<Decision>;
  /** No one at a terminal: a `pause` trip stops the run (LoopHost.unattended). */
  unattended: boolean;
  /** Called on each loop event, before the reporter, with what resumes or stops the run. */
  onEvent(e: LoopEvent, control: PauseControl): void;
  close(): void;
}

/** Checks the oversight options fit the run and where it is going; throws UsageError. */
export function checkOversightArgs(config: RunConfig, decisions: string | undefined, tty: boolean): void {
  // A limit the seed genome is already over would stop the run before it trains anything.
  if (config.maxParams !== undefined && config.init === 'seed') {
    const t = TASKS[config.task];
    const params = genomeCost(seedGenomeOf(config), t.inputShape, t.numClasses).params;
    if (params > config.maxParams)
      throw new UsageError(
        '--max-params',
        `the seed genome already has ${params} parameters, more than ${config.maxParams}: the run could train nothing`,
      );
  }
  if (decisions !== undefined && !config.approve) throw new UsageError('--decisions', 'needs --approve');
  if (config.approve && decisions === undefined && !tty)
    throw new UsageError('--approve', 'needs a terminal to ask on, or --decisions FILE for an unattended run');
  if (decisions !== undefined) readDecisions(decisions);
}

function readDecisions(path: string) {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new UsageError('--decisions', `cannot read ${path}`);
  }
  try {
    return parseDecisionsFile(JSON.parse(text));
  } catch (e) {
    throw new UsageError('--decisions', `${path}: ${errorMessage(e)}`);
  }
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const line = (c: Candidate) =>
  `#${c.id} ${describeArch(c.genome.arch)}, ${describeHyper(c.genome.hyper)}; val ` +
  `${pct(c.metrics.valAccuracy)}, ${c.params} params, ${c.flops.toExponential(2)} FLOPs`;

/** The terminal's view of a retrained predictor waiting for approval. */
function describePredictor(req: ApprovalRequest, p: PredictorChange): string {
  const picks = (p.picks ?? []).map(
    (x) =>
      `  ${x.changes.join(', ') || 'no change'}${x.predictedGain === undefined ? '' : ` (predicted gain ${pct(x.predictedGain)})`}\n`,
  );
  return (
    `\napproval needed (policy, generation ${req.generation}): the learned proposer's ` +
    `predictor, retrained on ${p.examples} examples, would propose:\n${picks.join('')}  ` +
    `rejected, this generation is proposed without it, as evolution would\n`
  );
}

/** Terminal prompts (or the decisions file) for a run on either driver. */
export function createOversight(
  config: RunConfig,
  write: (s: string) => void,
  decisions: string | undefined,
  tty: boolean,
): Oversight {
  const rl = tty ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  const candidates = new Map<number, Candidate>();
  const file = decisions !== undefined ? readDecisions(decisions) : null;
  const approve =
    config.approve &&
    (async (req: ApprovalRequest): Promise<Decision> => {
      const what = req.predictor
        ? `the learned proposer's predictor for generation ${req.generation} (children from #${req.candidateId})`
        : `#${req.candidateId}`;
      if (file) {
        const d = decideFromFile(file, decisions!, req, () => new Date().toISOString());
        write(`${d.approve ? 'approved' : 'rejected'} ${what} as ${req.gate} (${d.by})\n`);
        return d;
      }
      if (req.predictor) write(describePredictor(req, req.predictor));
      else {
        const next = candidates.get(req.candidateId);
        const current = candidates.get(req.currentId);
        write(
          `\napproval needed (${req.gate}, generation ${req.generation}):\n  current  ` +
            `${current ? line(current) : `#${req.currentId}`}\n  proposed ` +
            `${next ? line(next) : `#${req.candidateId}`}\n`,
        );
        if (next) write(`  changes: ${next.changes.join(', ') || 'none'}\n`);
      }
      const answer = (await rl!.question('approve? [y/N] ')).trim().toLowerCase();
      return {
        approve: answer === 'y' || answer === 'yes',
        by: `terminal (${process.env.USER ?? 'user'})`,
        at: new Date().toISOString(),
      };
    });
  return {
    approve: approve || undefined,
    unattended: !rl,
    onEvent(e, control) {
      if (e.type === 'child-done') candidates.set(e.candidate.id, e.candidate);
      if (e.type === 'tripwire') write(`${e.message}\n`);
      // The loop holds after a generation whose pause trip did not end the run (an unattended run ends instead).
      const paused =
        e.type === 'generation-done' && !e.log.stopReason && e.summary.trips?.some((t) => t.action === 'pause');
      if (paused && rl)
        void rl
          .question('paused: press Enter to resume, or type stop: ')
          .then((a) => (a.trim().toLowerCase() === 'stop' ? control.stop() : control.resume()));
    },
    close: () => rl?.close(),
  };
}

/** The closing lines about oversight: why the run stopped, the chain head to publish. */
export function oversightSummary(log: RunLog): string {
  const lines: string[] = [];
  if (log.stopReason) lines.push(describeStop(log.stopReason));
  const trips = log.generations.flatMap((g) => g.trips ?? []);
  if (trips.length)
    lines.push(`tripwires tripped: ${trips.map((t) => `${t.rule} (gen ${t.generation}, ${t.action})`).join(', ')}`);
  if (log.chain?.head) lines.push(`run log chain head ${log.chain.head} (npm run verify -- FILE checks it)`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
