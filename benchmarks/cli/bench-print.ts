/** What `npm run bench` prints: a row per measured case while it runs, a progress line, and a final table. */
import { figuresOf, formatFigure, formatNumber } from '../../src/core/bench/figures';
import type { BenchEvent } from '../../src/core/bench/events';
import type { BenchResult } from '../../src/core/bench/result';
import { columnsOf, rowsOf, verdictOf } from '../../src/core/bench/columns';
import { verdictLines, withInterval } from '../../src/core/bench/verdict';
import { createEstimator } from '../../src/core/bench/estimate';
import { INTERVAL_NOTE } from '../../src/core/bench/glossary';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padL = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** Turns events into terminal output; `tty` enables the overwriting progress line. */
export function createBenchReporter(write: (s: string) => void, tty: boolean) {
  let progressShown = false;
  const estimate = createEstimator(() => performance.now());
  const clear = () => {
    if (progressShown) write('\r\x1b[2K');
    progressShown = false;
  };
  return (e: BenchEvent) => {
    const line = estimate(e);
    if (line) {
      clear();
      write(`${line}\n`);
    }
    switch (e.type) {
      case 'bench-start':
        write(`checking: computing every case's outputs on the cpu backend…\n`);
        break;
      case 'backend-start': {
        clear();
        const a = e.adapter;
        const device = a
          ? `${[a.vendor, a.architecture, a.device, a.description].filter((s) => s).join(' ')}` +
            `${e.softwareAdapter ? ' — SOFTWARE ADAPTER: not a GPU timing' : ''}`
          : 'no GPU adapter';
        write(`${pad(e.backend, 7)} started: ${device}\n`);
        break;
      }
      case 'check': {
        clear();
        const c = e.check;
        const err = c.maxAbsError === null ? 'NaN/∞' : c.maxAbsError.toExponential(1);
        write(
          `${pad(e.backend, 7)} check: ` +
            `${c.passed ? 'matches the cpu backend' : 'WRONG — differs from the cpu backend'} ` +
            `(max abs error ${err} over ${c.items.length} cases)\n`,
        );
        break;
      }
      case 'progress':
        if (tty) {
          clear();
          write(`  ${e.backend}: ${e.kind} ${e.id} (${e.index + 1}/${e.count})…`);
          progressShown = true;
        }
        break;
      case 'measure': {
        clear();
        const figs = figuresOf(e.measures);
        const main = figs.find((f) => f.scoreId) ?? figs[0];
        // Secondary figures named by what their label adds to the case's name: "first step 1,655 ms".
        const rest = figs
          .filter((f) => f !== main && f.value !== null)
          .map((f) =>
            `${f.label.slice(`${f.group} ${f.caseId}`.length).trim()} ${formatNumber(f.value)} ${f.unit}`.trim(),
          );
        // How many repeats the interval rests on (with --until-stable it varies by case).
        if (main.stat) rest.unshift(`${main.stat.samples.length} repeats`);
        write(
          `${pad(e.backend, 7)} ${pad(main.label, 34)} ${padL(formatFigure(main), 16)} ${main.unit}${rest.length ? `   (${rest.join(', ')})` : ''}\n`,
        );
        break;
      }
      case 'backend-done':
        clear();
        if (e.result.status === 'unavailable' || e.result.status === 'failed')
          write(`${pad(e.result.backend, 7)} ${e.result.status}: ${e.result.reason}\n`);
        break;
      default:
        break;
    }
  };
}

/** The final side-by-side table: score and check first, then every figure. */
export function benchTable(result: BenchResult): string {
  const cols = columnsOf([result]);
  const rows = rowsOf(cols);
  const w0 = Math.max(28, ...rows.map((r) => r.label.length + r.unit.length + 3));
  const w = 30;
  const line = (label: string, cells: string[]) => pad(label, w0) + cells.map((c) => padL(c, w)).join('');
  const out = [
    '',
    line(
      '',
      cols.map((c) => c.title),
    ),
    line(
      'score (100 = reference)',
      cols.map((c) => (c.backend.score === null ? '—' : withInterval(c.backend.score, c.backend.scoreInterval))),
    ),
  ];
  out.push('-'.repeat(w0 + w * cols.length));
  for (const r of rows)
    out.push(
      line(
        `${r.scored ? '* ' : '  '}${r.label} (${r.unit})`,
        r.cells.map((f) => (f ? formatFigure(f) : '')),
      ),
    );
  out.push('', `* counts towards the score. ${INTERVAL_NOTE}`);
  for (const c of cols) out.push(`${pad(c.title, 7)} ${c.device}: ${verdictOf(c.backend)}`);
  const ref = result.reference;
  const load = result.hostLoad;
  const top = load?.others?.top.length
    ? ` (${load.others.top.map((t) => `${t.name} ${formatNumber(t.cores)}`).join(', ')})`
    : '';
  if (load)
    out.push(
      load.before || load.after
        ? `host load (1 min) before ${load.before ? formatNumber(load.before[0]) : '—'}, after ` +
            `${load.after ? formatNumber(load.after[0]) : '—'} on ${load.cores ?? '?'} cores` +
            `${load.others ? `; other processes used ${formatNumber(load.others.cores)} cores during the run${top}` : ''}`
        : `host load: ${load.note ?? 'not recorded'}`,
    );
  if (ref)
    out.push(
      `scores normalised to the ${ref.backend} entry of the ${ref.suite} v${ref.version} ` +
        `reference: ${ref.device}, ${ref.createdAt.slice(0, 10)}` +
        `${ref.label ? ` (${ref.label})` : ''}`,
    );
  for (const c of cols) {
    const s = c.backend.sustained;
    if (s)
      out.push(
        `${pad(c.title, 7)} sustained ${s.minutes} min of train ${s.caseId}: stability ` +
          `${s.stability === null ? '— (fewer than two windows)' : s.stability.toFixed(2)} ` +
          `(lowest ÷ highest window); samples/s per window: ` +
          `${s.windows.map((w) => formatNumber(w.samplesPerSec)).join(' ')}`,
      );
  }
  out.push('', ...verdictLines(result));
  return out.join('\n') + '\n';
}
