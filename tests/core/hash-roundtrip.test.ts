import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../src/core/config';
import { configToHash, hashToConfig } from '../../src/core/hash';
import { defaultPolicy } from '../../src/core/proposers';
import { cnnGenome } from './fixtures';

function errorOf(hash: string): ConfigError {
  try {
    hashToConfig(hash);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${hash}`);
}

describe('URL hash', () => {
  it('round-trips the default config', () => {
    const hash = configToHash(DEFAULT_CONFIG);
    expect(hash.startsWith('#')).toBe(true);
    expect(hashToConfig(hash)).toEqual({ config: DEFAULT_CONFIG, autorun: false, race: null });
  });

  it('round-trips a config with every field changed, a genome seed and a FLOPs budget', () => {
    const config = parseConfig({
      task: 'digits',
      proposer: 'hillclimb',
      generations: 7,
      population: 5,
      steps: 123,
      seed: 4294967295,
      backend: 'wasm',
      inherit: true,
      tournament: 4,
      progressEvery: 7,
      flopsBudget: 2.5e9,
      seedGenome: { ...cnnGenome(), policy: defaultPolicy() },
    });
    const back = hashToConfig(configToHash(config));
    expect(back.config).toEqual(config);
    expect(back.autorun).toBe(false);
  });

  it('round-trips a seed genome with awkward floats exactly', () => {
    const g = cnnGenome();
    g.hyper.learningRate = 0.1 + 0.2;
    g.hyper.weightDecay = 1 / 3;
    const config = parseConfig({ task: 'digits', seedGenome: g });
    expect(hashToConfig(configToHash(config)).config).toEqual(config);
  });

  it('always writes task, proposer and seed, and leaves other defaults out', () => {
    const params = new URLSearchParams(configToHash(DEFAULT_CONFIG).slice(1));
    expect([...params.keys()].sort()).toEqual(['proposer', 'seed', 'task']);
    const changed = new URLSearchParams(configToHash(parseConfig({ steps: 50 })).slice(1));
    expect(changed.get('steps')).toBe('50');
    expect(changed.has('generations')).toBe(false);
  });

  it('carries the autorun flag', () => {
    const c = parseConfig({ task: 'xor' });
    expect(hashToConfig(configToHash(c, true))).toEqual({ config: c, autorun: true, race: null });
    expect(hashToConfig(configToHash(c, false)).autorun).toBe(false);
    expect(hashToConfig('#task=xor&autorun=true').autorun).toBe(true);
    expect(hashToConfig('#task=xor&autorun=0').autorun).toBe(false);
  });

  it('reads a hash without the leading # and fills defaults', () => {
    const { config } = hashToConfig('task=moons&seed=9');
    expect(config).toEqual({ ...DEFAULT_CONFIG, task: 'moons', seed: 9 });
  });

  it('throws ConfigError naming the bad field', () => {
    expect(errorOf('#task=spirals&generations=0').field).toBe('generations');
    expect(errorOf('#population=abc').field).toBe('population');
    expect(errorOf('#task=cifar').field).toBe('task');
    expect(errorOf('#inherit=perhaps').field).toBe('inherit');
    expect(errorOf('#typo=1').field).toBe('typo');
    const badGenome = JSON.stringify({ ...cnnGenome(), hyper: { ...cnnGenome().hyper, batchSize: 0 } });
    const e = errorOf(`#task=digits&seedGenome=${encodeURIComponent(badGenome)}`);
    expect(e.field).toBe('seedGenome');
    expect(e.message).toContain('hyper.batchSize');
    expect(errorOf('#seedGenome=%7Bnot-json').field).toBe('seedGenome');
  });
});
