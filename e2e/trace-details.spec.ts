// The trace view after a drop (hops never reached look and read so), the hop's own
// data-plane checks, the HTTP request of URL traces, and the layout worker.

import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

const scenario = getScenario('vxlan-mtu-blackhole')!;
const query = scenario.queries[0]!;
const source = `scenario:${scenario.slug}`;
const result = traceRoute(loadModel(scenarioSnapshot(scenario)), query);
const unreached = result.hops.filter((h) => h.reached === false);
const withVerify = result.hops.find((h) => h.reached !== false && (h.verify?.length ?? 0) > 0);

test('hops after the drop are drawn, listed and explained as not reached', async ({ page }) => {
  expect(result.verdict).toBe('dropped');
  expect(unreached.length).toBeGreaterThan(0);
  const first = unreached[0]!;
  await page.goto(traceUrl(source, query));
  await waitForCanvas(page);

  // Canvas: not colour alone, the card says it in words; reached hops do not.
  const card = page.locator(`button[data-hop="${first.id}"]`);
  await expect(card).toHaveAttribute('data-reached', 'false');
  await expect(card).toContainText('not reached');
  await expect(card).toHaveAttribute('aria-label', /not reached/);
  await expect(page.locator(`button[data-hop="${result.hops[0]!.id}"]`)).toHaveAttribute(
    'data-reached',
    'true',
  );
  // The edge into the first unreached hop is dashed.
  const dash = await page
    .locator(`.react-flow__edge[data-id$="-${first.id}"] path`)
    .first()
    .evaluate((p) => (p as SVGPathElement).style.strokeDasharray);
  expect(dash).not.toBe('');

  // Hop list (no hop selected): the same hops marked in words.
  const listed = page.locator('aside[aria-label="Hop details"] li[data-reached="false"]');
  await expect(listed).toHaveCount(unreached.length);
  await expect(listed.first()).toContainText('not reached');

  // Hop panel.
  await card.click();
  const panel = page.getByTestId('hop-panel');
  await expect(panel).toHaveAttribute('data-reached', 'false');
  await expect(panel.getByRole('note')).toContainText('Not reached');
});

test("a hop's own verify commands are listed with copy buttons", async ({ page, context }) => {
  expect(withVerify).toBeDefined();
  const hop = withVerify!;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(traceUrl(source, query, hop.id));
  const verify = page.getByTestId('hop-panel').getByTestId('hop-verify');
  await expect(verify.locator('li')).toHaveCount(hop.verify!.length);
  await verify.getByRole('button', { name: `Copy: ${hop.verify![0]}` }).click();
  await expect(verify.getByText('✓ Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hop.verify![0]);
});

test('a URL trace carries method and header lines in the URL, the form and the API', async ({
  page,
  request,
}) => {
  const gateway = getScenario('gateway-canary')!;
  const q = gateway.queries[0]!;
  await page.goto(traceUrl(`scenario:${gateway.slug}`, q));
  await waitForCanvas(page);
  await page.getByTestId('trace-advanced').locator('summary').click();
  await page.getByLabel('Method').fill('post');
  await page.getByLabel('Headers, one per line').fill('X-Canary: always\nX-Team: api');
  await page.getByRole('button', { name: 'Trace', exact: true }).click();
  await expect(page).toHaveURL(/method=post/i);
  await waitForCanvas(page);
  const url = new URL(page.url());
  expect(url.searchParams.getAll('header').join('\n')).toContain('X-Canary: always');
  // The form shows what is set even when its disclosure is closed.
  await expect(page.getByTestId('trace-advanced').locator('summary')).toHaveText(/POST, 2 headers/);

  const api = await request.get(`/api/trace?${url.searchParams.toString()}`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { query?: { method?: string; headers?: Record<string, string> } };
  expect(body.query?.method).toBe('POST');
  expect(body.query?.headers).toMatchObject({ 'X-Canary': 'always', 'X-Team': 'api' });

  const bad = await request.get(
    `/api/trace?source=scenario:${gateway.slug}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}&header=no-colon-here`,
  );
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: 'invalid query' });
});

test('the path is laid out by ELK in a Web Worker served from our origin', async ({ page }) => {
  const worker = page.waitForEvent('worker');
  await page.goto(traceUrl(source, query));
  expect(new URL((await worker).url()).pathname).toBe('/elk-worker.js');
  await waitForCanvas(page);
});
