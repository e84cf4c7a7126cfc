/**
 * The run library: export then import gives back an identical run; a corrupt
 * or foreign file is refused with a message saying what is wrong and the
 * library is unchanged; runs compare on one chart; open and delete work; and
 * a digits champion's predictions are drawn with its mistakes marked.
 *
 * Runs here train on tfjs's CPU backend to keep the suite short: the library
 * never looks at the backend (WebGPU runs are covered by ui-lab).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runLogToCsv, validateRunLog, type RunLog } from '../../src/core/runlog';
import { openApp, waitForRun, type Harness } from './page-harness';
import { download, drawnChart, lineageIds } from './ui-helpers';

const baseUrl = inject('baseUrl');
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const entries = () => h!.page.locator('successor-app run-library li');

async function importFile(name: string, text: string): Promise<void> {
  await h!.page
    .locator('successor-app run-library input[type=file]')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

describe('the run library', () => {
  it('exports and re-imports a run identically, refuses bad files, compares, opens and deletes runs', async () => {
    h = await openApp(
      baseUrl,
      '#task=moons&proposer=random&generations=3&population=2&steps=40&seed=3&backend=cpu&autorun=1',
    );
    const page = h.page;
    const first = validateRunLog(await waitForRun(page));
    await expect.poll(() => entries().count()).toBe(1);
    const label = 'moons · random · seed 3';

    // Export: the JSON is the run log exactly; the CSV has one row per candidate.
    const json = await download(page, page.getByRole('button', { name: `Export ${label} as JSON` }));
    expect(json.name).toMatch(/^successor-moons-random-seed3-.*\.json$/);
    expect(JSON.parse(json.text)).toEqual(JSON.parse(JSON.stringify(first)));
    const csv = await download(page, page.getByRole('button', { name: `Export ${label} as CSV` }));
    expect(csv.text).toBe(runLogToCsv(first));

    // Refused: not JSON, JSON that is not a run log, a run log with a broken reference.
    const refused: [string, string, RegExp][] = [
      ['broken.json', json.text.slice(0, 200), /Could not import “broken.json”: it is not JSON/],
      [
        'foreign.json',
        '{"name": "some other tool", "items": [1, 2]}',
        /schemaVersion: missing: this is not a Successor run log/,
      ],
      [
        'tampered.json',
        JSON.stringify({
          ...first,
          candidates: first.candidates.map((c, i) => (i === 1 ? { ...c, parentId: 99 } : c)),
        }),
        /candidates\[1\]\.parentId/,
      ],
    ];
    for (const [name, text, message] of refused) {
      await importFile(name, text);
      await expect.poll(() => page.locator('successor-app run-library [role=alert]').textContent()).toMatch(message);
      expect(await page.locator('successor-app run-library [role=alert]').textContent()).toContain(
        'The library is unchanged',
      );
      expect(await entries().count()).toBe(1);
    }

    // Import the export: a new entry whose own export is byte-identical.
    await importFile(json.name, json.text);
    await expect.poll(() => entries().count()).toBe(2);
    const imported = page.locator('successor-app run-library li', { hasText: 'imported' });
    const again = await download(page, imported.getByRole('button', { name: `Export ${label} as JSON` }));
    expect(again.text).toBe(json.text);

    // A second run, self-adaptive on the same seed, started from the page.
    await page.locator('successor-app run-controls select[name=proposer]').selectOption('self-adaptive');
    expect(new URL(page.url()).hash).toContain('proposer=self-adaptive');
    await page.getByRole('button', { name: 'Start' }).click();
    const second: RunLog = validateRunLog(await waitForRun(page));
    expect(second.config.proposer).toBe('self-adaptive');
    await expect.poll(() => entries().count()).toBe(3);

    // Compare random against self-adaptive on one chart.
    await page
      .getByRole('checkbox', { name: `Compare ${label}` })
      .first()
      .check();
    await page.getByRole('checkbox', { name: 'Compare moons · self-adaptive · seed 3' }).check();
    await page.getByRole('button', { name: 'Compare selected (2)' }).click();
    // Held-out first: each run's champion test accuracy is its solid line, validation (selected on) thin and dotted after it.
    const legend = await page.locator('successor-app compare-chart .legend li').allTextContents();
    const heldOut = legend.filter((l) => l.endsWith(': held-out (test)'));
    expect(heldOut.map((l) => l.replace(': held-out (test)', '')).sort()).toEqual([
      'random · seed 3 · moons',
      'self-adaptive · seed 3 · moons',
    ]);
    expect(legend).toEqual(heldOut.flatMap((l) => [l, l.replace('held-out (test)', 'validation')]));
    const drawn = await drawnChart(page.locator('successor-app compare-chart'));
    const testCurve = (log: RunLog) => log.generations.map((g) => 100 * g.championTestAccuracy);
    const byLabel = { 'random · seed 3 · moons': first, 'self-adaptive · seed 3 · moons': second };
    heldOut.forEach((l, i) => {
      const log = byLabel[l.replace(': held-out (test)', '') as keyof typeof byLabel];
      expect(drawn.data[1 + 2 * i]).toEqual(testCurve(log));
      expect(drawn.data[2 + 2 * i]).toEqual(log.generations.map((g) => 100 * g.championValAccuracy));
      expect(drawn.series[1 + 2 * i].dashed).toBe(false);
      expect(drawn.series[2 + 2 * i].dashed).toBe(true);
      expect(drawn.series[1 + 2 * i].width).toBeGreaterThan(drawn.series[2 + 2 * i].width);
    });

    // Open the imported run: the page shows its candidates.
    await imported.getByRole('button', { name: `Open ${label}` }).click();
    // Poll the status first: the run on screen before (self-adaptive, same seed) has the same candidate ids,
    // so the lineage alone cannot tell that the imported run has opened.
    await expect.poll(() => page.locator('successor-app [role=status]').textContent()).toContain('Viewing a saved run');
    await expect.poll(() => lineageIds(page)).toEqual(first.candidates.map((c) => c.id));
    expect(new URL(page.url()).hash).toContain('proposer=random');

    // Delete asks twice, then the entry is gone.
    await imported.getByRole('button', { name: `Delete ${label}` }).click();
    await imported.getByRole('button', { name: `Really delete ${label}` }).click();
    await expect.poll(() => entries().count()).toBe(2);
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });

  it('draws a digits champion’s predictions on test digits, mistakes marked', async () => {
    h = await openApp(
      baseUrl,
      '#task=digits&proposer=hillclimb&generations=1&population=1&steps=30&seed=2&backend=cpu&autorun=1',
    );
    const log = validateRunLog(await waitForRun(h.page));
    const items = h.page.locator('successor-app digit-predictions li');
    await items.first().waitFor();
    const n = await items.count();
    expect(n).toBe(60);
    const wrong = await h.page.locator('successor-app digit-predictions li.wrong').count();
    // The seed model after 30 steps gets most, not all, digits right.
    expect(wrong).toBeGreaterThan(0);
    expect(wrong).toBeLessThan(n);
    expect(await h.page.locator('successor-app digit-predictions li.wrong').first().getAttribute('aria-label')).toMatch(
      /answered \d, is \d/,
    );
    expect(log.generations[0].championTestAccuracy).toBeGreaterThan(0.3);
    expect(h.consoleErrors).toEqual([]);
  });
});
