// Every built-in scenario: its first query opens from the home page, shows the
// engine's verdict and highlights the hop where the packet dies (or the worst finding).
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { culpritHop } from '../components/trace/path-graph';
import { scenarios, waitForCanvas } from './helpers';

const shots = 'e2e-output/screenshots';
mkdirSync(shots, { recursive: true });

for (const scenario of scenarios) {
  test(`scenario ${scenario.slug}: first query shows its verdict and culprit hop`, async ({ page }) => {
    const query = scenario.queries[0]!;
    const expected = traceRoute(loadModel(scenarioSnapshot(scenario)), query);
    const culprit = culpritHop(expected);

    await page.goto('/');
    await page
      .locator(`[data-scenario="${scenario.slug}"]`)
      .getByRole('link', { name: /^Trace:/ })
      .click();
    await expect(page).toHaveURL(/\/trace\?/);
    await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', expected.verdict);
    await waitForCanvas(page);
    await expect(page.locator('[data-hop]')).toHaveCount(expected.hops.length);
    if (culprit) {
      const hop = page.locator(`button[data-hop="${culprit}"]`);
      await expect(hop).toHaveAttribute('data-culprit', 'true');
      await expect(hop).not.toHaveAttribute('data-severity', 'none');
      await expect(hop).toBeInViewport();
    } else {
      await expect(page.locator('[data-culprit]')).toHaveCount(0);
    }
    await page.screenshot({ path: `${shots}/${scenario.slug}.png` });
  });
}
