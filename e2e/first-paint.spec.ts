// The path is in the page's first HTML: a tour's first step and a trace page show their
// hops before the page's scripts have run, never an empty canvas or "Drawing the path…".
// The app's script files are refused, so what is checked is the server's HTML as the
// browser first paints it (the inline scripts that reveal streamed parts still run; no
// hydration, no ELK), whatever the machine's speed.

import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { tourHref } from '../components/tour/tour-href';
import { sourceId } from '../lib/model/source-id';
import { scenarios, traceUrl, waitForCanvas } from './helpers';

/** No script file of the app loads in `context`: pages stay as the server rendered them. */
async function withoutAppScripts(context: BrowserContext): Promise<void> {
  await context.route('**/_next/static/**/*.js', (route) => route.abort());
}

async function expectPathPainted(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  const canvas = page.getByTestId('trace-canvas');
  await expect(canvas, url).toHaveAttribute('data-ready', 'false');
  await expect(canvas.locator('[data-hop]').first(), url).toBeVisible();
  await expect(page.getByText('Drawing the path…'), url).toHaveCount(0);
}

test.describe('before hydration', () => {
  test.beforeEach(({ context }) => withoutAppScripts(context));

  test("each tour's first step shows its path", async ({ page }) => {
    for (const s of scenarios) await expectPathPainted(page, tourHref(sourceId('scenario', s.slug)));
  });

  test('each scenario trace page shows its path', async ({ page }) => {
    for (const s of scenarios) {
      const { label: _label, ...query } = s.queries[0]!;
      await expectPathPainted(page, traceUrl(sourceId('scenario', s.slug), query));
    }
  });
});

test('ELK’s layout lands on the first drawing’s places: no hop moves', async ({ browser }) => {
  const s = scenarios.find((x) => x.slug === 'client-ip-lost-etp-cluster')!;
  const { label: _label, ...query } = s.queries[0]!;
  const url = traceUrl(sourceId('scenario', s.slug), query);
  // Each node's place in its lane (React Flow's transform), in DOM order.
  const places = (page: Page) =>
    page
      .locator('.react-flow__node')
      .evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-id')} ${(el as HTMLElement).style.transform}`),
      );

  const html = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await withoutAppScripts(html);
  const first = await html.newPage();
  await first.goto(url);
  await expect(first.locator('[data-hop]').first()).toBeVisible();
  const painted = await places(first);
  await html.close();

  // At 1440 px the canvas is as wide as the server assumes, so ELK picks the same rows.
  const live = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await live.newPage();
  await page.goto(url);
  await waitForCanvas(page);
  expect(await page.getByTestId('trace-canvas').evaluate((el) => Math.floor(el.clientWidth / 40) * 40)).toBe(
    880,
  );
  const laid = await places(page);
  await live.close();

  expect(painted.length).toBeGreaterThan(10);
  expect(laid).toEqual(painted);
});
