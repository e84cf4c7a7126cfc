import { describe, expect, it } from 'vitest';
import { renderReport } from '../../benchmarks/report/html';
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
});
