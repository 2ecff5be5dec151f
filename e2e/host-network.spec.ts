// Host-network pods on the trace canvas: drawn in their node's lane with no veth hop,
// marked "host network", and the endpoint hop panel states the source address the
// backend sees (here the Prometheus node, after Calico natOutgoing).

import { expect, test, type Locator, type Page } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

const scenario = getScenario('hostnetwork-exporter-node-cidr')!;
const source = `scenario:${scenario.slug}`;
const model = loadModel(scenarioSnapshot(scenario));

async function inside(page: Page, inner: Locator, lane: string): Promise<boolean> {
  const a = await inner.boundingBox();
  const b = await page.locator(`[data-lane="${lane}"]`).first().boundingBox();
  if (!a || !b) return false;
  return (
    a.x >= b.x - 1 &&
    a.y >= b.y - 1 &&
    a.x + a.width <= b.x + b.width + 1 &&
    a.y + a.height <= b.y + b.height + 1
  );
}

test('a host-network destination is drawn in its node lane without a veth, and the panel shows the source it sees', async ({
  page,
}) => {
  const query = scenario.queries[0]!;
  const result = traceRoute(model, query);
  const end = result.hops.at(-1)!;
  expect(end.kind).toBe('endpoint');
  await page.goto(traceUrl(source, query));
  await waitForCanvas(page);

  const card = page.locator(`button[data-hop="${end.id}"]`);
  await expect(card).toHaveAttribute('data-host-network', 'true');
  await expect(card).toContainText('host network');
  await expect(card).toHaveAttribute('aria-label', /host network: no veth/);
  expect(await inside(page, card, end.node!)).toBe(true);
  // No veth in the exporter's node lane: the pod is the node.
  for (const veth of await page.locator('button[data-kind="veth"]').all())
    expect(await inside(page, veth, end.node!)).toBe(false);

  await card.click();
  const panel = page.getByTestId('hop-panel');
  await expect(panel.getByTestId('hop-seen-source')).toContainText(
    end.facts!['source address the backend sees']!,
  );
});

test('a host-network source starts in its node lane with no veth hop at all', async ({ page }) => {
  const query = scenario.queries[2]!;
  const result = traceRoute(model, query);
  const first = result.hops[0]!;
  await page.goto(traceUrl(source, query));
  await waitForCanvas(page);
  const card = page.locator(`button[data-hop="${first.id}"]`);
  await expect(card).toHaveAttribute('data-host-network', 'true');
  expect(await inside(page, card, first.node!)).toBe(true);
  await expect(page.locator('button[data-kind="veth"]')).toHaveCount(0);
});
