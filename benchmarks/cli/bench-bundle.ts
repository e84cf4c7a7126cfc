/**
 * `npm run bench:bundle`: builds benchmarks/cli/bench-gpu.ts into ONE Node ESM
 * file, .gpu/bench.mjs, with only `webgpu` (Dawn, a native module) left
 * external, then runs scripts/gpu-prepare.sh to put Node, Dawn and the
 * Vulkan loader beside it (docs/gpu.md). Carry [".gpu", "public/digits.bin"] to the GPU
 * machine. CommonJS parts of tfjs need a `require`: the banner provides one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packDigits } from '../../scripts/pack-digits';

const root = resolve(import.meta.dirname, '../..');
packDigits(root);
const { build } = await import('vite');
await build({
  root,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  resolve: { conditions: ['node'] },
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: join(root, 'benchmarks', 'cli', 'bench-gpu.ts'),
    outDir: join(root, '.gpu'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: {
      external: ['webgpu'],
      output: {
        format: 'es',
        entryFileNames: 'bench.mjs',
        codeSplitting: false,
        banner:
          "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
      },
    },
  },
});
process.stdout.write('wrote .gpu/bench.mjs\n');
const prepare = join(root, 'scripts', 'gpu-prepare.sh');
if (process.argv.includes('--no-prepare') || !existsSync(prepare))
  process.stdout.write('not preparing the runtime (--no-prepare)\n');
else execFileSync('bash', [prepare], { cwd: root, stdio: 'inherit' });
