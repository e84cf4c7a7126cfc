/**
 * The operators' names, apart from the operators themselves so that the
 * genome's policy can be keyed by them without importing the operators
 * (which import the genome). A misspelt policy key is a compile error.
 */

/** Operator names, in a fixed order (policy weights are keyed by them). */
export const OPERATOR_NAMES = [
  'lr-scale',
  'batch-size',
  'swap-optimizer',
  'weight-decay',
  'dropout',
  'add-layer',
  'remove-layer',
  'widen',
  'narrow',
  'change-activation',
  'add-conv-block',
  'remove-conv-block',
  'conv-filters',
  'switch-family',
] as const;

/** Name of one mutation operator. */
export type OperatorName = (typeof OPERATOR_NAMES)[number];

/** Whether a string names an operator. */
export const isOperatorName = (s: string): s is OperatorName => (OPERATOR_NAMES as readonly string[]).includes(s);
