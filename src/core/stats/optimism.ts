/**
 * Selection optimism: how much the champion's validation accuracy overstates
 * what it does on data selection never saw. The champion is the best of many
 * noisy measurements on the validation split, so its validation score is
 * biased upwards (the winner's curse); its test accuracy is not.
 */

/** Champion validation minus held-out accuracy, with the binomial standard error of that difference. */
export interface Optimism {
  /** valAccuracy − heldOutAccuracy, a fraction. */
  optimism: number;
  /** Standard error from the two splits' binomial sampling noise (independent splits). */
  se: number;
}

/**
 * The selection optimism of one champion: `val` measured on `nVal`
 * validation examples, `heldOut` on `nHeldOut` examples selection never saw.
 */
export function selectionOptimism(val: number, heldOut: number, nVal: number, nHeldOut: number): Optimism {
  for (const [x, name] of [
    [val, 'val'],
    [heldOut, 'heldOut'],
  ] as const)
    if (!(x >= 0 && x <= 1)) throw new RangeError(`selectionOptimism: ${name} must be an accuracy in [0, 1], got ${x}`);
  if (!(nVal >= 1 && nHeldOut >= 1))
    throw new RangeError(`selectionOptimism: split sizes must be positive, got ${nVal} and ${nHeldOut}`);
  return { optimism: val - heldOut, se: Math.sqrt((val * (1 - val)) / nVal + (heldOut * (1 - heldOut)) / nHeldOut) };
}
