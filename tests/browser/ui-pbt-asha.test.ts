/**
 * PBT and ASHA in the lab page (real worker, tfjs CPU backend in the browser to keep it short): both are
 * in the proposer menu with their one-line explanation and their setting under "More settings"; a PBT
 * run draws its exploit edges dashed in the lineage and its champion’s learning-rate schedule in the inspector,
 * an ASHA run its early-stopped children as such; the inspector says a member's slot and a sample's rung.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { stoppedEarlyIds } from '../../src/core/asha-proposer';
import { validateRunLog } from '../../src/core/runlog';
import { openApp, waitForRun, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('pbt and asha in the page', () => {
  it('runs PBT rounds as generations and draws each exploit edge', async () => {
    h = await openApp(
      baseUrl,
      '#task=moons&proposer=pbt&generations=3&population=4&steps=20&seed=2&backend=cpu&autorun=1',
    );
    const log = validateRunLog(await waitForRun(h.page));
    expect(log.generations).toHaveLength(3);
    expect(await h.page.locator('#proposer-hint').textContent()).toContain('population-based training');
    expect(await h.page.getByLabel('PBT: bottom % that copies the top', { exact: false }).count()).toBe(1);
    const exploits = log.candidates.filter((c) => c.operators[0] === 'exploit').length;
    expect(exploits).toBeGreaterThan(0);
    expect(await h.page.locator('lineage-tree path.edge.exploit').count()).toBe(exploits);
    // The champion's inspector draws the learning-rate schedule PBT found for it.
    const champion = log.generations[log.generations.length - 1].championId;
    await h.page.locator(`lineage-tree [data-candidate-id="${champion}"]`).click();
    const inspector = h.page.locator('successor-app candidate-inspector');
    await expect.poll(() => inspector.locator('h2').textContent()).toBe(`Candidate #${champion}`);
    const schedule = log.generations[log.generations.length - 1].championSchedule!;
    const text = (await inspector.locator('dt, dd').allTextContents()).join(' ');
    expect(text).toContain('learning-rate schedule');
    for (const seg of schedule) expect(text).toContain(`step ${seg.step}: ${seg.learningRate.toPrecision(2)}`);
    const member = log.candidates.find((c) => c.id === champion)!.member;
    expect(await inspector.locator('dd.place').textContent()).toContain(`member ${member} of the population`);
    expect(h.consoleErrors).toEqual([]);
  });

  it('draws ASHA’s early-stopped children as such', async () => {
    h = await openApp(
      baseUrl,
      '#task=moons&proposer=asha&generations=3&population=4&steps=27&seed=2&backend=cpu&autorun=1',
    );
    const log = validateRunLog(await waitForRun(h.page));
    expect(await h.page.locator('#proposer-hint').textContent()).toContain('successive halving');
    const stopped = [...stoppedEarlyIds(log.candidates, log.config.rungs)].sort((a, b) => a - b);
    expect(stopped.length).toBeGreaterThan(0);
    const drawn = await h.page
      .locator('lineage-tree [data-stopped-early="true"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-candidate-id'))).sort((a, b) => a - b));
    expect(drawn).toEqual(stopped);
    expect(await h.page.locator('lineage-tree .legend').textContent()).toContain('stopped early');
    // A sampled configuration's inspector says what it is (not "the baseline") and which rung it trained to.
    const sample = log.candidates.find((c) => c.operators[0] === 'sample' && stopped.includes(c.id))!;
    await h.page.locator(`lineage-tree [data-candidate-id="${sample.id}"]`).click();
    const inspector = h.page.locator('successor-app candidate-inspector');
    await expect.poll(() => inspector.locator('h2').textContent()).toBe(`Candidate #${sample.id}`);
    expect(await inspector.locator('dd.place').textContent()).toContain(`rung ${sample.rung} (`);
    const changed = await inspector.locator('section').nth(1).textContent();
    expect(changed).toContain('bottom rung of its bracket');
    expect(changed).not.toContain('baseline');
    expect(changed).toContain(sample.changes[0]);
    expect(h.consoleErrors).toEqual([]);
  });
});
