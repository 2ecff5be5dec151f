// A tour walks the hops of a trace step by step; it can be completed by keyboard alone,
// every step has its own URL, and the graph highlights the current hop.

import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { culpritHop } from '../components/trace/path-graph';
import { getScenario, scenarios, traceUrl, waitForCanvas } from './helpers';

const scenario = scenarios[0]!;
const base = `/tour?source=${encodeURIComponent(`scenario:${scenario.slug}`)}`;

test('the home page links to each scenario tour', async ({ page }) => {
  await page.goto('/');
  for (const s of scenarios) {
    await expect(page.locator(`[data-scenario="${s.slug}"] a[href^="/tour?"]`)).toHaveCount(1);
  }
});

test('a tour can be completed with the keyboard only', async ({ page }) => {
  await page.goto(base);
  await waitForCanvas(page);
  const progress = page.getByTestId('tour-progress');
  await expect(progress).toHaveText(/^Step 1 of \d+$/);
  const total = Number((await progress.textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThan(3);

  for (let n = 2; n <= total; n++) {
    await page.keyboard.press('ArrowRight');
    await expect(progress).toHaveText(`Step ${n} of ${total}`);
    await expect(page).toHaveURL(new RegExp(`step=${n}(&|$)`));
    // A hop's step, or the fix step after the culprit hop.
    const hopStep = page.locator('article[data-step-type="hop"], article[data-step-type="fix"]');
    if (await hopStep.count()) {
      // The graph highlights exactly the hop this step explains.
      await expect(page.locator('button[data-hop][aria-pressed="true"]')).toHaveCount(1);
    }
  }
  await expect(page.getByTestId('tour-complete')).toBeVisible();
  await expect(page.getByTestId('tour-verdict')).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await expect(progress).toHaveText(`Step ${total} of ${total}`);
  await page.keyboard.press('Home');
  await expect(progress).toHaveText(`Step 1 of ${total}`);
  await page.keyboard.press('End');
  await expect(progress).toHaveText(`Step ${total} of ${total}`);
  await page.keyboard.press('ArrowLeft');
  await expect(progress).toHaveText(`Step ${total - 1} of ${total}`);
});

test('each step has a deep link', async ({ page }) => {
  await page.goto(`${base}&step=3`);
  await waitForCanvas(page);
  await expect(page.getByTestId('tour-progress')).toHaveText(/^Step 3 of \d+$/);
  await expect(page.locator('button[data-hop][aria-pressed="true"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/step=4/);
});

test('a tour over a query on any source walks the same hops', async ({ page }) => {
  const q = scenario.queries[0]!;
  const params = new URLSearchParams({
    source: `scenario:${scenario.slug}`,
    from: q.from,
    to: q.to,
    step: '2',
  });
  if (q.port !== undefined) params.set('port', String(q.port));
  await page.goto(`/tour?${params}`);
  await waitForCanvas(page);
  await expect(page.locator('article[data-step-type="hop"]')).toBeVisible();
  await expect(page.getByTestId('tour-commands')).toBeAttached();
});

test('clicking a hop on the graph jumps to its step', async ({ page }) => {
  await page.goto(base);
  await waitForCanvas(page);
  // Its step follows the intro.
  const hop = page.locator('button[data-hop]').nth(1);
  const position = Number((await hop.getAttribute('aria-label'))!.match(/^Hop (\d+):/)![1]);
  await hop.click();
  await expect(page.getByTestId('tour-progress')).toHaveText(new RegExp(`^Step ${position + 1} of \\d+$`));
  await expect(hop).toHaveAttribute('aria-pressed', 'true');
});

test('the culprit is revealed when the tour reaches it, not before', async ({ page }) => {
  const result = traceRoute(loadModel(scenarioSnapshot(scenario)), scenario.queries[0]!);
  const culprit = culpritHop(result)!;
  const position = result.hops.findIndex((h) => h.id === culprit) + 1;
  await page.goto(base);
  await waitForCanvas(page);
  // The first step draws the whole path, but no hop is marked yet and the cause is not told.
  await expect(page.locator('button[data-hop]')).toHaveCount(result.hops.length);
  await expect(page.locator('button[data-hop][data-severity="error"]')).toHaveCount(0);
  await expect(page.getByTestId('tour-reveal')).toHaveCount(0);
  await page.goto(`${base}&step=${position + 1}`);
  await waitForCanvas(page);
  await expect(page.locator(`button[data-hop="${culprit}"]`)).toHaveAttribute('data-severity', 'error');
  await expect(page.getByTestId('tour-reveal')).toBeVisible();
});

// Every step fitting its panel at 1440×900 and 1280×720: e2e/tour-fit.spec.ts.

test('the home page reaches the tours by keyboard at the second Tab stop', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the guided tours' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tour$/);
  await expect(page.getByRole('heading', { name: 'Tours', level: 1 })).toBeVisible();
});

test('the intro step opens the graph at the first hop, while the trace page opens at the culprit', async ({
  page,
}) => {
  // A path too long to fit, so the canvas has to choose where to look.
  const long = getScenario('gateway-canary')!;
  const source = `scenario:${long.slug}`;
  const result = traceRoute(loadModel(scenarioSnapshot(long)), long.queries[0]!);
  const first = `button[data-hop="${result.hops[0]!.id}"]`;
  const culprit = `button[data-hop="${culpritHop(result)!}"]`;
  const inCanvas = async (selector: string) => {
    const canvas = (await page.getByTestId('trace-canvas').boundingBox())!;
    const hop = (await page.locator(selector).boundingBox())!;
    return hop.y >= canvas.y && hop.y + hop.height <= canvas.y + canvas.height;
  };

  await page.goto(`/tour?source=${encodeURIComponent(source)}`);
  await waitForCanvas(page);
  await expect(page.getByTestId('tour-progress')).toHaveText(/^Step 1 of \d+$/);
  await expect.poll(() => inCanvas(first)).toBe(true);

  await page.goto(traceUrl(source, long.queries[0]!));
  await waitForCanvas(page);
  await expect.poll(() => inCanvas(culprit)).toBe(true);
  expect(await inCanvas(first)).toBe(false);
});
