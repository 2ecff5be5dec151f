// Uploads are listed on the upload page and can be deleted there; the header links to
// the saved snapshots.

import { expect, test } from '@playwright/test';
import { serializeSnapshot } from '../lib/ingest/snapshot-file';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario } from './helpers';

test('an upload is listed and can be deleted from the upload page', async ({ page, request }) => {
  const snapshot = scenarioSnapshot(getScenario('named-port-mismatch')!);
  // A unique object makes a unique content address, so earlier runs do not interfere.
  const marker = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `e2e-${Date.now()}`, namespace: 'shop' },
    data: {},
  };
  // Through the page's own context: the upload is listed to the browser that made it (its cookie).
  const created = await page.request.post('/api/sources', {
    headers: { 'content-type': 'application/json' },
    data: serializeSnapshot({
      ...snapshot,
      meta: { kind: 'upload', title: 'dump.json' },
      objects: [...snapshot.objects, marker],
    }),
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: string }).id.slice('upload:'.length);

  await page.goto('/upload');
  const row = page.locator(`[data-upload="${id}"]`);
  await expect(row).toBeVisible();
  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: /^Delete / }).click();
  await expect(row).toHaveCount(0);
  expect((await request.get(`/api/snapshots/${id}`)).status()).toBe(404);
});

test('an upload shows what it holds, suggests traces, and is renamed everywhere', async ({ page }) => {
  const snapshot = scenarioSnapshot(getScenario('named-port-mismatch')!);
  const marker = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `e2e-summary-${Date.now()}`, namespace: 'shop' },
    data: {},
  };
  await page.goto('/upload');
  // The dump commands are on the page, CRDs included.
  const commands = page.getByTestId('dump-commands');
  await expect(commands).toContainText('npx packetpath snapshot -o cluster.json');
  await commands.getByText(/Air-gapped/).click();
  await expect(commands.locator('pre')).toContainText('ciliumnetworkpolicies.cilium.io');
  await page.locator('input[type=file]').setInputFiles({
    name: 'shop-dump.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      serializeSnapshot({
        ...snapshot,
        meta: { kind: 'upload', title: 'x' },
        objects: [...snapshot.objects, marker],
      }),
    ),
  });
  await page.getByRole('button', { name: /^Upload 1 file/ }).click();
  const card = page.getByTestId('upload-summary');
  await expect(card.getByRole('heading')).toContainText(
    /Uploaded: shop-dump\.json \([A-Z][a-z]{2} \d+, \d\d:\d\d UTC\)/,
  );
  await expect(card.locator('[data-fact="Nodes"]')).toHaveText(/^[1-9]\d*$/);
  await expect(card.locator('[data-fact="CNI"]')).not.toBeEmpty();
  await expect(card.locator('[data-fact="kube-proxy"]')).toHaveText(/iptables|ipvs|nftables|eBPF/);
  await expect(card.locator('[data-fact="Lint"]')).toContainText('error');
  await expect(card.getByRole('link', { name: /^Trace / }).first()).toBeVisible();

  // Rename it in the list; the source picker then offers the new name.
  const name = `shop prod ${Date.now()}`;
  const row = page.locator('[data-upload]').filter({ hasText: 'shop-dump.json' }).first();
  await row.getByRole('button', { name: /^Rename/ }).click();
  await row.getByRole('textbox').fill(name);
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('upload-name').filter({ hasText: name })).toBeVisible();
  await page.goto('/trace');
  await expect(page.locator('option', { hasText: name })).toHaveCount(1);
});

test('the header links to the saved snapshots', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Snapshots' }).click();
  await expect(page).toHaveURL(/\/snapshots$/);
  await expect(page.getByRole('heading', { name: 'Snapshots', level: 1 })).toBeVisible();
});
