import { describe, expect, it } from 'vitest';
import { RunLogError, runLogToCsv, validateRunLog } from '../../src/core/runlog';
import { candidate, cnnGenome, minimalLog } from './fixtures';

function errorOf(value: unknown): RunLogError {
  try {
    validateRunLog(value);
  } catch (e) {
    expect(e).toBeInstanceOf(RunLogError);
    return e as RunLogError;
  }
  throw new Error('expected a RunLogError');
}

/** Edits a fresh minimal log (as loose JSON) and returns the error it then gets. */
function errorAfter(edit: (log: any) => void): RunLogError {
  const log = JSON.parse(JSON.stringify(minimalLog()));
  edit(log);
  return errorOf(log);
}

/** A small RFC 4180 parser: quoted cells, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('validateRunLog', () => {
  it('accepts a minimal valid log and returns it', () => {
    const log = minimalLog();
    expect(validateRunLog(log)).toBe(log);
    // Also after a JSON round trip (how logs are imported).
    expect(() => validateRunLog(JSON.parse(JSON.stringify(log)))).not.toThrow();
  });

  it('accepts a log with no candidates yet and a log with failed candidates', () => {
    expect(() => validateRunLog({ ...minimalLog(), status: 'running', candidates: [], generations: [] })).not.toThrow();
    const log = minimalLog();
    log.candidates.push({
      ...candidate(2, { parentId: 1, generation: 1, status: 'diverged' }),
      error: 'training loss became NaN by step 20',
    });
    expect(() => validateRunLog(log)).not.toThrow();
  });

  it('refuses non-objects', () => {
    for (const v of [null, undefined, 42, 'log', [minimalLog()]]) {
      const e = errorOf(v);
      expect(e.path).toBe('');
      expect(e.message).toMatch(/not a Successor run log/);
    }
  });

  it('refuses a missing or wrong schemaVersion', () => {
    let e = errorAfter((l) => delete l.schemaVersion);
    expect(e.path).toBe('schemaVersion');
    expect(e.message).toContain('schemaVersion');
    e = errorAfter((l) => (l.schemaVersion = 2));
    expect(e.path).toBe('schemaVersion');
    expect(e.message).toMatch(/^schemaVersion: is 2/);
    expect(errorAfter((l) => (l.schemaVersion = '1')).path).toBe('schemaVersion');
  });

  it('refuses a bad run status', () => {
    const e = errorAfter((l) => (l.status = 'finished'));
    expect(e.path).toBe('status');
    expect(e.message).toMatch(/^status: .*finished/);
  });

  it('refuses a bad candidate status, naming the candidate', () => {
    const e = errorAfter((l) => (l.candidates[1].status = 'exploded'));
    expect(e.path).toBe('candidates[1].status');
    expect(e.message).toContain('candidates[1].status');
  });

  it('refuses a dangling parentId, and a parent that comes later', () => {
    let e = errorAfter((l) => (l.candidates[1].parentId = 99));
    expect(e.path).toBe('candidates[1].parentId');
    expect(e.message).toContain('candidates[1].parentId');
    e = errorAfter((l) => {
      l.candidates[0].parentId = 1;
    });
    expect(e.path).toBe('candidates[0].parentId');
  });

  it('refuses duplicate ids and dangling champions', () => {
    expect(errorAfter((l) => (l.candidates[1].id = 0)).path).toBe('candidates[1].id');
    expect(errorAfter((l) => (l.generations[1].championId = 7)).path).toBe('generations[1].championId');
    expect(errorAfter((l) => (l.generations[1].index = 5)).path).toBe('generations[1].index');
    expect(errorAfter((l) => delete l.generations[0].championTestAccuracy).path).toBe(
      'generations[0].championTestAccuracy',
    );
  });

  it('names the path of other broken fields', () => {
    const cases: [string, (l: any) => void][] = [
      ['createdAt', (l) => (l.createdAt = 5)],
      ['config', (l) => (l.config = null)],
      ['config.population', (l) => (l.config.population = 0)],
      ['environment', (l) => delete l.environment],
      ['environment.backend', (l) => (l.environment.backend = 3)],
      ['environment.fallbacks', (l) => (l.environment.fallbacks = 'none')],
      ['environment.adapter', (l) => (l.environment.adapter = 'gpu')],
      ['candidates', (l) => (l.candidates = {})],
      ['candidates[0]', (l) => (l.candidates[0] = 'c0')],
      ['candidates[1].generation', (l) => (l.candidates[1].generation = -1)],
      ['candidates[1].operators', (l) => (l.candidates[1].operators = [1])],
      ['candidates[0].params', (l) => (l.candidates[0].params = -1)],
      ['candidates[0].trainMs', (l) => (l.candidates[0].trainMs = 'fast')],
      ['candidates[0].metrics', (l) => (l.candidates[0].metrics = null)],
      ['candidates[0].metrics.valAccuracy', (l) => (l.candidates[0].metrics.valAccuracy = 'high')],
      ['candidates[0].lossCurve', (l) => delete l.candidates[0].lossCurve],
      ['generations', (l) => (l.generations = null)],
    ];
    for (const [path, edit] of cases) {
      const e = errorAfter(edit);
      expect(e.path, path).toBe(path);
      expect(e.message.startsWith(`${path}: `), e.message).toBe(true);
    }
  });

  it('refuses an invalid genome, naming the candidate and the genome field', () => {
    const e = errorAfter((l) => (l.candidates[0].genome.hyper.learningRate = 0));
    expect(e.path).toBe('candidates[0]');
    expect(e.message).toContain('hyper.learningRate');
  });
});

describe('runLogToCsv', () => {
  it('has a header and one row per candidate, with the same number of cells', () => {
    const log = minimalLog();
    const text = runLogToCsv(log);
    expect(text.endsWith('\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(1 + log.candidates.length);
    const header = rows[0];
    expect(header[0]).toBe('id');
    for (const col of ['parentId', 'generation', 'status', 'learningRate', 'operators', 'valAccuracy', 'testAccuracy'])
      expect(header).toContain(col);
    for (const r of rows) expect(r).toHaveLength(header.length);
    const cell = (row: number, col: string) => rows[row][header.indexOf(col)];
    expect(cell(1, 'id')).toBe('0');
    expect(cell(1, 'parentId')).toBe('');
    expect(cell(2, 'parentId')).toBe('0');
    expect(cell(2, 'operators')).toBe('lr-scale');
    expect(Number(cell(2, 'valAccuracy'))).toBe(0.7);
    expect(Number(cell(2, 'testAccuracy'))).toBe(0.65);
  });

  it('quotes cells with commas, quotes or newlines so they survive parsing', () => {
    const log = minimalLog();
    log.candidates[1].operators = ['a,b', 'say "hi"'];
    log.candidates[1].status = 'diverged';
    log.candidates[1].metrics = { trainLoss: null, valLoss: null, valAccuracy: null };
    const text = runLogToCsv(log);
    expect(text).toContain('"a,b say ""hi"""');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    const header = rows[0];
    expect(rows[2]).toHaveLength(header.length);
    expect(rows[2][header.indexOf('operators')]).toBe('a,b say "hi"');
    expect(rows[2][header.indexOf('valAccuracy')]).toBe('');
    expect(rows[2][header.indexOf('testAccuracy')]).toBe('');
  });

  it('flattens cnn architectures and rounds trainMs', () => {
    const log = minimalLog();
    log.candidates[0].genome = cnnGenome();
    log.candidates[0].trainMs = 12.6;
    const rows = parseCsv(runLogToCsv(log));
    const header = rows[0];
    expect(rows[1][header.indexOf('family')]).toBe('cnn');
    expect(rows[1][header.indexOf('architecture')]).toBe('c4k3p c8k5 | 16');
    expect(rows[1][header.indexOf('trainMs')]).toBe('13');
  });

  it('is just a header for an empty run', () => {
    const rows = parseCsv(runLogToCsv({ ...minimalLog(), candidates: [], generations: [] }));
    expect(rows).toHaveLength(1);
  });
});
