/**
 * The self-contained HTML report of one or more benchmark results: scores,
 * charts (inline SVG), every figure, what ran where, and what each figure
 * means. No scripts, fonts or images are fetched: the file can be mailed or
 * published as is. The results' JSON rides along in a data block.
 */
import { GLOSSARY, INTERVAL_NOTE } from '../../src/core/bench/glossary';
import { formatFigure, formatNumber } from '../../src/core/bench/figures';
import type { BackendResult, BenchResult } from '../../src/core/bench/result';
import { allCharts, esc } from '../../src/core/bench/charts';
import { columnsOf, mixedSuitesWarning, rowsOf, verdictOf, type Column } from '../../src/core/bench/columns';
import { sustainedChart } from '../../src/core/bench/sustained-chart';
import { verdictLines, withInterval } from '../../src/core/bench/verdict';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; max-width: 76rem; margin: 0 auto; padding: 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0.5rem 0; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
tr.scored td:first-child { font-weight: 600; }
tr.score td { font-size: 1.25em; font-weight: 700; }
tr.small td { font-size: 0.85em; text-align: left; max-width: 16rem; }
.wrong { color: #b3261e; font-weight: 600; }
.warn { background: #fff4d6; border: 1px solid #e6c200; padding: 0.4rem 0.7rem; }
.unit, .muted { color: #666; font-size: 0.9em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
figure { margin: 1rem 0; overflow-x: auto; }
pre { white-space: pre-wrap; font-size: 0.8em; }
`;

function envList(r: BenchResult): string {
  const e = r.environment;
  const statistic =
    typeof r.flags.statistic === 'string'
      ? r.flags.statistic
      : `median of ${r.suite.repeats} repeats after ${r.suite.warmup} warm-up`;
  const items: [string, string | undefined][] = [
    [
      'suite',
      // With --until-stable the repeats vary by case: the recorded statistic says how they were taken.
      `${r.suite.name} v${r.suite.version} — ${r.suite.title} (${statistic})`,
    ],
    ['label', r.label || undefined],
    ['date', r.createdAt],
    ['driver', e.driver],
    ['user agent', e.userAgent],
    ['Node', e.nodeVersion],
    ['OS', e.os],
    ['platform', e.platform],
    ['CPU', e.cpu],
    ['hardware threads', e.hardwareConcurrency?.toString()],
    ['tfjs', e.tfjsVersion],
    [
      'run flags',
      Object.entries(r.flags)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
    ],
    [
      'scores normalised to',
      r.reference
        ? `the ${r.reference.backend} entry of the ${r.reference.suite} v${r.reference.version}` +
          ` reference: ${r.reference.device}, ${r.reference.createdAt}` +
          `${r.reference.label ? ` (${r.reference.label})` : ''}`
        : 'no reference: unscored',
    ],
    ['duration', `${(r.durationMs / 1000).toFixed(1)} s`],
  ];
  return `<dl>${items
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v!)}</dd>`)
    .join('')}</dl>`;
}

type CheckItem = NonNullable<BackendResult['check']>['items'][number];
type Subscore = BackendResult['subscores'][number];

const checkRow = (i: CheckItem) =>
  `<tr><td>${esc(i.id)}</td><td>${i.maxAbsError === null ? 'NaN/∞' : i.maxAbsError.toExponential(2)}</td>` +
  `<td>${i.tolerance}</td><td class="${i.passed ? '' : 'wrong'}">${i.passed ? 'ok' : 'WRONG'}</td></tr>`;

const subscoreRow = (s: Subscore) =>
  `<tr><td>${esc(s.id)}</td><td>${formatNumber(s.value)}</td><td>${formatNumber(s.reference)}</td>` +
  `<td>${esc(withInterval(s.score, s.interval))}</td></tr>`;

function backendDetails(b: BackendResult): string {
  const check = b.check
    ? `<table><tr><th>case</th><th>max abs error</th><th>tolerance</th><th></th></tr>` +
      `${b.check.items.map(checkRow).join('')}</table>`
    : '<p class="muted">not checked</p>';
  const kv = (o: Record<string, unknown> | null) =>
    o
      ? `<pre>${esc(
          Object.entries(o)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n'),
        )}</pre>`
      : '<p class="muted">none</p>';
  const subs = b.subscores.length
    ? `<table><tr><th>sub-score</th><th>value</th><th>reference</th><th>score</th></tr>` +
      `${b.subscores.map(subscoreRow).join('')}</table>`
    : `<p class="muted">${esc(b.scoreNote ?? 'no sub-scores')}</p>`;
  const mb = (bytes: number | null) => (bytes === null ? '—' : `${formatNumber(bytes / 1e6)} MB`);
  const initMs = b.initMs === null ? '—' : `${formatNumber(b.initMs)} ms`;
  return `<details><summary>${esc(b.backend)}: status ${esc(b.status)}${b.reason ? ` — ${esc(b.reason)}` : ''}</summary>
    <p>start ${initMs}, run ${formatNumber(b.durationMs / 1000)} s, GPU pool ${mb(b.gpuPoolBytes)}</p>
    <h4>Check against the cpu backend</h4>${check}<h4>Sub-scores</h4>${subs}
    <h4>Adapter</h4>${kv(b.adapter as Record<string, unknown> | null)}<h4>Adapter limits</h4>${kv(b.adapterLimits)}<h4>tfjs flags</h4>${kv(b.flags)}</details>`;
}

function table(columns: Column[]): string {
  const rows = rowsOf(columns);
  const wrong = (c: Column) => (c.backend.status === 'wrong' ? 'wrong' : '');
  const score = (c: Column) =>
    c.backend.score === null ? '—' : esc(withInterval(c.backend.score, c.backend.scoreInterval));
  const head = `<tr><th>figure</th>${columns.map((c) => `<th class="${wrong(c)}">${esc(c.title)}</th>`).join('')}</tr>
    <tr class="small"><td>device</td>${columns.map((c) => `<td>${esc(c.device)}</td>`).join('')}</tr>
    <tr class="score"><td>score</td>${columns.map((c) => `<td class="${wrong(c)}">${score(c)}</td>`).join('')}</tr>
    <tr class="small"><td>check</td>${columns.map((c) => `<td class="${wrong(c)}">${esc(verdictOf(c.backend))}</td>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr class="${r.scored ? 'scored' : ''}"><td>${esc(r.label)} <span class="unit">` +
        `${esc(r.unit)}</span></td>` +
        `${r.cells.map((f) => `<td>${f ? esc(formatFigure(f)) : ''}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table>${head}${body}</table>`;
}

/** The report for `results` (one, or several to compare devices). */
export function renderReport(results: BenchResult[]): string {
  const columns = columnsOf(results);
  const rows = rowsOf(columns);
  const suites = [...new Set(results.map((r) => `${r.suite.name} v${r.suite.version}`))];
  const software = columns.filter((c) => c.backend.softwareAdapter);
  const title = `Successor benchmark — ${suites.join(', ')}`;
  const data = JSON.stringify(results).replace(/</g, '\\u003c');
  const sustained = sustainedChart(columns);
  const mixed = mixedSuitesWarning(results);
  const softwareWarning = software.length
    ? `<p class="warn">${esc(software.map((c) => c.title).join(', '))} ran on a software adapter ` +
      `(${esc(software[0].device.replace(' (software adapter)', ''))}): correct, but not a GPU timing.</p>`
    : '';
  const sustainedSection = sustained
    ? `<h2>Sustained run</h2>\n<figure>${sustained}</figure>\n<p class="muted">The first training case looped ` +
      `for the minutes asked (<code>--sustained</code>), its throughput read per window. Stability = lowest ÷ ` +
      `highest window: 1 is steady; a device that throttles when hot falls below 1.</p>`
    : '';
  const whatRan = (r: BenchResult, i: number) =>
    `${results.length > 1 ? `<h3>${esc(r.label || `result ${i + 1}`)}</h3>` : ''}` +
    `${envList(r)}${r.backends.map(backendDetails).join('')}`;
  const viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${viewport}<title>${esc(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(title)}</h1>
${mixed ? `<p class="warn">${esc(mixed)}</p>` : ''}
${softwareWarning}
<h2>Verdict</h2>
${results
  .map(
    (r) =>
      `<ul class="verdict">${verdictLines(r)
        .map(
          (l) =>
            `<li${/UNRELIABLE|WRONG/.test(l) ? ' class="warn"' : ''}>${esc(r.label && results.length > 1 ? `${r.label}: ${l}` : l)}</li>`,
        )
        .join('')}</ul>`,
  )
  .join('')}
<h2>Scores and figures</h2>
${table(columns)}
<p class="muted">Bold rows count towards the score. ${esc(INTERVAL_NOTE)} Charts draw the intervals as error bars. 100 = the reference (see below).</p>
<h2>Charts</h2>
${allCharts(rows, columns)
  .map((s) => `<figure>${s}</figure>`)
  .join('\n')}
${sustainedSection}
<h2>What ran where</h2>
${results.map(whatRan).join('')}
<h2>What the figures mean</h2>
<dl>${GLOSSARY.map((g) => `<dt>${esc(g.term)}</dt><dd>${esc(g.meaning)}</dd>`).join('')}</dl>
<script type="application/json" id="successor-bench-results">${data}</script>
</body></html>
`;
}
