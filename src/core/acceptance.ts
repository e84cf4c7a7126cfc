/**
 * Noise-aware acceptance as a paired test (`--accept noise-aware`).
 *
 * A challenger and the champion are each retrained K times with the same
 * replicate seeds (replicate r of every genome uses seed r), so replicate r
 * of the two shares its data order and initialisation stream and the
 * per-replicate differences cancel most of the training noise the two share.
 * The challenger replaces the champion when the mean difference exceeds
 * z · SE of the difference, with z one-sided at α = 0.05 Šidák-corrected for
 * the λ challengers a generation may test.
 *
 * A diverged replicate is a failure of the genome, not a draw from its
 * noise: it scores chance accuracy (1 / classes) in the mean, and is left out
 * of the spread. (Counting it as spread gave a champion with one diverged
 * replicate a margin of about 0.5 that no challenger could ever beat.)
 */
import { normalQuantile } from './stats/distributions';
import { mean, std } from './stats';

/** One-sided family-wise error rate of a generation's acceptance decisions. */
export const ACCEPT_ALPHA = 0.05;

/** The z a challenger's mean difference must exceed, in SEs: one-sided, Šidák-corrected over `challengers`. */
export function acceptanceZ(challengers: number, alpha = ACCEPT_ALPHA): number {
  const perTest = 1 - Math.pow(1 - alpha, 1 / Math.max(1, challengers));
  return normalQuantile(1 - perTest);
}

/** A replicate's validation accuracy as fitness: a diverged one (null) scores chance. */
export function replicateScore(acc: number | null, numClasses: number): number {
  return acc ?? 1 / numClasses;
}

/** What the paired test of one challenger against the champion found. */
export interface PairedAcceptance {
  /** Mean over replicates of challenger − champion validation accuracy (diverged replicates at chance). */
  meanDifference: number;
  /** Standard error of that mean, from the replicates where neither diverged. */
  se: number;
  /** The threshold in SEs (see acceptanceZ). */
  z: number;
  accepted: boolean;
}

/** Inputs that fix the test's scale besides the two replicate series. */
export interface AcceptanceScale {
  /** Classes of the task: a diverged replicate scores 1 / numClasses. */
  numClasses: number;
  /** Examples in the validation split: the SE's floor when fewer than two clean pairs remain. */
  validationSize: number;
  /** Challengers per generation (λ), for the multiple-comparison correction. */
  challengers: number;
}

/**
 * Paired test of a challenger against the champion on replicates with shared
 * seeds (index r of each array is replicate r; null = diverged).
 *
 * SE: the clean pairs' differences vary; a diverged pair's difference is a
 * fixed penalty, so the variance of the mean is s² · n_clean / K². With fewer
 * than two clean pairs s is unknown, and the binomial SE of a difference of
 * two accuracies on the validation split stands in (the unpaired, cautious form).
 */
export function pairedAcceptance(
  champion: readonly (number | null)[],
  challenger: readonly (number | null)[],
  scale: AcceptanceScale,
): PairedAcceptance {
  const k = Math.min(champion.length, challenger.length);
  if (k === 0) throw new Error('paired acceptance needs at least one replicate of each');
  const diffs: number[] = [];
  const clean: number[] = [];
  for (let r = 0; r < k; r++) {
    const a = challenger[r];
    const b = champion[r];
    diffs.push(replicateScore(a, scale.numClasses) - replicateScore(b, scale.numClasses));
    if (a !== null && b !== null) clean.push(a - b);
  }
  const meanDifference = mean(diffs);
  let se: number;
  if (clean.length >= 2) {
    se = (std(clean) * Math.sqrt(clean.length)) / k;
  } else {
    const p =
      (mean(challenger.slice(0, k).map((v) => replicateScore(v, scale.numClasses))) +
        mean(champion.slice(0, k).map((v) => replicateScore(v, scale.numClasses)))) /
      2;
    se = Math.sqrt((2 * p * (1 - p)) / scale.validationSize / k);
  }
  const z = acceptanceZ(scale.challengers);
  return { meanDifference, se, z, accepted: meanDifference > z * se };
}

/** The champion's spread: std of its own and its clean (not diverged) replicates' validation accuracies. */
export function replicateNoise(own: number, replicates: readonly (number | null)[]): number {
  return std([own, ...replicates.filter((v): v is number => v !== null)]);
}
