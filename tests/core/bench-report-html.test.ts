import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../benchmarks/report/html';
import { validateBenchResult } from '../../src/core/bench/validate';
import { backend, result } from './bench-fixtures';

const adapter = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: 'swiftshader device',
  description: 'SwiftShader',
  isFallbackAdapter: true,
};
const WARNING = /<p class="warn">([^<]*) ran on a software adapter \(([^<]*)\): correct, but not a GPU timing\.<\/p>/;

describe('the HTML bench report', () => {
  it('warns, naming the backend and the adapter, when a backend ran on a software adapter', () => {
    const html = renderReport([result([backend('webgpu', 1, { adapter, softwareAdapter: true }), backend('cpu')])]);
    const m = WARNING.exec(html);
    expect(m).not.toBeNull();
    expect(m![1]).toMatch(/webgpu/);
    expect(m![1]).not.toMatch(/cpu/);
    expect(m![2]).not.toMatch(/\(software adapter\)/);
  });

  it('has no such warning when every backend ran on hardware (the glossary still explains the term)', () => {
    const html = renderReport([
      result([backend('webgpu', 1, { adapter: { ...adapter, isFallbackAdapter: false } }), backend('cpu')]),
    ]);
    expect(html).not.toMatch(WARNING);
    expect(html).toMatch(/software adapter/); // the glossary: why matching the words alone proved nothing
  });

  it('shows every figure of a schemaVersion 1 reference with its median inside its interval, and says how it was taken', () => {
    const ref = validateBenchResult(
      JSON.parse(readFileSync('tests/fixtures/bench/reference-quick-v3-schema1.json', 'utf8')),
    );
    const html = renderReport([ref]);
    const num = (x: string) => Number(x.replace(/,/g, ''));
    const cells = [...html.matchAll(/<td>([\d,.]+) \[([\d,.]+), ([\d,.]+)\]<\/td>/g)];
    expect(cells.length).toBeGreaterThan(20);
    for (const [, m, lo, hi] of cells) {
      expect(num(lo)).toBeLessThanOrEqual(num(m));
      expect(num(m)).toBeLessThanOrEqual(num(hi));
    }
    // The figure the mean's t-interval left outside, now inside.
    expect(html).not.toContain('645 [597, 641]');
    expect(html).toContain('645 [610, 658]');
    expect(html).not.toMatch(/t-interval/);
    // --until-stable took 3 to 200 repeats per case: the suite line says so, not "median of 3 repeats".
    expect(html).toMatch(
      /quick v3 — [^<]*\(median of at least 3 repeats, until [^<]*; interval \(recomputed on reading\): order-statistic 95% interval of the median\)/,
    );
  });

  it('warns, naming them, when results of different suites or versions are put side by side', () => {
    const a = result([backend('cpu')]);
    const b = result([backend('cpu')], { suite: { ...a.suite, version: 3 }, label: 'other' });
    expect(renderReport([a, a])).not.toMatch(/not comparable/);
    expect(renderReport([a, b])).toContain(
      '<p class="warn">These results are of different suites or versions (quick v2, quick v3): their figures and scores are not comparable.</p>',
    );
  });
});
