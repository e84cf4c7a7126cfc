/**
 * `npx tsx benchmarks/cli/micro-population.ts [flags]`: only the `micro`
 * suite's population products (the population trainer's batched products;
 * on WebGPU the fused step's tiled kernels), checked against the CPU backend
 * and timed as `npm run bench -- --suite micro` times them, in headless
 * Chromium (on SwiftShader where there is no GPU). A development tool: a
 * run of part of a suite is not a `micro` result (its fingerprint differs),
 * so it is printed, unscored, and written only with --out.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseFlags, parseOrReport, runMain, UsageError } from './args';
import { benchTable } from './bench-print';
import { checkWritable, writeAtomic } from './files';
import { isBenchBackend } from '../../src/core/bench/suite';
import { SUITES } from '../../src/core/bench/suites';

const HELP = `usage: npx tsx benchmarks/cli/micro-population.ts [flags]
  --backends LIST   comma-separated (default webgpu,cpu)
  --out FILE        also write the (unscored) result JSON
`;

function parse(argv: string[]) {
  const f = parseFlags(argv, { backends: 'string', out: 'string', help: 'boolean' });
  const backends = (f.backends ?? 'webgpu,cpu').split(',').map((s) => s.trim());
  const bad = backends.find((b) => !isBenchBackend(b));
  if (bad !== undefined) throw new UsageError('--backends', `unknown backend "${bad}"`);
  if (f.out !== undefined) checkWritable('--out', f.out);
  return { help: f.help === 'true', backends, out: f.out };
}

async function main(argv: string[]): Promise<number> {
  const a = parseOrReport(() => parse(argv));
  if (a === null) return 2;
  if (a.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const micro = SUITES.micro;
  const suite = { ...micro, matmul: micro.matmul.filter((c) => c.models !== undefined), conv: [], dispatch: [] };
  const { openPopulationPage } = await import('../drivers/population-chromium');
  const page = await openPopulationPage(resolve(import.meta.dirname, '../..'));
  try {
    const before = loadavg()[0];
    const result = await page.call('benchSuite', suite, a.backends);
    const after = loadavg()[0];
    process.stdout.write(
      `micro v${micro.version}'s population products only (` +
        `${suite.matmul.map((c) => c.id).join(', ')}); load average ${before.toFixed(2)} ` +
        `before, ${after.toFixed(2)} after\n`,
    );
    for (const b of result.backends)
      for (const m of b.measures?.matmul ?? []) process.stdout.write(`${b.backend} ${m.id}: ${m.kernel}\n`);
    process.stdout.write(benchTable(result));
    if (a.out) writeAtomic(a.out, JSON.stringify(result, null, 1) + '\n');
    return 0;
  } finally {
    await page.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runMain(() => main(process.argv.slice(2)));
