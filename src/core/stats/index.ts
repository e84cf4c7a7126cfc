/**
 * Statistics across seeds, one concept per file: descriptive statistics and
 * the Estimate shape, bootstrap and permutation resampling, paired tests and
 * intervals, Holm's adjustment, censored time to target, selection optimism.
 * Import from here (`core/stats`); the benchmark's timing statistics are
 * core/bench/stats.ts.
 */
export * from './descriptive';
export * from './resampling';
export * from './distributions';
export * from './paired';
export * from './holm';
export * from './survival';
export * from './optimism';
