// The policy hop on a Calico cluster lists the tiers and policies the packet went
// through, each verdict in words, the deciding rule marked in text, and opens the
// policy's YAML.

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

const scenario = getScenario('calico-tier-pass-missing-policy')!;
const query = scenario.queries[0]!;
const source = `scenario:${scenario.slug}`;
const result = traceRoute(loadModel(scenarioSnapshot(scenario)), query);
const ingress = result.hops.find((h) => h.kind === 'policy-ingress')!;
const egress = result.hops.find((h) => h.kind === 'policy-egress')!;

test('the dropping ingress hop shows platform Pass, then the end of tier application', async ({ page }) => {
  await page.goto(traceUrl(source, query, ingress.id));
  await waitForCanvas(page);
  const chain = page.getByTestId('hop-panel').getByTestId('policy-chain');
  await expect(chain.getByRole('heading', { name: 'Policy tiers, in order' })).toBeVisible();
  const tiers = chain.locator(':scope > ol > li');
  await expect(tiers).toHaveCount(2);
  await expect(tiers.nth(0)).toContainText('Tier platform, order 100: passes to the next tier');
  await expect(tiers.nth(0)).toContainText('platform.pass-shop');
  await expect(tiers.nth(1)).toContainText(
    'Tier application, order 500: no rule matched: the tier’s default action denies',
  );
  await expect(tiers.nth(1)).toContainText('(decides)');
  await expect(tiers.nth(1)).toContainText('application.shop-default-deny');
});

test('the egress hop marks the deciding rule and links the policy YAML', async ({ page }) => {
  await page.goto(traceUrl(source, query, egress.id));
  await waitForCanvas(page);
  const chain = page.getByTestId('hop-panel').getByTestId('policy-chain');
  const deciding = chain.locator('li[data-deciding="true"]');
  await expect(deciding).toHaveCount(1);
  await expect(deciding).toContainText('application.web-egress');
  await expect(deciding).toContainText('spec.egress[1]');
  await expect(deciding).toContainText('← deciding rule');
  await deciding.getByRole('link', { name: /application\.web-egress/ }).click();
  const dialog = page.getByRole('dialog', { name: /YAML of NetworkPolicy shop\/application\.web-egress/ });
  await expect(dialog).toContainText('apiVersion: projectcalico.org/v3');
  await expect(dialog).toContainText('tier: application');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the tier chain (${theme}) has no serious or critical axe violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(traceUrl(source, query, egress.id));
    await waitForCanvas(page);
    await expect(page.getByTestId('policy-chain')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="policy-chain"]').analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')})`,
      ),
    ).toEqual([]);
  });
}
