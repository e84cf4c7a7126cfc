/**
 * Results side by side: one column per (result file, backend), one row per
 * figure. Pure (no DOM, no tfjs), shared by the Benchmark page and the CLI's
 * HTML report so both show the same table and charts.
 */
import { figuresOf, type Figure, type FigureGroup } from './figures';
import type { BackendResult, BenchResult } from './result';
import { deviceOf } from './result';

/** One backend of one result. */
export interface Column {
  key: string;
  /** Backend, plus the result's label when several results are shown. */
  title: string;
  /** The device: adapter for GPUs, else the CPU or platform. */
  device: string;
  result: BenchResult;
  backend: BackendResult;
}

/** One figure across the columns (null where a column lacks it). */
export interface Row {
  key: string;
  group: FigureGroup;
  label: string;
  unit: string;
  better: Figure['better'];
  scored: boolean;
  cells: (Figure | null)[];
}

/** Columns for every backend of every result, in order. */
export function columnsOf(results: BenchResult[]): Column[] {
  const many = results.length > 1;
  return results.flatMap((r, i) =>
    r.backends.map((b) => ({
      key: `${i}:${b.backend}`,
      title: many ? `${r.label || `#${i + 1}`} · ${b.backend}` : b.backend,
      device: deviceOf(r, b),
      result: r,
      backend: b,
    })),
  );
}

/** Rows for the union of the columns' figures, in first-seen order. */
export function rowsOf(columns: Column[]): Row[] {
  const rows = new Map<string, Row>();
  columns.forEach((c, i) => {
    for (const f of c.backend.measures ? figuresOf(c.backend.measures) : []) {
      let row = rows.get(f.key);
      if (!row) {
        row = {
          key: f.key,
          group: f.group,
          label: f.label,
          unit: f.unit,
          better: f.better,
          scored: f.scoreId !== null,
          cells: columns.map(() => null),
        };
        rows.set(f.key, row);
      }
      row.cells[i] = f;
    }
  });
  return [...rows.values()];
}

/** A status line for a column: its check and score, or why it has none. */
export function verdictOf(b: BackendResult): string {
  switch (b.status) {
    case 'unavailable':
      return `unavailable: ${b.reason ?? ''}`;
    case 'failed':
      return `failed: ${b.reason ?? ''}`;
    case 'wrong':
      return `WRONG — ${b.reason ?? 'outputs differ from the CPU'}; not scored`;
    case 'ok':
      return b.score === null
        ? `${b.scoreNote ?? 'not scored'}`
        : `matches the CPU (max error ${b.check?.maxAbsError?.toExponential(1) ?? '—'})`;
  }
}

/** Chart titles per group, for the scored figure of each case. */
export const GROUP_TITLES: Record<FigureGroup, string> = {
  train: 'Training samples/s (higher is better)',
  infer: 'Inference samples/s (higher is better)',
  matmul: 'Matmul GFLOP/s (higher is better)',
  conv: 'conv2d GFLOP/s (higher is better)',
  dispatch: 'Per-dispatch overhead, µs per op (lower is better)',
  loop: 'RSI loop, generations per minute (higher is better)',
};

/** A warning when results of different suites or versions are shown together (null when they are one suite). */
export function mixedSuitesWarning(results: readonly BenchResult[]): string | null {
  const suites = new Set(results.map((r) => `${r.suite.name} v${r.suite.version}`));
  return suites.size > 1
    ? `These results are of different suites or versions (${[...suites].join(', ')}): their figures and scores are not comparable.`
    : null;
}
