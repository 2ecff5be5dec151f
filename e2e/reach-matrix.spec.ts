// Reach as a matrix: a cell opens the trace of its pair; a namespace folds into one row
// and column; the proposed policies reproduce the workload-to-workload set as a what-if.

import { expect, test } from '@playwright/test';

const source = 'scenario:default-deny-allow-dns';

test('a matrix cell opens the trace of its pair', async ({ page }) => {
  await page.goto(`/reach?${new URLSearchParams({ source, view: 'matrix' })}`);
  const matrix = page.getByTestId('reach-matrix');
  await expect(matrix).toBeVisible();
  const cell = matrix.locator('a[data-cell^="shop/web"][data-cell*="→shop/api"]').first();
  await expect(cell).toBeVisible();
  await cell.click();
  await expect(page).toHaveURL(/\/trace\?/);
  await expect(page.locator('[data-verdict]').first()).toBeVisible();
});

test('a namespace folds into one row and one column', async ({ page }) => {
  await page.goto(`/reach?${new URLSearchParams({ source, view: 'matrix' })}`);
  const matrix = page.getByTestId('reach-matrix');
  const shop = matrix.getByRole('rowheader').getByRole('button', { name: /shop/ });
  await expect(shop).toHaveAttribute('aria-expanded', 'true');
  await shop.click();
  await expect(shop).toHaveAttribute('aria-expanded', 'false');
  await expect(matrix.locator('a[data-cell^="shop/web"]')).toHaveCount(0);
});

test('the proposed policies, tried as a what-if, leave workload-to-workload reach as it is', async ({
  page,
}) => {
  await page.goto(`/reach?${new URLSearchParams({ source, propose: '1' })}`);
  const proposal = page.getByTestId('proposed-policies');
  await expect(proposal).toContainText('default-deny-all');
  await proposal.getByRole('link', { name: /Try it as a what-if/ }).click();
  await expect(page).toHaveURL(/\/whatif\?.*changes=/);
  const diff = page.getByTestId('reach-diff');
  await expect(diff).toBeVisible();
  for (const text of await diff.locator('li').allInnerTexts()) {
    // Only address ranges and nodes may change (the proposal covers workload pairs only).
    expect(text).toMatch(/\[External\]|\[Node\]/);
  }
});
