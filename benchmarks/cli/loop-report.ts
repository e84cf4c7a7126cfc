/** What `npm run loop` prints: a line per generation, a progress line, a final table. */
import type { RunConfig } from '../../src/core/config';
import { describeArch, describeHyper } from '../../src/core/genome';
import { describeChildSteps, describeSeconds, estimateRun, secondsLeft } from '../../src/core/run-plan';
import type { RunLog } from '../../src/core/runlog';
import type { LoopEvent } from '../../src/engine/events';

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '   —  ' : `${(x * 100).toFixed(1).padStart(5)}%`;

/** Turns loop events into terminal output. `tty` enables the overwriting progress line. */
export function createReporter(config: RunConfig, write: (s: string) => void, tty: boolean) {
  let progressShown = false;
  let resumed = false;
  const clear = () => {
    if (progressShown) write('\r\x1b[2K');
    progressShown = false;
  };
  return (e: LoopEvent) => {
    switch (e.type) {
      case 'run-start': {
        const env = e.environment;
        const adapter = env.adapter
          ? `, adapter ${env.adapter.vendor}/${env.adapter.architecture}` +
            `${env.adapter.description ? ` (${env.adapter.description})` : ''}` +
            `${env.adapter.isFallbackAdapter ? ' [software adapter]' : ''}`
          : '';
        write(
          `successor: ${config.task}, ${config.proposer}, ${config.generations} generations × ` +
            `${config.population}, ${describeChildSteps(config)}, seed ${config.seed}\n`,
        );
        write(`backend ${env.backend}${adapter}\n`);
        for (const f of env.fallbacks) write(`  (skipped ${f.backend}: ${f.reason})\n`);
        if (e.resumedFrom > 0) write(`resuming after generation ${e.resumedFrom - 1}\n`);
        resumed = e.resumedFrom > 0;
        break;
      }
      case 'child-progress':
        if (tty) {
          write(
            `\r\x1b[2K  gen ${e.generation}: child ${e.index + 1}/${e.count}  step ${e.step}/${e.steps}  loss ${e.loss.toFixed(4)}`,
          );
          progressShown = true;
        }
        break;
      case 'generation-done': {
        clear();
        const s = e.summary;
        const champ = e.log.candidates.find((c) => c.id === s.championId);
        const prev = s.index > 0 ? e.log.generations[s.index - 1] : undefined;
        const improved = prev && prev.championId !== s.championId;
        const what =
          s.index === 0
            ? config.init === 'random'
              ? `random initial population of ${config.population}`
              : 'seed genome'
            : improved && champ
              ? `new champion #${champ.id}: ${champ.changes.join(', ')}`
              : 'no improvement';
        const noise = s.noise !== undefined ? `  noise ±${(s.noise * 100).toFixed(1)}` : '';
        const rejected = s.rejectedAsNoise?.length ? `  (${s.rejectedAsNoise.length} within noise)` : '';
        // Under a FLOPs budget each child's steps differ: say what this generation's got.
        let steps = '';
        if (config.flopsBudget !== undefined) {
          const got: number[] = [];
          // This generation's children are the last candidates: walk back, not through the whole run.
          for (let i = e.log.candidates.length - 1; i >= 0 && e.log.candidates[i].generation >= s.index; i--)
            if (e.log.candidates[i].generation === s.index) got.push(e.log.candidates[i].steps);
          const lo = got.reduce((a, b) => Math.min(a, b), Infinity);
          const hi = got.reduce((a, b) => Math.max(a, b), 0);
          if (got.length) steps = `  steps ${lo === hi ? lo : `${lo}–${hi}`}`;
        }
        // Once generation 0 has trained, this device's rate is known: say how long the rest may take.
        if (s.index === 0 && !resumed && config.generations > 1) {
          const first = e.log.candidates.filter((c) => c.generation === 0);
          const left = secondsLeft(
            estimateRun(config),
            first.reduce((a, c) => a + c.flops, 0),
            first.reduce((a, c) => a + c.trainMs, 0),
          );
          if (left !== null)
            write(
              `time: about ${describeSeconds(left)} left at the rate generation 0 trained on this device (a rough guide: children differ in size)\n`,
            );
        }
        write(
          `gen ${String(s.index).padStart(3)}  best child ${pct(s.bestValAccuracy)}  champion ` +
            `val ${pct(s.championValAccuracy)} test ${pct(s.championTestAccuracy)}${noise}` +
            `${steps}  | ${what}${rejected}\n`,
        );
        break;
      }
      case 'error':
        clear();
        break;
      default:
        break;
    }
  };
}

/** The final table: the champion line per generation and the final champion's genome. */
export function finalTable(log: RunLog): string {
  const lines = ['', 'generation  champion  val acc   test acc  params   architecture'];
  for (const g of log.generations) {
    const c = log.candidates.find((x) => x.id === g.championId)!;
    lines.push(
      `${String(g.index).padStart(10)}  ${('#' + c.id).padStart(8)}  ` +
        `${pct(g.championValAccuracy)}  ${pct(g.championTestAccuracy)}   ` +
        `${String(c.params).padStart(7)}  ${describeArch(c.genome.arch)}`,
    );
  }
  const last = log.generations[log.generations.length - 1];
  if (last) {
    const c = log.candidates.find((x) => x.id === last.championId)!;
    const counts = { ok: 0, diverged: 0, failed: 0 };
    for (const x of log.candidates) counts[x.status]++;
    lines.push('', `final champion #${c.id}: ${describeArch(c.genome.arch)}, ${describeHyper(c.genome.hyper)}`);
    lines.push(
      `candidates: ${log.candidates.length} (${counts.ok} ok, ${counts.diverged} diverged, ${counts.failed} failed); status ${log.status}`,
    );
  }
  return lines.join('\n') + '\n';
}
