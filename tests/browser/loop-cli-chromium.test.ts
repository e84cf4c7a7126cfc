import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRunLog } from '../../src/core/runlog';
import { runCli } from '../cli/run-cli';

describe('npm run loop --driver chromium', () => {
  it('runs the loop in the real worker in headless Chromium and writes a log naming the WebGPU adapter', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'successor-chromium-')), 'run.json');
    const r = runCli('benchmarks/cli/loop.ts', [
      '--task',
      'circles',
      '--proposer',
      'self-adaptive',
      '--generations',
      '2',
      '--population',
      '2',
      '--steps',
      '40',
      '--seed',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backend webgpu, adapter \S+/);
    const log = validateRunLog(JSON.parse(readFileSync(out, 'utf8')));
    expect(log.environment.backend).toBe('webgpu');
    expect(typeof log.environment.adapter?.isFallbackAdapter).toBe('boolean'); // true on SwiftShader
    expect(log.candidates).toHaveLength(3);
    // The self-adaptive proposer logs each child's proposal policy.
    for (const c of log.candidates.slice(1)) expect(c.genome.policy?.stepScale).toBeGreaterThan(0);
  });
});
