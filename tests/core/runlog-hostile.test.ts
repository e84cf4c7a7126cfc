/**
 * Run logs no run can produce, as a hostile or corrupted import would bring
 * them: each must be refused by `validateRunLog` with a short message naming
 * the path (issue 19, "Validators that hold"), and the CSV export must not
 * hand a spreadsheet a formula.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markdown, mdCode, mdText, readSweep } from '../../benchmarks/cli/report';
import { summariseSweep } from '../../src/core/sweep-summary';
import { UsageError } from '../../benchmarks/cli/args';
import { exceedsBounds } from '../../src/core/json-bounds';
import { RunLogError, runLogToCsv, UNKNOWN_FIELD_BOUNDS, validateRunLog } from '../../src/core/runlog';
import { minimalLog } from './fixtures';

/** A fresh minimal log as loose JSON, edited. */
function edited(edit: (log: any) => void): any {
  const log = JSON.parse(JSON.stringify(minimalLog()));
  edit(log);
  return log;
}

function refusal(edit: (log: any) => void): RunLogError {
  try {
    validateRunLog(edited(edit));
  } catch (e) {
    expect(e).toBeInstanceOf(RunLogError);
    return e as RunLogError;
  }
  throw new Error('expected the log to be refused');
}

/** `{"a": {"a": … 1 …}}`, nested `n` deep, built without recursion. */
function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

describe('validateRunLog refuses values no run produces', () => {
  it('accuracies outside [0, 1], wherever they are', () => {
    const cases: [string, (l: any) => void][] = [
      ['candidates[1].metrics.valAccuracy', (l) => (l.candidates[1].metrics.valAccuracy = 5)],
      ['candidates[1].metrics.valAccuracy', (l) => (l.candidates[1].metrics.valAccuracy = -3)],
      ['candidates[0].metrics.testAccuracy', (l) => (l.candidates[0].metrics.testAccuracy = 1.01)],
      ['generations[1].championValAccuracy', (l) => (l.generations[1].championValAccuracy = 5)],
      ['generations[0].championTestAccuracy', (l) => (l.generations[0].championTestAccuracy = -3)],
      ['generations[0].bestValAccuracy', (l) => (l.generations[0].bestValAccuracy = 2)],
      ['generations[0].replicateValAccuracies', (l) => (l.generations[0].replicateValAccuracies = [0.5, 7])],
    ];
    for (const [path, edit] of cases) {
      const e = refusal(edit);
      expect(e.path, path).toBe(path);
      expect(e.message).toMatch(/\[0, 1\]/);
    }
    // The bounds themselves are accuracies a run can reach.
    expect(() =>
      validateRunLog(
        edited((l) => ((l.candidates[0].metrics.valAccuracy = 0), (l.candidates[1].metrics.valAccuracy = 1))),
      ),
    ).not.toThrow();
  });

  it('non-finite numbers: Infinity from JSON (1e999) and NaN', () => {
    const text = JSON.stringify(minimalLog()).replace('"trainMs":1', '"trainMs":1e999');
    expect(() => validateRunLog(JSON.parse(text))).toThrow(/candidates\[0\]\.trainMs: must be a finite/);
    expect(refusal((l) => (l.candidates[1].metrics.valLoss = Infinity)).path).toBe('candidates[1].metrics.valLoss');
    expect(refusal((l) => (l.candidates[1].metrics.trainLoss = NaN)).path).toBe('candidates[1].metrics.trainLoss');
    expect(refusal((l) => (l.candidates[1].lossCurve = [0.5, -Infinity])).path).toBe('candidates[1].lossCurve');
    expect(refusal((l) => (l.generations[1].ms = Infinity)).path).toBe('generations[1].ms');
    expect(refusal((l) => (l.generations[1].championTestAccuracy = NaN)).path).toBe(
      'generations[1].championTestAccuracy',
    );
  });

  it('a report over a folder with such a log names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(minimalLog()));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify(minimalLog()).replace('"championTestAccuracy":0.65', '"championTestAccuracy":1e999'),
    );
    expect(() => readSweep(dir)).toThrow(UsageError);
    expect(() => readSweep(dir)).toThrow(/^bad\.json: .*generations\[1\]\.championTestAccuracy/);
  });

  it('a done log with fewer generations than its config, or any log with more', () => {
    const e = refusal((l) => (l.config.generations = 3));
    expect(e.path).toBe('generations');
    expect(e.message).toMatch(/done run has all 3 generations .* 2/);
    // A stopped or running log may hold fewer; none may hold more.
    for (const status of ['stopped', 'running', 'error'])
      expect(() => validateRunLog(edited((l) => ((l.config.generations = 3), (l.status = status))))).not.toThrow();
    expect(refusal((l) => ((l.config.generations = 1), (l.status = 'stopped'))).message).toMatch(
      /holds 2 generations; the config plans 1/,
    );
  });

  it('changes that is not an array of strings', () => {
    expect(refusal((l) => (l.candidates[1].changes = 'lr 0.03→0.06')).path).toBe('candidates[1].changes');
    expect(refusal((l) => (l.candidates[1].changes = [{ toString: 1 }])).path).toBe('candidates[1].changes');
    expect(refusal((l) => delete l.candidates[0].changes).path).toBe('candidates[0].changes');
  });

  it('strings where the config holds numbers or booleans', () => {
    let e = refusal((l) => (l.config.seed = '2'));
    expect(e.path).toBe('config.seed');
    expect(e.message).toBe('config.seed: must be a number, got "2"');
    e = refusal((l) => (l.config.inherit = 'true'));
    expect(e.path).toBe('config.inherit');
    expect(refusal((l) => (l.config.steps = '300')).path).toBe('config.steps');
  });

  it('other fields with the wrong type', () => {
    const cases: [string, (l: any) => void][] = [
      ['generator', (l) => (l.generator = 7)],
      ['candidates[0].inherited', (l) => (l.candidates[0].inherited = 'no')],
      ['candidates[0].error', (l) => (l.candidates[0].error = { msg: 'x' })],
      ['environment.backend', (l) => (l.environment.backend = '<img src=x onerror=alert(1)>')],
      ['environment.requestedBackend', (l) => (l.environment.requestedBackend = 'gpu')],
      ['environment.fallbacks[0]', (l) => (l.environment.fallbacks = [{ backend: 'webgpu' }])],
      [
        'environment.adapter.vendor',
        (l) =>
          (l.environment.adapter = {
            vendor: 5,
            architecture: '',
            device: '',
            description: '',
            isFallbackAdapter: false,
          }),
      ],
      ['environment.platform', (l) => (l.environment.platform = 'x'.repeat(10_000))],
      ['generations[1].candidateIds', (l) => (l.generations[1].candidateIds = [42])],
    ];
    for (const [path, edit] of cases) expect(refusal(edit).path, path).toBe(path);
  });
});

describe('validateRunLog bounds the oversight records', () => {
  const trip = { generation: 1, rule: 'speed', value: 0.2, threshold: 0.1, action: 'warn' };
  const decision = {
    gate: 'champion',
    generation: 1,
    candidateId: 1,
    currentId: 0,
    approve: false,
    by: 'me',
    at: 'now',
  };
  it('reads trips, decisions and a stop reason of ordinary size', () => {
    const log = edited((l) => {
      l.generations[1].trips = [trip];
      l.generations[1].decisions = [{ ...decision, note: 'looks lucky' }];
      l.stopReason = { kind: 'tripwire', rule: 'speed', threshold: 0.1, value: 0.2, generation: 1, action: 'pause' };
    });
    expect(() => validateRunLog(log)).not.toThrow();
  });

  it('refuses huge strings and arrays in them, naming where', () => {
    const huge = 'x'.repeat(100_000);
    const cases: [string, (l: any) => void][] = [
      ['generations[1].trips', (l) => (l.generations[1].trips = [{ ...trip, rule: huge }])],
      ['generations[1].trips', (l) => (l.generations[1].trips = [{ ...trip, action: huge }])],
      ['generations[1].trips', (l) => (l.generations[1].trips = new Array(1000).fill(trip))],
      ['generations[1].decisions', (l) => (l.generations[1].decisions = [{ ...decision, by: huge }])],
      ['generations[1].decisions', (l) => (l.generations[1].decisions = [{ ...decision, at: huge }])],
      ['generations[1].decisions', (l) => (l.generations[1].decisions = [{ ...decision, note: huge }])],
      ['generations[1].decisions', (l) => (l.generations[1].decisions = [{ ...decision, gate: huge }])],
      ['stopReason', (l) => (l.stopReason = { kind: 'tripwire', rule: huge, threshold: 1, value: 2, generation: 1 })],
      ['generations[1].trips[0].extra', (l) => (l.generations[1].trips = [{ ...trip, extra: huge }])],
    ];
    for (const [path, edit] of cases) {
      const e = refusal(edit);
      expect(e.path, path).toBe(path);
      expect(e.message.length).toBeLessThan(300);
    }
  });
});

describe('validateRunLog bounds unknown fields', () => {
  it('reads small unknown fields (a newer version may add some)', () => {
    const log = edited((l) => {
      l.codeVersion = 'abc123';
      l.candidates[0].note = { tags: ['x'] };
      l.environment.gpuClock = 1800;
    });
    expect(validateRunLog(log)).toBe(log);
  });

  it('refuses a huge unknown field, naming it, with a short message', () => {
    const e = refusal((l) => (l.candidates[1].blob = 'x'.repeat(5_000_000)));
    expect(e.path).toBe('candidates[1].blob');
    expect(e.message).toMatch(/is larger than 65536 characters/);
    expect(e.message.length).toBeLessThan(200);
    expect(refusal((l) => (l.payload = new Array(1_000_000).fill(0))).path).toBe('payload');
  });

  it('refuses a deeply nested unknown field without overflowing the stack', () => {
    const e = refusal((l) => (l.generations[0].extra = deep(100_000)));
    expect(e.path).toBe('generations[0].extra');
    expect(e.message).toMatch(/nested more than 16 levels/);
  });

  it('refuses more unknown fields than the bound, and bounds the quoted key', () => {
    const e = refusal((l) => {
      for (let i = 0; i <= UNKNOWN_FIELD_BOUNDS.count; i++) l.environment['k'.repeat(1000) + i] = i;
    });
    expect(e.path.startsWith('environment.k')).toBe(true);
    expect(e.message.length).toBeLessThan(300);
  });

  it('quotes hostile values cut short in its messages', () => {
    const e = refusal((l) => (l.status = 'y'.repeat(1_000_000)));
    expect(e.path).toBe('status');
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toContain('1000000 characters');
  });
});

describe('exceedsBounds', () => {
  it('measures without recursion and stops at the first limit', () => {
    expect(exceedsBounds({ a: [1, 'two', null, { b: true }] }, { chars: 100, depth: 3 })).toBeNull();
    expect(exceedsBounds({ a: [{ b: 1 }] }, { chars: 100, depth: 2 })).toMatch(/nested more than 2/);
    expect(exceedsBounds('x'.repeat(101), { chars: 100, depth: 3 })).toMatch(/larger than 100/);
    expect(exceedsBounds(deep(100_000), { chars: 1e9, depth: 64 })).toMatch(/nested more than 64/);
  });
});

describe('runLogToCsv neutralises formulas from imported logs', () => {
  it('prefixes text cells that start with =, +, -, @ (or tab, CR); numbers stay as they are', () => {
    const log = minimalLog();
    log.candidates[0].operators = ['=HYPERLINK("http://x","y")'];
    log.candidates[1].operators = ['@SUM(A1)'];
    log.candidates[1].metrics.trainLoss = -0.5;
    const lines = runLogToCsv(log).trim().split('\n');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(lines[2]).toContain(`'@SUM(A1)`);
    expect(lines[2]).toContain(',-0.5,');
    for (const bad of ['+1', '-1', '\tx', '\rx']) {
      log.candidates[1].operators = [bad];
      expect(runLogToCsv(log)).toContain(`'${bad}`);
    }
    // Ordinary operator names are untouched.
    log.candidates[1].operators = ['lr-scale'];
    expect(runLogToCsv(log).split('\n')[2]).toContain(',lr-scale,');
  });
});

describe('report.md quotes imported strings inertly', () => {
  it('escapes markup and table breaks, keeps code spans closed, cuts long text', () => {
    expect(mdText('<img src=x onerror=alert(1)>|*x*')).toBe('\\<img src=x onerror=alert(1)\\>\\|\\*x\\*');
    expect(mdText('self-adaptive')).toBe('self-adaptive');
    expect(mdText('a\nb'.repeat(100)).length).toBeLessThan(120);
    expect(mdCode('a`b\n|c')).toBe('`a b c`');
  });

  it('the sweep report embeds a hostile backend name only escaped', () => {
    const log = minimalLog();
    log.environment.backend = '<script>alert(1)</script>\n| x |';
    const md = markdown(summariseSweep([log], 0.9, 'random'), [log]);
    expect(md).not.toContain('<script>');
    expect(md).toContain('Backends: \\<script\\>alert(1)\\</script\\> \\| x \\|.');
  });
});
