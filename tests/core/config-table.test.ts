import { describe, expect, it } from 'vitest';
import { loopHelp } from '../../benchmarks/cli/loop';
import { sweepHelp } from '../../benchmarks/cli/sweep';
import { configFlagSpec, configFromFlags, configToFlags } from '../../benchmarks/cli/config-flags';
import { parseFlags } from '../../benchmarks/cli/args';
import { CONFIG_FIELDS, DEFAULT_CONFIG } from '../../src/core/config';
import { choice, ConfigError, int, parseWith, type ConfigField } from '../../src/core/config-table';
import { configToHash, hashToConfig } from '../../src/core/hash';
import { usageError } from '../cli/usage-error';

/** The real table plus two settings, as an engineer would add them: one entry each. */
const TABLE = {
  ...CONFIG_FIELDS,
  ageLimit: int({ flag: 'age-limit', min: 1, max: 64, default: 16, help: 'generations a candidate may stay a parent' }),
  warmup: choice({
    flag: 'warmup',
    choices: ['none', 'linear'] as const,
    default: 'none',
    help: 'learning-rate warm-up of every child',
  }),
};

describe('one config table, many interfaces', () => {
  it("a field added to a table appears in both CLIs' help, with its default", () => {
    for (const help of [loopHelp(TABLE), sweepHelp(TABLE)]) {
      expect(help).toMatch(/^ {2}--age-limit N +generations a candidate may stay a parent \(default 16\)$/m);
      expect(help).toMatch(/^ {2}--warmup none\|linear +learning-rate warm-up of every child \(default none\)$/m);
    }
    expect(loopHelp()).not.toMatch(/--age-limit/);
  });

  it('a field added to a table is read and written by the URL hash', () => {
    const { config } = hashToConfig('#task=xor&ageLimit=5&warmup=linear', TABLE);
    expect(config).toEqual({ ...DEFAULT_CONFIG, task: 'xor', pool: 24, ageLimit: 5, warmup: 'linear' });
    const hash = configToHash(config, false, TABLE);
    expect(new URLSearchParams(hash.slice(1)).get('ageLimit')).toBe('5');
    expect(hashToConfig(hash, TABLE).config).toEqual(config);
    // At its default it is left out of the link, like every other non-identity field.
    expect(configToHash({ ...config, ageLimit: 16 }, false, TABLE)).not.toMatch(/ageLimit/);
    expect(() => hashToConfig('#ageLimit=0', TABLE)).toThrow(ConfigError);
    // The real table does not know it.
    expect(() => hashToConfig('#ageLimit=5')).toThrow(/ageLimit: is not a config setting/);
  });

  it('a field added to a table is a CLI flag, validated by name, and written back as a flag', () => {
    const flags = parseFlags(['--age-limit', '7', '--warmup', 'linear', '--task', 'moons'], configFlagSpec(TABLE));
    const config = configFromFlags(TABLE, flags);
    expect(config).toMatchObject({ ageLimit: 7, warmup: 'linear', task: 'moons' });
    expect(configToFlags(TABLE, config).join(' ')).toMatch(/--age-limit 7 --warmup linear$/);
    expect(usageError(() => configFromFlags(TABLE, { 'age-limit': '65' })).message).toBe(
      '--age-limit: must be at most 64, got 65',
    );
    expect(usageError(() => configFromFlags(TABLE, { warmup: 'fast' })).message).toBe(
      '--warmup: must be one of none, linear, got "fast"',
    );
  });

  it('every real field has a unique kebab-case flag spelled from its name, and help', () => {
    const flags = Object.values(CONFIG_FIELDS).map((f) => f.flag);
    expect(new Set(flags).size).toBe(flags.length);
    for (const [name, f] of Object.entries(CONFIG_FIELDS)) {
      expect(f.flag).toBe(name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
      expect(f.help.length).toBeGreaterThan(5);
    }
  });

  it('parses typed values and text alike, and round-trips every field through its text', () => {
    const typed = parseWith(TABLE, {
      ageLimit: 3,
      inherit: true,
      flopsBudget: 2e6,
      tripwires: [{ rule: 'speed', threshold: 0.2, action: 'stop' }],
      approve: ['champion'],
    });
    const text = parseWith(TABLE, {
      ageLimit: '3',
      inherit: 'true',
      flopsBudget: '2000000',
      tripwires: 'speed:0.2:stop',
      approve: 'champion',
    });
    expect(text).toEqual(typed);
    const values = typed as Record<string, unknown>;
    const fields: Record<string, ConfigField<unknown>> = TABLE;
    for (const [name, f] of Object.entries(fields))
      if (values[name] !== undefined) expect(f.parse(f.toText(values[name]), name)).toEqual(values[name]);
  });

  it('checks rules across fields after every field has parsed, naming the field', () => {
    expect(() => parseWith(TABLE, { accept: 'noise-aware', replicates: 1 })).toThrow(
      /^accept: noise-aware needs replicates of at least 2/,
    );
    expect(parseWith(TABLE, { accept: 'noise-aware', replicates: '2' }).replicates).toBe(2);
  });
});
