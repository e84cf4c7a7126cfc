/**
 * Runs one `npm run loop` as a child process of this one (sweep and meta use
 * it), and reads its final line back for a one-line summary.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** How one spawned loop ended. */
export interface LoopOutcome {
  ok: boolean;
  /** The champion's accuracies and genome, or the loop's last error line. */
  detail: string;
  ms: number;
}

/** Runs benchmarks/cli/loop.ts under `root` with `args`. */
export function spawnLoop(root: string, args: readonly string[]): Promise<LoopOutcome> {
  const started = Date.now();
  // node --import tsx, not the tsx wrapper: the loop is then this process's own child and
  // dies with it (parent-watch.ts), so a killed sweep leaves no loop behind to write later.
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(root, 'benchmarks/cli/loop.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) =>
    child.on('close', (code) => {
      const ms = Date.now() - started;
      if (code === 0) {
        const m = /final champion #\d+: (.*)/.exec(stdout);
        const test = [...stdout.matchAll(/champion val +([\d.]+)% test +([\d.]+)%/g)].pop();
        done({ ok: true, detail: `champion val ${test?.[1]}% test ${test?.[2]}% — ${m?.[1] ?? ''}`, ms });
      } else done({ ok: false, detail: stderr.trim().split('\n').pop() ?? `exit ${code}`, ms });
    }),
  );
}
