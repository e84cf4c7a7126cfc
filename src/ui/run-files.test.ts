/**
 * The page's import and the hash chain: a log whose chain is broken (one
 * changed number) is refused, naming the altered record; a log with no chain
 * at all is imported but marked unverified; an intact chain is not marked.
 */
import { describe, expect, it } from 'vitest';
import type { RunLog } from '../core/runlog';
import { sealedLog as sealed } from '../../tests/core/fixtures';
import { chainNote, ImportError, readRunFile, runLogJson } from './run-files';

const file = (l: RunLog) => new File([runLogJson(l)], 'run.json');

describe('importing a run log checks its hash chain', () => {
  it('an intact chain is imported as it is, with no note', async () => {
    const l = sealed();
    const back = await readRunFile(file(l));
    expect(back).toEqual(l);
    expect(chainNote(back)).toBeNull();
  });

  it('one changed number breaks the chain: refused, naming the record', async () => {
    const l = sealed();
    l.candidates[1].metrics.valAccuracy = (l.candidates[1].metrics.valAccuracy ?? 0) + 0.01;
    const err = await readRunFile(file(l)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/its hash chain is broken: candidates\[1\] was altered/);
  });

  it('a log with its chain removed is imported, but marked as unverified', async () => {
    const l = sealed();
    l.candidates[1].metrics.valAccuracy = 0.99; // changed, and the chain taken out to hide it
    delete l.chain;
    for (const r of [...l.candidates, ...l.generations]) delete r.hash;
    const back = await readRunFile(file(l));
    expect(chainNote(back)).toMatch(/no hash chain .* nothing shows whether it was changed/);
  });
});
