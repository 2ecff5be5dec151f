// The policy hop on a Cilium cluster lists the stages the packet went through (Cilium deny
// rules before every allow, docs.cilium.io/en/stable/security/policy/language/#deny-policies),
// each verdict in words, the deciding rule marked in text, and opens the policy's YAML.

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

function egressHop(slug: string) {
  const scenario = getScenario(slug)!;
  const query = scenario.queries[0]!;
  const result = traceRoute(loadModel(scenarioSnapshot(scenario)), query);
  const hop = result.hops.find((h) => h.kind === 'policy-egress')!;
  return { url: traceUrl(`scenario:${scenario.slug}`, query, hop.id) };
}

test('the egressDeny to world decides the egress hop and links the clusterwide policy', async ({ page }) => {
  await page.goto(egressHop('cilium-egress-deny-world').url);
  await waitForCanvas(page);
  const chain = page.getByTestId('hop-panel').getByTestId('policy-chain');
  await expect(chain.getByRole('heading', { name: 'Policy stages, in order' })).toBeVisible();
  const stages = chain.locator(':scope > ol > li');
  await expect(stages).toHaveCount(1);
  await expect(stages.nth(0)).toContainText('Cilium deny rules: denies');
  await expect(stages.nth(0)).toContainText('(decides)');
  const deciding = chain.locator('li[data-deciding="true"]');
  await expect(deciding).toHaveCount(1);
  await expect(deciding).toContainText('block-internet-egress');
  await expect(deciding).toContainText('spec.egressDeny[0]');
  await expect(deciding).toContainText('← deciding rule');
  await deciding.getByRole('link', { name: /block-internet-egress/ }).click();
  const dialog = page.getByRole('dialog', { name: /YAML of CiliumClusterwideNetworkPolicy/ });
  await expect(dialog).toContainText('apiVersion: cilium.io/v2');
  await expect(dialog).toContainText('egressDeny');
});

test('with the fix the deny stage does not match and the NetworkPolicy allow decides', async ({ page }) => {
  await page.goto(egressHop('cilium-egress-deny-world-fixed').url);
  await waitForCanvas(page);
  const chain = page.getByTestId('hop-panel').getByTestId('policy-chain');
  const stages = chain.locator(':scope > ol > li');
  await expect(stages).toHaveCount(2);
  await expect(stages.nth(0)).toContainText('Cilium deny rules: no rule matches');
  await expect(stages.nth(1)).toContainText('Cilium and Kubernetes allow rules: allows');
  await expect(stages.nth(1)).toContainText('(decides)');
  await expect(chain.locator('li[data-deciding="true"]')).toContainText('api-egress-payments');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the stage chain (${theme}) has no serious or critical axe violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(egressHop('cilium-egress-deny-world').url);
    await waitForCanvas(page);
    await expect(page.getByTestId('policy-chain')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="policy-chain"]').analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
