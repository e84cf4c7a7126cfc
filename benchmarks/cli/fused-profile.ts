/**
 * `npx tsx benchmarks/cli/fused-profile.ts [flags]`: the fused WebGPU step of
 * a population suite model split by kernel, in headless Chromium (on
 * SwiftShader where there is no GPU): each dispatch of one step submitted
 * alone and timed (fused-profile.ts), to see which product dominates.
 * A development tool: its figures are milliseconds on this machine, not a
 * benchmark result.
 */
import { resolve } from 'node:path';
import { parseFlags, parseOrReport, runMain, UsageError } from './args';
import { formatTiles } from '../../src/core/bench/population';
import { EXTRA_MODEL_IDS, MODEL_IDS } from '../../src/core/bench/population-plan';
import type { Tiles } from '../../src/engine/population/fused/tiled';

const HELP = `usage: npx tsx benchmarks/cli/fused-profile.ts [flags]
  --model ID        an MLP of the population suite (default mlp-784-256-10)
  --k N             population size (default 32)
  --repeats N       timings per dispatch, medians (default 3)
  --dropout R       every model's dropout rate (default 0)
  --untiled         the untiled product kernels instead of the tiled ones
  --tiles LIST      tiled products with these tilings in turn, in one page (WXxWYxTMxTNxBK, d after it for
                    the direct kernels; comma-separated, e.g. 16x16x4x4x16,8x8x8x8x4d; repeat one to
                    alternate); default: the tuned tiles
`;

const FLAGS = {
  model: 'string',
  k: 'string',
  repeats: 'string',
  dropout: 'string',
  untiled: 'boolean',
  tiles: 'string',
  help: 'boolean',
} as const;

/** A tiling as the flag writes it, `16x16x4x4x16`: threads x, y, outputs per thread rows, columns, reduction step; `d` after it: direct. */
function parseTiles(text: string): Tiles[] {
  return text.split(',').map((one) => {
    const direct = one.endsWith('d');
    const n = (direct ? one.slice(0, -1) : one).split('x').map(Number);
    const [wx, wy, tm, tn, bk] = n;
    if (n.length !== 5 || !n.every((v) => Number.isInteger(v) && v >= 1 && v <= 256) || tm % 4 || tn % 4 || bk % 4)
      throw new UsageError(
        '--tiles',
        `each tiling is WXxWYxTMxTNxBK (d after it: direct), integers with TM, TN and BK multiples of 4, got "${one}"`,
      );
    return { wx, wy, tm, tn, bk, ...(direct ? { direct: true } : {}) };
  });
}

function parse(argv: string[]) {
  const f = parseFlags(argv, FLAGS);
  const model = f.model ?? 'mlp-784-256-10';
  if (![...MODEL_IDS, ...EXTRA_MODEL_IDS].includes(model) || !model.startsWith('mlp-'))
    throw new UsageError('--model', `must be an MLP of the population suite, got "${model}"`);
  const int = (flag: string, v: string | undefined, d: number, max: number) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new UsageError(flag, `must be an integer from 1 to ${max}, got "${v}"`);
    return n;
  };
  const dropout = f.dropout === undefined ? 0 : Number(f.dropout);
  if (!(dropout >= 0 && dropout <= 0.9)) throw new UsageError('--dropout', `must be from 0 to 0.9, got "${f.dropout}"`);
  const untiled = f.untiled === 'true' || f.untiled === '1';
  if (untiled && f.tiles !== undefined)
    throw new UsageError('--tiles', 'times tiled products; --untiled asks for the untiled ones');
  return {
    help: f.help === 'true',
    tiles: f.tiles === undefined ? null : parseTiles(f.tiles),
    model,
    k: int('--k', f.k, 32, 1024),
    repeats: int('--repeats', f.repeats, 3, 100),
    dropout,
    products: untiled ? ('untiled' as const) : ('tiled' as const),
  };
}

async function main(argv: string[]): Promise<number> {
  const a = parseOrReport(() => parse(argv));
  if (a === null) return 2;
  if (a.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { openPopulationPage } = await import('../drivers/population-chromium');
  const page = await openPopulationPage(resolve(import.meta.dirname, '../..'));
  try {
    const env = await page.call('setup', 'webgpu');
    if (env.backend !== 'webgpu') throw new Error(`no WebGPU here (got ${env.backend})`);
    const tuned = await page.call('fusedTiles');
    for (const forced of a.tiles ?? [null]) {
      if (forced) await page.call('forceTiles', forced);
      const tiles = forced ?? tuned?.tiles;
      const p = await page.call('profile', a.model, a.k, a.repeats, a.dropout, a.products);
      const total = p.dispatches.reduce((s, d) => s + d.ms, 0);
      const lines = [
        `fused step of ${a.model}, K = ${a.k}, dropout ${a.dropout}, ${a.products} products` +
          `${a.products === 'tiled' && tiles ? ` (${formatTiles(tiles)}${forced ? ', forced' : ''})` : ''}` +
          `; adapter ${JSON.stringify(env.adapter)}`,
        `whole step (one submission): ${p.stepMs.toFixed(1)} ms; dispatches alone (medians of ${a.repeats}), sum ${total.toFixed(1)} ms:`,
        ...p.dispatches.map(
          (d) =>
            `  ${d.label.padEnd(12)} ${d.ms.toFixed(1).padStart(9)} ms ${((100 * d.ms) / total).toFixed(1).padStart(5)}%`,
        ),
      ];
      // Each tiling's figures as soon as they exist: a long list is read while it runs.
      process.stdout.write(lines.join('\n') + '\n');
    }
    return 0;
  } finally {
    await page.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runMain(() => main(process.argv.slice(2)));
