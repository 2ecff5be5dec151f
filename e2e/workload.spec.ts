import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

// A trace from a Deployment whose replicas sit on two nodes, one beside db: the page
// says how every replica fares, draws the worst, and switches replicas through the URL.
const scenario = getScenario('vxlan-mtu-web-replicas')!;
const source = `scenario:${scenario.slug}`;
const query = scenario.queries[0]!;
const expected = traceRoute(loadModel(scenarioSnapshot(scenario)), query);
const replicas = expected.replicas!;
const beside = replicas.find((r) => r.verdict === 'delivered')!;

test('the replica summary says how every replica fares and the worst is drawn', async ({ page }) => {
  await page.goto(traceUrl(source, query));
  const summary = page.getByRole('region', { name: 'Replicas' });
  await expect(summary.getByTestId('replica-headline')).toHaveText(
    '2 of 3 replicas dropped at the encapsulation — worker-1; 1 delivered — worker-2',
  );
  await expect(summary.locator('[data-replica-verdict="dropped"]')).toHaveCount(2);
  await expect(summary.locator('[aria-current="true"]')).toHaveCount(1);
  await expect(
    summary.locator(`[data-replica="${expected.workload!.drawn}"] [aria-current="true"]`),
  ).toBeVisible();
  await waitForCanvas(page);
  await expect(page.locator('section[aria-label="Verdict"]')).toHaveAttribute('data-verdict', 'dropped');
});

test('switching replicas redraws the path and keeps the choice in the URL', async ({ page }) => {
  await page.goto(traceUrl(source, query));
  const summary = page.getByRole('region', { name: 'Replicas' });
  await summary.locator(`[data-replica="${beside.pod}"] a`).click();
  await expect(page).toHaveURL(
    new RegExp(`replica=${encodeURIComponent(beside.pod).replace(/%2F/, '(%2F|/)')}`),
  );
  await expect(page.locator('section[aria-label="Verdict"]')).toHaveAttribute('data-verdict', 'delivered');
  await expect(summary.getByTestId('drawn-replica')).toHaveText(beside.pod);
  await waitForCanvas(page);
  // The summary still covers every replica.
  await expect(summary.locator('li[data-replica]')).toHaveCount(replicas.length);
  await page.goBack();
  await expect(page.locator('section[aria-label="Verdict"]')).toHaveAttribute('data-verdict', 'dropped');
});

test('the From picker offers the Deployment first, and picking it traces every replica', async ({ page }) => {
  await page.goto(`/trace?source=${encodeURIComponent(source)}&from=x&to=y`);
  const from = page.getByRole('combobox', { name: 'From', exact: true });
  await from.fill('web');
  const first = page.getByRole('listbox', { name: 'From suggestions' }).getByRole('option').first();
  await expect(first).toContainText('shop/web');
  await expect(first).toHaveAttribute('data-kind', 'workload');
  await from.press('ArrowDown');
  await from.press('Enter');
  await expect(from).toHaveValue('deploy:shop/web');

  // Choosing a Service fills its port and says which.
  const to = page.getByRole('combobox', { name: 'To', exact: true });
  await to.fill('shop/db');
  const db = page
    .getByRole('listbox', { name: 'To suggestions' })
    .getByRole('option', { name: /svc.*shop\/db\b/ });
  await db.first().click();
  await expect(to).toHaveValue('svc:shop/db');
  await expect(page.getByRole('spinbutton', { name: 'Port' })).toHaveValue('5432');
  await expect(
    page.getByRole('status').filter({ hasText: 'Port 5432 (postgres, TCP) filled in from svc:shop/db' }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.getByTestId('replica-headline')).toContainText('2 of 3 replicas dropped');
});

for (const theme of ['light', 'dark'] as const) {
  test(`a workload trace with the picker open has no serious axe violations (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(traceUrl(source, query));
    await waitForCanvas(page);
    await page.getByRole('combobox', { name: 'From', exact: true }).fill('web');
    await expect(
      page.getByRole('listbox', { name: 'From suggestions' }).getByRole('option').first(),
    ).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
