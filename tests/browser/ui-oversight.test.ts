/**
 * Oversight in the page: a `pause` tripwire pauses the run, shows the
 * banner and the Monitor, and Resume lets it finish; an approval gate shows
 * the candidate's genome diff beside the champion, and Reject / Approve
 * decide (a rejected candidate never becomes champion); with the gaming
 * operator on, selection-optimism trips and the banner explains it in plain words.
 */
import { afterEach, expect, inject, it } from 'vitest';
import { openApp, waitForRun, type Harness } from './page-harness';

const baseUrl = inject('baseUrl');
const RUN = 'task=xor&proposer=evolution&generations=4&population=3&steps=20&progressEvery=10&seed=7&backend=cpu';
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const runState = (h: Harness) => h.page.evaluate(() => document.body.dataset.runState ?? '');

it('a pause tripwire pauses the run, shows the banner and the Monitor, and resumes', async () => {
  h = await openApp(baseUrl, `#${RUN}&tripwires=speed:0:pause&maxCandidates=100&autorun=1`);
  const page = h.page;
  const banner = page.locator('successor-app oversight-panel [data-testid=trip-banner]');
  await expect.poll(() => banner.count(), { timeout: 120_000, interval: 250 }).toBe(1);
  expect(await banner.textContent()).toMatch(
    /tripwire speed at generation \d+: .* the loop is paused until a person resumes it/,
  );
  expect(await page.locator('successor-app [role=status]').textContent()).toMatch(/[Pp]aused/);
  expect(await page.locator('successor-app oversight-panel monitor-chart').count()).toBe(1);
  // The budget's gauge beside the progress line: candidates trained so far of the 100 allowed.
  const gauge = page.locator('successor-app oversight-panel [data-testid=budgets] label');
  expect(await gauge.count()).toBe(1);
  expect(await gauge.textContent()).toMatch(/candidates\s+\d+ \/ 100/);
  expect(Number(await gauge.locator('meter').getAttribute('value'))).toBeGreaterThan(0);
  // Paused: nothing trains while it waits.
  const saved = await page.evaluate(() => document.body.dataset.savedGenerations);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => document.body.dataset.savedGenerations)).toBe(saved);
  // Resume every pause until the run ends.
  let resumed = 0;
  while (!['done', 'stopped', 'error'].includes(await runState(h))) {
    const resume = page.getByRole('button', { name: 'Resume' });
    if (await resume.isEnabled().catch(() => false)) {
      await resume.click();
      resumed++;
    }
    await page.waitForTimeout(200);
  }
  expect(resumed).toBeGreaterThan(0); // it went on because a person pressed Resume
  const log = await waitForRun(page);
  expect(log.status).toBe('done');
  expect(log.stopReason).toBeUndefined();
  expect(log.generations).toHaveLength(4);
  expect(log.generations.flatMap((g) => g.trips ?? []).length).toBeGreaterThan(0);
  expect(h.consoleErrors).toEqual([]);
});

it('an approval gate shows the diff; Reject keeps the champion and Approve crowns the candidate', async () => {
  h = await openApp(baseUrl, `#${RUN}&approve=champion&autorun=1`);
  const page = h.page;
  const approval = page.locator('successor-app oversight-panel [data-testid=approval]');
  const decided: { id: number; approve: boolean }[] = [];
  while (!['done', 'stopped', 'error'].includes(await runState(h))) {
    if (
      (await approval.count()) === 1 &&
      (await page.locator('successor-app oversight-panel [data-testid=genome-diff]').count()) === 1
    ) {
      const heading = (await approval.locator('p').first().textContent()) ?? '';
      const id = Number(/Candidate #(\d+)/.exec(heading)?.[1]);
      expect(
        await page.locator('successor-app oversight-panel [data-testid=genome-diff] tbody tr').count(),
      ).toBeGreaterThan(0);
      // Beside the diff: both scores with their noise, both costs, both loss curves.
      const shown = (await approval.textContent()) ?? '';
      expect(shown).toMatch(
        /validation accuracy \(± binomial SE\)\s*[\d.]+% ± [\d.]+ \(\d+ examples\)\s*[\d.]+% ± [\d.]+/,
      );
      expect(shown).toMatch(/parameters\s*\d+\s*\d+/);
      expect(shown).toMatch(/training FLOPs/);
      expect(await approval.locator('loss-chart').count()).toBe(1);
      const approve = decided.some((d) => !d.approve); // reject the first, approve the rest
      await approval.getByRole('button', { name: approve ? 'Approve' : 'Reject' }).click();
      decided.push({ id, approve });
      // The request is answered: it leaves, or the next one (another candidate) takes its place. A busy
      // machine can take seconds to get there.
      const answered = async () =>
        (await approval.count()) === 0 ||
        !((await approval.locator('p').first().textContent()) ?? '').includes(`Candidate #${id} `);
      await expect.poll(answered, { timeout: 30_000, interval: 100 }).toBe(true);
    }
    await page.waitForTimeout(150);
  }
  const log = await waitForRun(page);
  expect(decided.length).toBeGreaterThan(1);
  const logged = log.generations.flatMap((g) => g.decisions ?? []);
  expect(logged.map((d) => [d.candidateId, d.approve])).toEqual(decided.map((d) => [d.id, d.approve]));
  expect(logged.every((d) => d.by === 'page')).toBe(true);
  const champions = log.generations.map((g) => g.championId);
  expect(champions).not.toContain(decided[0].id);
  expect(champions).toContain(decided[1].id);
  expect(h.consoleErrors).toEqual([]);
});

it('the gaming operator: selection-optimism trips and the banner says in plain words what happened', async () => {
  // The gaming demonstration's loop (scripts/gaming-demo.ts), seed 1, operator on: it trips in Node on cpu.
  const demo = 'task=spirals&proposer=evolution&generations=5&population=6&steps=50&seed=1&backend=cpu';
  h = await openApp(baseUrl, `#${demo}&chooseValidationSubset=true&tripwires=selection-optimism:4:warn&autorun=1`);
  const log = await waitForRun(h.page);
  const trips = log.generations.flatMap((g) => g.trips ?? []);
  expect(trips.map((t) => t.rule)).toContain('selection-optimism');
  // The crowned gamed child was scored on a window it chose.
  const gamed = log.generations.some((g) => log.candidates.find((c) => c.id === g.championId)?.genome.evalSubset);
  expect(gamed).toBe(true);
  const banner = (await h.page.locator('successor-app oversight-panel [data-testid=trip-banner]').textContent()) ?? '';
  expect(banner).toMatch(/tripwire selection-optimism at generation \d+: [\d.]+ > 4 .*the loop goes on/);
  expect(banner).toMatch(/looks much better on the validation data that chose it than on held-out data/);
  expect(banner).toMatch(/fooling itself \(or gaming its evaluation\)/);
  expect(h.consoleErrors).toEqual([]);
});
