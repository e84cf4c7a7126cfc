/**
 * Runs are kept: a reload mid-run offers to continue from the last saved
 * generation, and the continued run equals an uninterrupted run with the
 * same seed — every candidate, metric and loss curve; only wall times differ.
 * A `pbt` run too, whose members continue training from the weights and
 * optimizer states the library keeps beside the log.
 *
 * It trains on tfjs's CPU backend (in the real worker, through the real
 * page and IndexedDB): what is under test is the page's saving and resuming,
 * which no backend changes, and on SwiftShader's WebGPU tearing down a page
 * mid-run takes Chromium tens of seconds. The same test on WebGPU passes too
 * (backend=webgpu below), at about three minutes on the 2-core CI machine.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { validateRunLog, type RunLog } from '../../src/core/runlog';
import { openApp, waitForRun, type Harness } from './page-harness';
import { lineageIds, waitForSaved, withoutTimes } from './ui-helpers';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const CONFIG = '#task=circles&proposer=self-adaptive&generations=4&population=2&steps=300&seed=9&backend=cpu';
// PBT's members continue training: Continue must hand back their weights and optimizer states, which the
// library keeps beside the log (inherit is off: PBT keeps them anyway).
const PBT = '#task=circles&proposer=pbt&generations=4&population=3&steps=300&seed=9&backend=cpu';

/** Reloads a run while generation 2 trains, continues it, and returns it beside the same run never stopped. */
async function continuedAndWhole(config: string): Promise<{ resumed: RunLog; whole: RunLog }> {
  h = await openApp(baseUrl, config + '&autorun=1');
  const page = h.page;
  // The same config, never interrupted, in a fresh page (own context) of the same browser, trained meanwhile:
  // each run trains in its own worker on one core, and the 2-core CI machine has a second one. Nothing in a
  // run depends on wall time, so sharing the cores changes only its timings.
  const fresh = await h.browser.newPage();
  const whole = fresh.goto(baseUrl + config + '&autorun=1').then(async () => validateRunLog(await waitForRun(fresh)));
  // Settled at once so an early failure of the interrupted run's part leaves no unhandled rejection.
  whole.catch(() => undefined);
  // Interrupt while generation 2 trains: generations 0 and 1 are saved, 2 and 3 are not.
  await waitForSaved(page, 2);
  await page.waitForFunction(() => document.body.dataset.runState === 'running');
  await page.reload();

  const banner = page.getByRole('region', { name: 'Interrupted run' });
  await banner.waitFor();
  expect(await banner.textContent()).toMatch(/after generation 1 of 3/);
  // Not empty panels: the saved generations are on screen until Continue.
  await expect
    .poll(() => page.locator('successor-app [role=status]').textContent())
    .toMatch(/^Viewing a saved run: 2 generations, \d+ candidates \(interrupted\)\.$/);
  expect(await page.locator('successor-app generation-table tbody tr').count()).toBe(2);
  // autorun=1 started the run once; the reload must not start another.
  expect(await page.evaluate(() => document.body.dataset.runState)).toBeUndefined();
  expect(new URL(page.url()).hash).not.toContain('autorun');
  await page.getByRole('button', { name: 'Continue the interrupted run' }).click();
  const resumed = validateRunLog(await waitForRun(page));
  expect(resumed.status).toBe('done');
  expect(await lineageIds(page)).toEqual(resumed.candidates.map((c) => c.id));
  // One run in the library, not two.
  expect(await page.locator('successor-app run-library li').count()).toBe(1);

  expect(h.consoleErrors).toEqual([]);
  return { resumed, whole: await whole };
}

describe('resuming after a reload', () => {
  it('offers to continue an interrupted run, and continuing gives the same run as never stopping', async () => {
    const { resumed, whole } = await continuedAndWhole(CONFIG);
    expect(withoutTimes({ ...resumed, createdAt: '' })).toEqual(withoutTimes({ ...whole, createdAt: '' }));
  });

  it("continues a pbt run with its members' weights and optimizer states: the same run as never stopping", async () => {
    const { resumed, whole } = await continuedAndWhole(PBT);
    expect(resumed.candidates.some((c) => c.generation >= 2 && c.inherited)).toBe(true);
    // No notice that weights or optimizer states were missing.
    expect((await h!.page.locator('successor-app p.hint').allTextContents()).join(' ')).not.toMatch(
      /were not saved with this run/,
    );
    expect(withoutTimes({ ...resumed, createdAt: '' })).toEqual(withoutTimes({ ...whole, createdAt: '' }));
  });
});
