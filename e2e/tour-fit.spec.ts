// Every step of every tour fits its panel at 1440×900 and 1280×720: the step's text needs no
// scrolling and the panel, Back and Next stay inside the window. What does not fit is folded
// (commands, evidence, the lesson at the culprit) and opens on demand, by mouse or keyboard.

import { expect, test, type Page } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { culpritHop } from '../components/trace/path-graph';
import { scenarios, waitForCanvas } from './helpers';

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

const tourOf = (slug: string) => `/tour?source=${encodeURIComponent(`scenario:${slug}`)}`;

/** Waits for step `n` to be drawn: its article and its heading. */
async function atStep(page: Page, n: number) {
  await expect(page.locator(`article[data-step="${n}"]`)).toBeVisible();
  await expect(page.locator('#tour-step-title')).toBeVisible();
}

async function expectFits(page: Page, label: string, viewport: { width: number; height: number }) {
  const scroll = page.getByTestId('tour-step-scroll');
  const { scrollHeight, clientHeight } = await scroll.evaluate((el) => ({
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
  }));
  expect(scrollHeight, `${label}: the step scrolls inside its panel`).toBeLessThanOrEqual(clientHeight);
  const panel = (await page.getByTestId('tour-step-panel').boundingBox())!;
  expect(panel.y, `${label}: panel above the window`).toBeGreaterThanOrEqual(0);
  expect(panel.x, `${label}: panel left of the window`).toBeGreaterThanOrEqual(0);
  expect(panel.y + panel.height, `${label}: panel below the window`).toBeLessThanOrEqual(viewport.height);
  expect(panel.x + panel.width, `${label}: panel right of the window`).toBeLessThanOrEqual(viewport.width);
  const pageScrolls = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
  expect(pageScrolls, `${label}: the page scrolls`).toBe(false);
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    for (const scenario of scenarios) {
      test(`every step of the ${scenario.slug} tour fits its panel`, async ({ page }) => {
        await page.goto(tourOf(scenario.slug));
        // The graph drawn means the page is hydrated: the arrow keys turn the steps.
        await waitForCanvas(page);
        const progress = page.getByTestId('tour-progress');
        const total = Number((await progress.textContent())!.match(/of (\d+)/)![1]);
        for (let n = 1; n <= total; n++) {
          if (n > 1) await page.keyboard.press('ArrowRight');
          await expect(progress).toHaveText(`Step ${n} of ${total}`);
          await atStep(page, n);
          await expectFits(page, `step ${n} of ${total}`, viewport);
        }
      });
    }
  });
}

test.describe('folded content opens on demand', () => {
  const scenario = scenarios[0]!;
  const result = traceRoute(loadModel(scenarioSnapshot(scenario)), scenario.queries[0]!);
  const culpritStep = result.hops.findIndex((h) => h.id === culpritHop(result)) + 2;

  test('text stays at a readable size', async ({ page }) => {
    await page.goto(`${tourOf(scenario.slug)}&step=${culpritStep + 1}`);
    await atStep(page, culpritStep + 1);
    const sizes = await page
      .locator('article[data-step] p, article[data-step] summary')
      .evaluateAll((els) =>
        els
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => parseFloat(getComputedStyle(el).fontSize)),
      );
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  });

  test("a hop's commands open from the keyboard and each can be copied", async ({ page }) => {
    await page.goto(`${tourOf(scenario.slug)}&step=2`);
    await waitForCanvas(page);
    await atStep(page, 2);
    const fold = page.getByTestId('tour-commands');
    const summary = fold.locator('summary');
    await expect(summary).toHaveText(/^Show commands \((\d+)\)$/);
    const count = Number((await summary.textContent())!.match(/\((\d+)\)/)![1]);
    await expect(page.getByTestId('tour-command').first()).toBeHidden();
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(fold).toHaveAttribute('open', '');
    await expect(page.getByTestId('tour-command')).toHaveCount(count);
    for (const cmd of await page.getByTestId('tour-command').all()) await expect(cmd).toBeVisible();
    const first = (await page.getByTestId('tour-command').first().textContent())!;
    await expect(fold.getByRole('button', { name: `Copy: ${first}` })).toBeVisible();
  });

  test('the culprit step tells the cause, and the step after it gives Fix first with its commands', async ({
    page,
  }) => {
    await page.goto(`${tourOf(scenario.slug)}&step=${culpritStep}`);
    await waitForCanvas(page);
    await atStep(page, culpritStep);
    await expect(page.getByTestId('tour-reveal')).toBeVisible();
    await expect(page.getByTestId('tour-fix-next')).toBeVisible();
    // The lesson of the culprit hop is folded whole, and opens.
    const lesson = page.getByTestId('tour-lesson-fold');
    await lesson.locator('summary').first().click();
    await expect(lesson.getByRole('heading', { name: 'What it is' })).toBeVisible();

    await page.keyboard.press('ArrowRight');
    await atStep(page, culpritStep + 1);
    await expect(page.locator(`article[data-step="${culpritStep + 1}"]`)).toHaveAttribute(
      'data-step-type',
      'fix',
    );
    // The same hop stays highlighted on the graph.
    await expect(page.locator(`button[data-hop="${culpritHop(result)}"]`)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const card = page.locator('article[data-fix-first="true"]').first();
    await expect(card.getByTestId('finding-fix')).toBeVisible();
    const commands = card.getByTestId('finding-commands');
    await expect(card.getByTestId('verify-command').first()).toBeHidden();
    await commands.locator('summary').click();
    await expect(card.getByTestId('verify-command').first()).toBeVisible();
    await expect(commands.getByRole('button', { name: /^Copy: / }).first()).toBeVisible();
  });

  test('summary findings open under their titles', async ({ page }) => {
    await page.goto(`${tourOf(scenario.slug)}&step=999`);
    await waitForCanvas(page);
    const first = page.locator('details[data-finding-fold="card"]').first();
    await expect(first).toBeVisible();
    await expect(first.getByTestId('finding-fix')).toBeHidden();
    await first.locator(':scope > summary').click();
    await expect(first.getByTestId('finding-fix')).toBeVisible();
  });
});
