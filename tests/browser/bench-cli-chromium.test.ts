import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBenchResult } from '../../src/core/bench/validate';
import { runCli } from '../cli/run-cli';

describe('npm run bench --driver chromium', () => {
  it('runs the quick suite on WebGPU and the CPU side by side in the real app, labels the software adapter, and writes a valid scored result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'successor-bench-chromium-'));
    const out = join(dir, 'quick.json');
    const r = runCli(
      'benchmarks/cli/bench.ts',
      ['--suite', 'quick', '--backends', 'webgpu,cpu', '--out', out],
      280_000,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^webgpu +check: matches the cpu backend/m);
    expect(r.stdout).toMatch(/^webgpu +train digits-mlp-64 /m);
    expect(r.stdout).toMatch(/^cpu +loop spirals-evolution /m);
    const result = validateBenchResult(JSON.parse(readFileSync(out, 'utf8')));
    expect(result.environment).toMatchObject({ driver: 'chromium' });
    expect(result.environment.userAgent).toMatch(/Chrome/);
    expect(result.environment.os).toBeTruthy();
    const [webgpu, cpu] = result.backends;
    expect(webgpu).toMatchObject({ backend: 'webgpu', status: 'ok' });
    expect(webgpu.adapter).not.toBeNull();
    expect(Object.keys(webgpu.adapterLimits ?? {})).toContain('maxComputeWorkgroupSizeX');
    expect(webgpu.flags.WEBGPU_CPU_FORWARD).toBe(false);
    // No GPU on CI: WebGPU is SwiftShader, and the result and the output say so.
    // The output and the report warn exactly when WebGPU was a software adapter (the glossary names the term either way).
    expect(/SOFTWARE ADAPTER: not a GPU timing/.test(r.stdout)).toBe(webgpu.softwareAdapter);
    for (const b of [webgpu, cpu]) {
      expect(b.check?.passed).toBe(true);
      expect(b.score).toBeGreaterThan(0);
      expect(b.measures!.train[0].firstStepMs).toBeGreaterThan(0);
    }
    const warning =
      /<p class="warn">[^<]*webgpu[^<]* ran on a software adapter \([^<]*\): correct, but not a GPU timing\.<\/p>/;
    expect(warning.test(readFileSync(join(dir, 'quick.html'), 'utf8'))).toBe(webgpu.softwareAdapter);
  });
});
