/** The meta-search's result as Markdown: every configuration tried, the archive, and the held-out verdict. */
import { BASELINE, describeImprover, improverKey } from '../../src/core/meta';
import type { MetaOptions, MetaPlan } from '../../src/core/meta-search';

const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const MEASURE = { finalTest: 'final held-out acc', heldOutArea: 'area under held-out curve' } as const;

/** Markdown for a finished meta-search whose own task is `task`. */
export function formatMeta(plan: Extract<MetaPlan, { stage: 'done' }>, o: MetaOptions, task: string): string {
  const others = o.heldOutTasks ?? [];
  const taskOf = (c: { task?: string }) => c.task ?? task;
  const lines = [
    '# Meta-search over proposer configurations',
    '',
    `${o.rounds} rounds × ${o.children} new configurations; scored on training seeds ${o.trainSeeds.join(', ')} ` +
      `(mean final held-out accuracy) on ${task}; evaluated on held-out seeds ${o.heldOutSeeds.join(', ')} of ` +
      `${[task, ...others].join(', ')}${others.length ? ` (held-out tasks: ${others.join(', ')})` : ''}; meta seed ${o.metaSeed}.`,
    '',
    '## Every configuration tried (training seeds)',
    '',
    '| round | configuration | key | training score | in archive |',
    '|---|---|---|---|---|',
    ...[...plan.evaluated]
      .sort((a, b) => b.score - a.score)
      .map(
        (e) =>
          `| ${e.round} | ${describeImprover(e.config)} | ${e.key} | ${pct(e.score)} | ${plan.archive.some((a) => a.key === e.key) ? 'yes' : ''} |`,
      ),
    '',
    '## Finalists against the baseline (evolution, tournament 3, one operator) on held-out seeds',
    '',
    'Paired by seed: mean difference in points with a 95% t interval, sign-flip permutation p, Holm-adjusted over every row.',
    '',
    '| finalist | task | measure | seeds | difference | P(A>B) | p | p (Holm) |',
    '|---|---|---|---|---|---|---|---|',
    ...plan.comparisons.map(
      (c) =>
        `| ${c.key} | ${taskOf(c)}${c.task ? ' (held-out task)' : ''} | ${MEASURE[c.measure]}` +
        ` | ${c.seeds} | ${pts(c.difference.mean)} [${pts(c.difference.lo)}, ` +
        `${pts(c.difference.hi)}] | ${c.pSuperiority.toFixed(2)} | ${c.p.toPrecision(2)} | ` +
        `${c.pHolm.toPrecision(2)} |`,
    ),
    '',
  ];
  const base = plan.evaluated.find((e) => e.key === improverKey(BASELINE));
  if (base)
    lines.push(
      `On the training seeds (what the outer loop selected on, so optimistic): baseline ${pct(base.score)}; ` +
        plan.finalists.map((f) => `${f.key} ${pct(f.score)} (${pts(f.score - base.score)} points)`).join('; ') +
        '.',
      '',
    );
  const wins = plan.comparisons.filter((c) => c.pHolm < 0.05 && c.difference.lo > 0);
  const won = [...new Set(wins.map((w) => `${w.key} on ${taskOf(w)}`))];
  lines.push(
    won.length
      ? `Verdict: the baseline is beaten on held-out seeds (Holm p < 0.05, interval above 0) by ${won.join('; ')}.`
      : 'Verdict: no finalist beats the baseline on held-out seeds (no Holm-adjusted p < 0.05 with an interval above 0).',
    '',
  );
  return lines.join('\n');
}
