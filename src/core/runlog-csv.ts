/**
 * The CSV export of a run log: one row per candidate. Cells that a
 * spreadsheet would run as a formula are neutralised, since imported logs
 * can carry any text (OWASP "CSV injection").
 */
import type { RunLog } from './runlog';

const CSV_COLUMNS = [
  'id',
  'parentId',
  'generation',
  'status',
  'family',
  'architecture',
  'optimizer',
  'learningRate',
  'batchSize',
  'weightDecay',
  'dropout',
  'operators',
  'inherited',
  'params',
  'flops',
  'steps',
  'trainMs',
  'trainLoss',
  'valLoss',
  'valAccuracy',
  'testAccuracy',
  'training',
] as const;

/** Leading characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Only text can be a formula; numbers (−0.5) are written as they are.
  const s = typeof v === 'string' ? (FORMULA_START.test(v) ? `'${v}` : v) : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per candidate, header first; genomes flattened to their main fields. */
export function runLogToCsv(log: RunLog): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of log.candidates) {
    const a = c.genome.arch;
    const layers =
      a.family === 'mlp'
        ? a.layers.map((l) => `${l.units}:${l.activation}`).join(' ')
        : `${a.blocks.map((b) => `c${b.filters}k${b.kernel}${b.pool ? 'p' : ''}`).join(' ')} | ${a.head.map((l) => l.units).join(' ')}`;
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: c.id,
      parentId: c.parentId,
      generation: c.generation,
      status: c.status,
      family: a.family,
      architecture: layers,
      optimizer: c.genome.hyper.optimizer,
      learningRate: c.genome.hyper.learningRate,
      batchSize: c.genome.hyper.batchSize,
      weightDecay: c.genome.hyper.weightDecay,
      dropout: c.genome.hyper.dropout,
      operators: c.operators.join(' '),
      inherited: c.inherited,
      params: c.params,
      flops: c.flops,
      steps: c.steps,
      trainMs: Math.round(c.trainMs),
      trainLoss: c.metrics.trainLoss,
      valLoss: c.metrics.valLoss,
      valAccuracy: c.metrics.valAccuracy,
      testAccuracy: c.metrics.testAccuracy,
      training:
        c.training &&
        (c.training.mode === 'batched'
          ? `batched:${c.training.groupSize}${c.training.kernels === 'fused' ? ':fused' : ''}`
          : 'alone'),
    };
    rows.push(CSV_COLUMNS.map((k) => csvCell(row[k])).join(','));
  }
  return rows.join('\n') + '\n';
}
