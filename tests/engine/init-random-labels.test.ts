/**
 * Under `--init random` generation 0 is a random population, not the seed
 * genome, and everything that names it says so: the CLI's generation line,
 * the page's status line, candidate count, lineage labels and run summary.
 * Real runs (tfjs CPU backend) with either start, so each label is checked
 * against what the loop actually trained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createReporter } from '../../benchmarks/cli/loop-report';
import type { RunConfig } from '../../src/core/config';
import type { RunLog } from '../../src/core/runlog';
import { TASKS } from '../../src/core/tasks';
import type { LoopEvent } from '../../src/engine/events';
import { runLoop } from '../../src/engine/loop';
import { isSeedModel, randomStarts } from '../../src/ui/format';
import { summariseRun } from '../../src/ui/run-story';
import { applyEvent, describeActivity, emptyView, plannedCandidates } from '../../src/ui/run-view';
import { host, setupCpu, tinyConfig } from './helpers';

interface Seen {
  config: RunConfig;
  log: RunLog;
  events: LoopEvent[];
  cli: string;
}

async function run(init: 'seed' | 'random'): Promise<Seen> {
  const config = tinyConfig({ task: 'xor', init, generations: 2, population: 3, steps: 20 });
  const events: LoopEvent[] = [];
  let cli = '';
  const report = createReporter(config, (s) => (cli += s), false);
  const log = await runLoop(
    config,
    host({
      onEvent: (e) => {
        events.push(e);
        report(e);
      },
    }),
  );
  return { config, log, events, cli };
}

let seed: Seen;
let random: Seen;
beforeAll(async () => {
  await setupCpu();
  seed = await run('seed');
  random = await run('random');
});

const genZeroLine = (cli: string) => cli.split('\n').find((l) => l.startsWith('gen   0'));

/** The status line while generation 0's first child trains. */
function firstStatus(s: Seen): string {
  let view = emptyView(s.config);
  for (const e of s.events) {
    view = applyEvent(view, e);
    if (e.type === 'child-start') return describeActivity('running', view);
  }
  throw new Error('no child-start event');
}

describe('generation 0 under --init random', () => {
  it('trains the random population, not the seed genome', () => {
    expect(random.log.candidates.filter((c) => c.generation === 0)).toHaveLength(3);
    expect(seed.log.candidates.filter((c) => c.generation === 0)).toHaveLength(1);
  });

  it('the CLI labels generation 0 a random initial population, and the seed genome only when it is one', () => {
    expect(genZeroLine(random.cli)).toMatch(/\| random initial population of 3$/);
    expect(random.cli).not.toContain('seed genome');
    expect(genZeroLine(seed.cli)).toMatch(/\| seed genome$/);
  });

  it("the page's status line, candidate count and lineage labels say what generation 0 trains", () => {
    expect(firstStatus(random)).toMatch(/^Generation 0: training random model 1 of 3/);
    expect(firstStatus(seed)).toMatch(/^Generation 0: training the seed model/);
    expect(describeActivity('idle', emptyView(random.config))).toMatch(/^Ready: press Start to train 3 random models,/);
    expect(describeActivity('idle', emptyView(seed.config))).toMatch(/^Ready: press Start to train the seed model,/);
    for (const s of [seed, random]) expect(plannedCandidates(s.config)).toBe(s.log.candidates.length);
    expect(random.log.candidates.filter(isSeedModel)).toEqual([]);
    expect(seed.log.candidates.filter(isSeedModel).map((c) => c.id)).toEqual([0]);
    expect([randomStarts(random.log.candidates), randomStarts(seed.log.candidates)]).toEqual([3, 0]);
  });

  it("the run summary names generation 0's champion for what it is", () => {
    // A run whose generation-0 champion was never beaten: the sentence that names it.
    const kept = (s: Seen) => {
      const g0 = s.log.generations[0];
      return summariseRun([g0, { ...g0, index: 1 }], s.log.candidates, TASKS.xor.splits);
    };
    expect(kept(random)).toMatch(/^The best of generation 0's 3 random models \(\d+% held-out\) was never beaten/);
    expect(kept(seed)).toMatch(/^The seed model's \d+% held-out was never beaten/);
  });
});
