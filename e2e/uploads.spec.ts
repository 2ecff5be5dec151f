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

test('the header links to the saved snapshots', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Snapshots' }).click();
  await expect(page).toHaveURL(/\/snapshots$/);
  await expect(page.getByRole('heading', { name: 'Snapshots', level: 1 })).toBeVisible();
});
