/**
 * Races: the preset's runs share task, seed model, seed and budget and
 * differ only in their proposer; a link `race=a,b` reads as one config per
 * proposer (the rest shared), and a bad `race` is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-table';
import { hashToConfig, raceToHash } from '../../src/core/hash';
import { PRESETS, RACES } from '../../src/core/presets';

describe('the race preset', () => {
  it('runs the Quick demo once per proposer: everything shared but the proposer', () => {
    const race = RACES.find((r) => r.id === 'race-random-evolution')!;
    expect(race.configs.map((c) => c.proposer)).toEqual(['random', 'evolution']);
    const demo = PRESETS.find((p) => p.id === 'quick-demo')!.config;
    for (const c of race.configs) expect({ ...c, proposer: demo.proposer }).toEqual(demo);
  });
});

describe('a race in the link', () => {
  it('reads one config per proposer named, the rest shared, and round-trips', () => {
    const read = hashToConfig('#task=xor&seed=4&steps=40&race=random,evolution&autorun=1');
    expect(read.autorun).toBe(true);
    expect(read.race?.map((c) => c.proposer)).toEqual(['random', 'evolution']);
    expect(read.race?.map((c) => [c.task, c.seed, c.steps])).toEqual([
      ['xor', 4, 40],
      ['xor', 4, 40],
    ]);
    const again = hashToConfig(raceToHash(read.race![0], ['random', 'evolution']));
    expect(again.race).toEqual(read.race);
    expect(again.autorun).toBe(false);
    expect(hashToConfig('#task=xor').race).toBeNull();
  });

  it('refuses an unknown proposer, a single runner, a repeat or too many, naming race', () => {
    for (const bad of [
      'race=random,nope',
      'race=random',
      'race=random,random',
      'race=random,evolution,hillclimb,learned,pbt',
    ])
      expect(() => hashToConfig(`#task=xor&${bad}`)).toThrow(ConfigError);
    expect(() => hashToConfig('#race=random,nope')).toThrow(/^race: “nope” is not a proposer/);
  });
});
