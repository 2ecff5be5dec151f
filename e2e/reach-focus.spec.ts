// Reach as a question: "who can reach db?" names workloads by their Deployment or
// StatefulSet (no ReplicaSet hash), lists the denied peers on request, and lives in the URL.

import { expect, test } from '@playwright/test';

const source = 'scenario:default-deny-allow-dns';

test('who can reach db: api allowed, web denied, the question in the address bar', async ({ page }) => {
  await page.goto(`/reach?${new URLSearchParams({ source })}`);
  await page
    .getByRole('navigation', { name: 'Reach view' })
    .getByRole('link', { name: 'Who can reach…' })
    .click();
  await expect(page).toHaveURL(/mode=to/);
  const form = page.getByRole('form', { name: 'Reach question' });
  await form.getByRole('combobox', { name: 'Peer' }).fill('db');
  await form.getByLabel('Show denied peers').check();
  await form.getByRole('button', { name: 'Ask' }).click();
  await expect(page).toHaveURL(/mode=to&peer=db&denied=1/);
  const answer = page.getByTestId('reach-focus');
  await expect(answer.getByRole('heading', { name: 'Who can reach shop/db[StatefulSet]' })).toBeVisible();
  await expect(answer.locator('[data-pair="shop/api[Deployment]→shop/db[StatefulSet]"]')).toContainText(
    'TCP 5432',
  );
  const denied = page.getByTestId('reach-denied');
  await expect(denied.locator('[data-peer="shop/web[Deployment]"]')).toBeVisible();
  // Outside the cluster in words, the range beneath.
  await expect(denied).toContainText('anywhere outside the cluster');
  // No peer is named by a ReplicaSet hash.
  await expect(page.locator('main')).not.toContainText('[ReplicaSet]');
  // The trace link of the allowed pair opens the trace.
  await answer.getByRole('link', { name: /Trace shop\/api\[Deployment\] to shop\/db/ }).click();
  await expect(page).toHaveURL(/\/trace\?/);
});

test('an unknown peer says so with near names', async ({ page }) => {
  await page.goto(`/reach?${new URLSearchParams({ source, mode: 'to', peer: 'shop/d' })}`);
  await expect(
    page.getByText(/no single peer of scenario:default-deny-allow-dns is named shop\/d/),
  ).toBeVisible();
  await expect(page.getByText(/did you mean .*shop\/db\[StatefulSet\]/)).toBeVisible();
});
