/** Number formats shared by the page's components. */
import type { ProposerName } from '../core/config';
import type { Candidate, TrainingMode } from '../core/runlog';

/** A fraction as a percentage, `—` when missing. */
export const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;

/** A count with a k / M / G suffix: 12.3k. */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  for (const [div, suffix] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= div) return `${(n / div).toPrecision(3).replace(/\.?0+$/, '')}${suffix}`;
  }
  return String(Math.round(n * 100) / 100);
}

/** FLOPs as 1.2 GFLOP. */
export function flops(n: number): string {
  const [, value, prefix] = /^(.*?)([kMGT]?)$/.exec(compact(n))!;
  return `${value} ${prefix}FLOP`;
}

/** A loss or rate to three significant figures. */
export const sig = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(digits);

/** Milliseconds as 850 ms / 3.2 s / 4 min 5 s. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A date-time in the reader's locale, short. */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How a candidate trained, for people: alone, or batched with its generation's other children. */
export function trainingText(t: TrainingMode | undefined): string {
  if (!t) return 'not recorded (an older run log)';
  if (t.mode === 'alone') return 'alone';
  const how = t.kernels === 'fused' ? 'fused WGSL kernels' : 'tfjs ops';
  if (t.groupSize === 1) return `batched path on its own (${how})`;
  return (
    `batched with ${t.groupSize - 1} other ${t.groupSize === 2 ? 'child' : 'children'} ` +
    `as one computation (${how}); time shown is the group’s ÷ ${t.groupSize}`
  );
}

/** Where a candidate stands in a PBT population or an ASHA / Hyperband ladder, for the inspector; '' otherwise. */
export function placeText(
  c: Pick<Candidate, 'rung' | 'bracket' | 'member'>,
  rungs: number,
  hyperband: boolean,
): string {
  if (c.rung !== undefined)
    return `rung ${c.rung} (0 trains fewest steps, ${rungs - 1} the full budget)${hyperband ? `, bracket ${c.bracket ?? 0}` : ''}`;
  if (c.member !== undefined) return `member ${c.member} of the population (its slot across rounds)`;
  return '';
}

/** Whether a candidate is the seed model generation 0 trains; under `init: random` generation 0 holds random samples instead. */
export const isSeedModel = (c: Pick<Candidate, 'parentId' | 'generation' | 'operators'>): boolean =>
  c.parentId === null && c.generation === 0 && !c.operators.includes('sample');

/** How many random genomes generation 0 trained (`init: random`); 0 when it trained the seed model. */
export const randomStarts = (candidates: readonly Candidate[]): number =>
  candidates.filter((c) => c.parentId === null && c.generation === 0 && c.operators.includes('sample')).length;

/** Why a candidate after generation 0 has no parent, in a sentence: only the baseline ignores history. */
export function noParentText(proposer: ProposerName | undefined): string {
  if (proposer === 'asha' || proposer === 'hyperband')
    return 'A new configuration sampled from the search space; it starts at the bottom rung of its bracket.';
  if (proposer === 'random') return 'Drawn at random: the baseline proposer ignores history.';
  return 'Drawn at random from the search space.';
}
