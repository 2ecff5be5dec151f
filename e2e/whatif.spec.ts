// What-if in the browser: "Try the fix" on the default-deny-breaks-dns scenario turns the
// path green and lists the DNS pairs it opens; "Copy as kubectl" puts a working script
// on the clipboard; an edit in the editor re-traces without a page load; a what-if share
// link reopens the what-if after a server restart.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { getScenario, traceUrl, waitForCanvas } from './helpers';
import { freePort } from './free-port';
import { startServer, type OwnServer } from './share-server';

const scenario = getScenario('default-deny-breaks-dns')!;
const source = `scenario:${scenario.slug}`;
const dns = scenario.queries[0]!;

/** From the trace's DNS finding to the what-if page, by the "Try the fix" link. */
async function tryTheDnsFix(page: Page): Promise<void> {
  await page.goto(traceUrl(source, dns));
  await waitForCanvas(page);
  await page.locator('button[data-hop][data-culprit="true"]').click();
  const card = page.getByTestId('hop-panel').locator('[data-finding="DNS_BLOCKED_BY_DEFAULT_DENY"]');
  await card.getByRole('link', { name: 'Try the fix' }).click();
  await expect(page).toHaveURL(/\/whatif\?.*changes=/);
  await expect(page.getByTestId('whatif-after')).toHaveAttribute('data-verdict', 'delivered');
}

test('Try the fix turns the DNS path green and lists the pairs it opens', async ({ page }) => {
  await tryTheDnsFix(page);
  await expect(page.getByTestId('whatif-before')).toHaveAttribute('data-verdict', 'dropped');
  const opened = page.getByTestId('reach-diff').locator('[data-change="added"]');
  await expect(opened.first()).toBeVisible();
  for (const text of await opened.allTextContents()) {
    // The arrow is read out as "to" (visually hidden text).
    expect(text).toMatch(/^\+ opens\s*shop\/\S+ →\s*(to )?kube-system\/coredns\S+ .*53/);
  }
  await expect(page.getByTestId('reach-diff').locator('[data-change="removed"]')).toHaveCount(0);
  await expect(
    page.getByTestId('lint-diff').locator('[data-code="DNS_BLOCKED_BY_DEFAULT_DENY"]'),
  ).toContainText('resolved');
});

test('Copy as kubectl puts an apply script on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await tryTheDnsFix(page);
  await page.getByRole('button', { name: /^Copy as kubectl/ }).click();
  const script = await page.evaluate(() => navigator.clipboard.readText());
  expect(script.startsWith("kubectl apply -f - <<'EOF'\n")).toBe(true);
  expect(script).toContain('name: allow-dns');
  expect(script).toContain('k8s-app: kube-dns');
  expect(script.trimEnd().endsWith('EOF')).toBe(true);
});

test('an edit in the editor re-traces without a page load, and undo brings the fix back', async ({
  page,
}) => {
  await tryTheDnsFix(page);
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  const editor = page.getByTestId('whatif-editor').locator('.cm-content');
  const text = (await editor.innerText()).replace('k8s-app: kube-dns', 'k8s-app: not-dns');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  await expect(page.getByTestId('whatif-after')).toHaveAttribute('data-verdict', 'dropped');
  await expect(page).toHaveURL(/changes=/);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('whatif-after')).toHaveAttribute('data-verdict', 'delivered');
});

test('a bad field is shown in the editor and in words, not as a crash', async ({ page }) => {
  await tryTheDnsFix(page);
  const editor = page.getByTestId('whatif-editor').locator('.cm-content');
  const text = (await editor.innerText()).replace('podSelector: {}', 'podSelector: [1]');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  await expect(
    page.getByRole('alert').filter({ hasText: 'changes.apply[0].spec.podSelector' }),
  ).toBeVisible();
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
});

const dataDir = join(import.meta.dirname, '..', 'e2e-output', `whatif-data-${process.pid}`);
let server: OwnServer | undefined;

test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a what-if share link reopens the what-if after a server restart', async ({ browser }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  server = await startServer(port, dataDir);
  const sharer = await browser.newContext({ baseURL: server.baseURL });
  const page = await sharer.newPage();
  await tryTheDnsFix(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this trace' });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const path = new URL(await dialog.getByTestId('share-url').inputValue()).pathname;
  await sharer.close();

  await server.stop();
  server = await startServer(port, dataDir);
  const viewer = await browser.newContext({ baseURL: server.baseURL });
  const fresh = await viewer.newPage();
  await fresh.goto(path);
  await waitForCanvas(fresh);
  await expect(fresh.getByTestId('whatif-banner')).toContainText('applied NetworkPolicy shop/allow-dns');
  await expect(fresh.locator('[data-verdict]').first()).toHaveAttribute('data-verdict', 'delivered');
  await viewer.close();
});
