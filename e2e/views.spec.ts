import { expect, test } from '@playwright/test';
import { computeReach, lintModel } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { scenarios } from './helpers';

test('reach lists allowed pairs, filters them and links each to its trace', async ({ page }) => {
  const withPairs = scenarios
    .map((s) => ({
      s,
      pairs: computeReach(loadModel(scenarioSnapshot(s)), { granularity: 'workload' }).pairs,
    }))
    .find(({ pairs }) => pairs.length > 1);
  expect(withPairs, 'a scenario with reach pairs').toBeDefined();
  const { s, pairs } = withPairs!;
  await page.goto(`/reach?source=scenario:${s.slug}&granularity=workload`);
  await expect(page.locator('[data-pair]')).toHaveCount(Math.min(pairs.length, 500));
  const target = pairs[0]!;
  await page.getByRole('searchbox', { name: 'Filter' }).fill(target.to);
  // The filter applies after a pause, on the server: wait for it to land before following a link.
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByTestId('reach-count')).toHaveText(/allowed pairs/);
  await expect(page.locator('[data-pair]').first()).toContainText(target.to);
  const link = page.locator(`[data-pair="${target.from}→${target.to}"]`).getByRole('link', { name: /Trace/ });
  if (await link.count()) {
    await link.click();
    await expect(page).toHaveURL(/\/trace\?/);
    await expect(page.locator('[data-verdict]')).toBeVisible();
  }
});

test('lint groups findings by severity with evidence, fix and verify', async ({ page }) => {
  const found = scenarios
    .map((s) => ({ s, findings: lintModel(loadModel(scenarioSnapshot(s))).findings }))
    .find(({ findings }) => findings.length > 0);
  expect(found, 'a scenario with lint findings').toBeDefined();
  const { s, findings } = found!;
  await page.goto(`/lint?source=scenario:${s.slug}`);
  for (const severity of new Set(findings.map((f) => f.severity))) {
    await expect(page.locator(`[data-severity-group="${severity}"]`)).toBeVisible();
  }
  await expect(page.locator('[data-finding]')).toHaveCount(findings.length);
  await expect(page.locator(`[data-finding="${findings[0]!.code}"]`).first()).toContainText(
    findings[0]!.title,
  );
});

test('upload: a broken file is reported by file and document; a good upload leads to its trace view', async ({
  page,
}) => {
  await page.goto('/upload');
  const input = page.locator('input[type=file]');
  await input.setInputFiles([
    {
      name: 'good.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'),
    },
    {
      name: 'broken.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\nkind: [oops\n'),
    },
  ]);
  await page.getByRole('button', { name: /^Upload 2 files/ }).click();
  const error = page.getByTestId('upload-error');
  await expect(error).toContainText('broken.yaml');
  await expect(error).toContainText('document 2');

  await page.getByRole('button', { name: 'Remove broken.yaml' }).click();
  await page.getByRole('button', { name: /^Upload 1 file/ }).click();
  await page.getByTestId('upload-summary').getByRole('link', { name: 'Start a trace' }).click();
  await expect(page).toHaveURL(/\/trace\?source=upload%3A[0-9a-f]{64}/);
});

test('theme toggle persists across reloads without a flash', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  // The button names the action, not the current state.
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toHaveCount(0);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

test('an evidence link opened in its own tab shows the object YAML page', async ({ page }) => {
  const s = scenarios[0]!;
  const svc = s.objects.find((o) => o.kind === 'Service')!;
  await page.goto(
    `/objects?source=scenario:${s.slug}&kind=Service&namespace=${svc.metadata.namespace}&name=${svc.metadata.name}`,
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Service ${svc.metadata.namespace}/${svc.metadata.name}`,
  );
  await expect(page.locator('pre')).toContainText('kind: Service');
  const missing = await page.goto(`/objects?source=scenario:${s.slug}&kind=Service&name=does-not-exist`);
  expect(missing?.status()).toBe(404);
  await expect(page.locator('main [role=alert]')).toContainText('does-not-exist');
});
