/**
 * Statistics for honest comparisons: paired tests and intervals, Holm's
 * adjustment, censored time to target, selection optimism. The basic
 * descriptive statistics and bootstrap live in ../stats.ts.
 */
export * from './distributions';
export * from './paired';
export * from './holm';
export * from './survival';
export * from './optimism';
