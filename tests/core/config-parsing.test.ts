import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../src/core/config';
import { mlpGenome } from './fixtures';

function errorOf(input: Record<string, unknown>): ConfigError {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(input)}`);
}

describe('parseConfig: defaults', () => {
  it('fills every field from the defaults for an empty input', () => {
    const c = parseConfig({});
    expect(c).toEqual(DEFAULT_CONFIG);
    expect('flopsBudget' in c).toBe(false);
  });

  it('keeps given fields and defaults the rest', () => {
    const c = parseConfig({ task: 'xor', population: 3 });
    expect(c.task).toBe('xor');
    expect(c.population).toBe(3);
    expect(c.generations).toBe(DEFAULT_CONFIG.generations);
    expect(c.proposer).toBe(DEFAULT_CONFIG.proposer);
    expect(c.steps).toBe(DEFAULT_CONFIG.steps);
  });

  it('does not modify DEFAULT_CONFIG', () => {
    const before = JSON.stringify(DEFAULT_CONFIG);
    const c = parseConfig({ generations: 2 });
    c.steps = 1;
    expect(JSON.stringify(DEFAULT_CONFIG)).toBe(before);
  });
});

describe('parseConfig: refusals name the field', () => {
  it('refuses an unknown key, naming it', () => {
    const e = errorOf({ generation: 3 });
    expect(e.field).toBe('generation');
    expect(e.message).toContain('generation');
    expect(e.message).toMatch(/not a config setting/);
  });

  const positive = ['generations', 'population', 'steps', 'tournament', 'progressEvery'];
  for (const field of positive) {
    it(`refuses non-positive or non-integer ${field}`, () => {
      for (const v of [0, -1, 1.5, 'abc', '', null, true]) {
        const e = errorOf({ [field]: v });
        expect(e.field).toBe(field);
        expect(e.message.startsWith(`${field}:`)).toBe(true);
      }
    });
  }

  it('refuses values over the maxima', () => {
    expect(errorOf({ generations: 1001 }).field).toBe('generations');
    expect(errorOf({ population: 1025 }).field).toBe('population');
    expect(errorOf({ steps: 1_000_001 }).field).toBe('steps');
    expect(parseConfig({ generations: 1000 }).generations).toBe(1000);
  });

  it('refuses unknown choices', () => {
    expect(errorOf({ task: 'mnist' }).field).toBe('task');
    expect(errorOf({ proposer: 'genetic' }).field).toBe('proposer');
    expect(errorOf({ backend: 'cuda' }).field).toBe('backend');
    expect(errorOf({ inherit: 'maybe' }).field).toBe('inherit');
    expect(errorOf({ seedGenome: 'strong' }).field).toBe('seedGenome');
  });

  it('refuses seeds outside 0..2^32-1 and accepts the ends', () => {
    for (const v of [-1, 2 ** 32, 1.5, 'x']) expect(errorOf({ seed: v }).field).toBe('seed');
    expect(parseConfig({ seed: 0 }).seed).toBe(0);
    expect(parseConfig({ seed: 0xffffffff }).seed).toBe(0xffffffff);
  });

  it('refuses a bad flopsBudget', () => {
    for (const v of [0, -5, 'lots', Number.POSITIVE_INFINITY])
      expect(errorOf({ flopsBudget: v }).field).toBe('flopsBudget');
  });

  it('refuses an invalid seed genome, naming the genome field inside the message', () => {
    const bad = mlpGenome([8], { learningRate: -1 });
    const e = errorOf({ seedGenome: bad });
    expect(e.field).toBe('seedGenome');
    expect(e.message).toContain('hyper.learningRate');
  });
});

describe('parseConfig: string inputs coerce', () => {
  it('coerces numbers and booleans given as strings (as from flags or a hash)', () => {
    const c = parseConfig({
      task: 'moons',
      proposer: 'random',
      generations: '5',
      population: '3',
      steps: '100',
      seed: '42',
      backend: 'cpu',
      inherit: 'true',
      tournament: '2',
      progressEvery: '10',
      flopsBudget: '1e6',
    });
    expect(c).toMatchObject({
      task: 'moons',
      proposer: 'random',
      generations: 5,
      population: 3,
      steps: 100,
      seed: 42,
      backend: 'cpu',
      inherit: true,
      seedGenome: 'default',
      tournament: 2,
      progressEvery: 10,
      flopsBudget: 1e6,
    });
    expect(typeof c.generations).toBe('number');
    expect(typeof c.inherit).toBe('boolean');
    expect(typeof c.flopsBudget).toBe('number');
  });

  it('reads every spelling of a boolean', () => {
    for (const v of [true, 'true', '1', 1]) expect(parseConfig({ inherit: v }).inherit).toBe(true);
    for (const v of [false, 'false', '0', 0]) expect(parseConfig({ inherit: v }).inherit).toBe(false);
  });

  it('accepts a genome object as seedGenome and cleans it', () => {
    const g = { ...mlpGenome([4]), note: 'x' };
    const c = parseConfig({ seedGenome: g });
    expect(c.seedGenome).toEqual(mlpGenome([4]));
    expect(parseConfig({ seedGenome: 'weak' }).seedGenome).toBe('weak');
  });
});
