/** Decisions files and replayed decisions: a candidate and the predictor that picks its generation are told apart. */
import { describe, expect, it } from 'vitest';
import { decideFromFile, parseDecisionsFile, type ApprovalRequest } from '../../src/core/oversight/approval';
import type { RunLog } from '../../src/core/runlog';
import { loggedDecisions, replayConfig } from '../../src/engine/replay';
import { parseConfig } from '../../src/core/config';

const now = () => '2026-01-01T00:00:00.000Z';
const champion: ApprovalRequest = { gate: 'champion', generation: 3, candidateId: 12, currentId: 4 };
const predictor: ApprovalRequest = { ...champion, gate: 'policy', predictor: { examples: 9 } };

describe('decisions', () => {
  it('a decisions file entry with a gate answers only that gate; without one, both; unlisted: the default', () => {
    const file = parseDecisionsFile({
      default: 'approve',
      decisions: [{ candidateId: 12, gate: 'policy', approve: false }],
    });
    expect(decideFromFile(file, 'd.json', predictor, now)).toMatchObject({
      approve: false,
      by: 'decisions file d.json',
    });
    expect(decideFromFile(file, 'd.json', champion, now)).toMatchObject({
      approve: true,
      by: 'decisions file d.json (default)',
    });
    const both = parseDecisionsFile({ decisions: [{ candidateId: 12, approve: true }] });
    expect(decideFromFile(both, 'd', predictor, now).approve).toBe(true);
    expect(decideFromFile(both, 'd', champion, now).approve).toBe(true);
    expect(() => parseDecisionsFile({ decisions: [{ candidateId: 1, approve: true, gate: 'vibes' }] })).toThrow(
      /decisions\[0\]\.gate must be champion or policy/,
    );
  });

  it('a replay answers each request with the decision logged for it, not for the other with the same id', async () => {
    const log = {
      generations: [
        {
          decisions: [
            { ...predictor, predictor: { examples: 9 }, approve: false, by: 'me', at: now() },
            { ...champion, approve: true, by: 'me', at: now() },
          ],
        },
      ],
    } as unknown as RunLog;
    const answer = loggedDecisions(log);
    expect((await answer(predictor)).approve).toBe(false);
    expect((await answer(champion)).approve).toBe(true);
  });

  it('a replay stops where an unattended pause ended the run, and treats other pauses as warnings', () => {
    const config = parseConfig({ tripwires: 'speed:0:pause,growth:2:pause' });
    const ended = {
      config,
      stopReason: { kind: 'tripwire', rule: 'speed', threshold: 0, value: 0.1, generation: 2, action: 'pause' },
    };
    expect(replayConfig(ended as unknown as RunLog).tripwires?.map((t) => t.action)).toEqual(['stop', 'warn']);
    expect(replayConfig({ config } as unknown as RunLog).tripwires?.map((t) => t.action)).toEqual(['warn', 'warn']);
  });
});
