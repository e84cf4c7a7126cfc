/**
 * The two questions of docs/results.md's PBT/ASHA section that `npm run report` does not answer, from
 * sweep folders of run logs:
 *
 *   npx tsx scripts/pbt-asha-findings.ts --flops DIR [--baseline random] [--challenger asha]
 *   npx tsx scripts/pbt-asha-findings.ts --schedule DIR
 *
 * --flops: the baseline's median final held-out (test) accuracy, then per seed the training FLOPs the
 * baseline spent in all and the FLOPs the challenger had spent when its champion's held-out accuracy
 * first reached that median (every candidate's FLOPs, early-stopped ones included; "never" if it did not).
 * --schedule: per `pbt` run, the learning-rate schedule of its final champion and whether it decays
 * (ends below where it started; below its own peak; only decreases after its first change).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateRunLog, type RunLog } from '../src/core/runlog';
import { median } from '../src/core/stats';

function logs(dir: string, proposer: string): RunLog[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('summary'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown)
    .filter((v): v is RunLog => typeof v === 'object' && v !== null && 'schemaVersion' in v)
    .map((v) => validateRunLog(v))
    .filter((l) => l.config.proposer === proposer)
    .sort((a, b) => a.config.seed - b.config.seed);
}

/** Cumulative training FLOPs (replicates included) after each generation, and the champion's held-out accuracy then. */
function path(log: RunLog): { flops: number; test: number }[] {
  let flops = 0;
  return log.generations.map((g) => {
    for (const c of log.candidates) if (c.generation === g.index) flops += c.flops;
    flops += g.replicateFlops ?? 0;
    return { flops, test: g.championTestAccuracy };
  });
}

function flopsToTarget(dir: string, baseline: string, challenger: string): void {
  const base = logs(dir, baseline);
  const chal = logs(dir, challenger);
  const target = median(base.map((l) => l.generations[l.generations.length - 1].championTestAccuracy));
  console.log(`${baseline}: median final held-out accuracy ${(100 * target).toFixed(1)}% over ${base.length} runs`);
  console.log(
    `seed | ${baseline} FLOPs in all | ${baseline} FLOPs to reach it | ${challenger} ` +
      `FLOPs to reach it | ratio to ${baseline}'s all | ${challenger} final held-out`,
  );
  const ratios: number[] = [];
  for (const c of chal) {
    const b = base.find((x) => x.config.seed === c.config.seed);
    if (!b) continue;
    const total = path(b)[b.generations.length - 1].flops;
    const own = path(b).find((x) => x.test >= target);
    const p = path(c);
    const hit = p.find((x) => x.test >= target);
    const ratio = hit ? hit.flops / total : Infinity;
    ratios.push(ratio);
    console.log(
      `${c.config.seed} | ${total.toExponential(2)} | ` +
        `${own ? own.flops.toExponential(2) : 'never'} | ` +
        `${hit ? hit.flops.toExponential(2) : 'never'} | ${hit ? ratio.toFixed(2) : '—'} | ` +
        `${(100 * p[p.length - 1].test).toFixed(1)}%`,
    );
  }
  const third = ratios.filter((r) => r <= 1 / 3).length;
  console.log(
    `${challenger} reached it in ${ratios.filter(Number.isFinite).length}/` +
      `${ratios.length} seeds; within a third of ${baseline}'s FLOPs in ${third}/` +
      `${ratios.length}; median ratio ${median(ratios).toFixed(2)}`,
  );
}

function schedules(dir: string): void {
  const runs = logs(dir, 'pbt');
  let decaying = 0;
  let fromPeak = 0;
  let annealed = 0;
  for (const l of runs) {
    const s = l.generations[l.generations.length - 1].championSchedule ?? [];
    const rates = s.map((x) => x.learningRate);
    const last = rates[rates.length - 1];
    const decays = s.length > 1 && last < rates[0];
    // Below its own highest rate: a rise, then a fall (the shape PBT papers report), whatever the start.
    const falls = s.length > 1 && last < Math.max(...rates);
    // Every change after the first one a decrease (and at least one): annealing once PBT took over.
    const monotone = s.length > 2 && rates.slice(2).every((r, i) => r < rates[i + 1]);
    if (decays) decaying++;
    if (falls) fromPeak++;
    if (monotone) annealed++;
    const tags = [
      decays && 'ends below start',
      falls && 'ends below peak',
      monotone && 'only decreases after its first change',
    ];
    console.log(
      `seed ${l.config.seed}: ${s.map((x) => `${x.step}:${x.learningRate.toPrecision(2)}`).join(' → ')}  [${tags.filter(Boolean).join(', ')}]`,
    );
  }
  console.log(`final champions whose learning rate ends below its start: ${decaying}/${runs.length}`);
  console.log(`... ends below its own peak: ${fromPeak}/${runs.length}`);
  console.log(`... only decreases after its first change (and does decrease): ${annealed}/${runs.length}`);
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
if (args[0] === '--flops' && args[1])
  flopsToTarget(args[1], flag('--baseline', 'random'), flag('--challenger', 'asha'));
else if (args[0] === '--schedule' && args[1]) schedules(args[1]);
else {
  console.error('usage: pbt-asha-findings.ts --flops DIR [--baseline random] [--challenger asha] | --schedule DIR');
  process.exit(2);
}
