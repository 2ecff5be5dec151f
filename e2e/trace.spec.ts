import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { scenarios, traceUrl, waitForCanvas } from './helpers';

// The first scenario whose first query has a finding with a verify command and evidence.
const pick = scenarios
  .map((s) => ({ s, result: traceRoute(loadModel(scenarioSnapshot(s)), s.queries[0]!) }))
  .find(({ result }) => result.findings.some((f) => f.hop && f.verify.length > 0 && f.evidence.length > 0));
if (!pick) throw new Error('no scenario has a finding with verify commands and evidence');
const { s: scenario, result } = pick;
const source = `scenario:${scenario.slug}`;
const finding = result.findings.find((f) => f.hop && f.verify.length > 0 && f.evidence.length > 0)!;
const url = traceUrl(source, scenario.queries[0]!);

test('a hop opens its panel by click, and by keyboard (focus + Enter)', async ({ page }) => {
  await page.goto(url);
  await waitForCanvas(page);
  await page.locator(`button[data-hop="${finding.hop}"]`).click();
  await expect(page).toHaveURL(new RegExp(`hop=${finding.hop}`));
  const panel = page.getByTestId('hop-panel');
  await expect(panel).toHaveAttribute('data-hop', finding.hop!);
  await expect(panel.locator(`[data-finding="${finding.code}"]`)).toBeVisible();

  // Keyboard: hops are buttons in packet order; Enter on the first opens it.
  const first = result.hops[0]!;
  await page.locator(`button[data-hop="${first.id}"]`).focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveAttribute('data-hop', first.id);
  await page.keyboard.press('Tab');
  await expect(page.locator(`button[data-hop="${result.hops[1]!.id}"]`)).toBeFocused();
});

test('a verify command copies to the clipboard with a visible "Copied"', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(traceUrl(source, scenario.queries[0]!, finding.hop));
  const card = page.getByTestId('hop-panel').locator(`[data-finding="${finding.code}"]`);
  const button = card.getByRole('button', { name: `Copy: ${finding.verify[0]}` });
  await button.click();
  await expect(card.getByText('✓ Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(finding.verify[0]);
});

test('evidence opens the object YAML', async ({ page }) => {
  await page.goto(traceUrl(source, scenario.queries[0]!, finding.hop));
  const e = finding.evidence[0]!;
  await page
    .getByTestId('hop-panel')
    .locator(`[data-finding="${finding.code}"]`)
    .getByRole('link')
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`kind: ${e.kind}`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('reload keeps the selected hop; back and forward walk the selections', async ({ page }) => {
  const [a, b] = [result.hops[0]!, result.hops[1]!];
  await page.goto(url);
  await waitForCanvas(page);
  // Keyboard selection: focusing a hop scrolls the canvas to it when it is out of view.
  await page.locator(`button[data-hop="${a.id}"]`).press('Enter');
  // Wait for each selection to reach the URL and the panel before making the next: the
  // test is about history entries, not about how fast a busy machine re-renders.
  await expect(page).toHaveURL(new RegExp(`hop=${a.id}(&|$)`));
  await expect(page.getByTestId('hop-panel')).toHaveAttribute('data-hop', a.id);
  await page.locator(`button[data-hop="${b.id}"]`).press('Enter');
  await expect(page.getByTestId('hop-panel')).toHaveAttribute('data-hop', b.id);
  await expect(page).toHaveURL(new RegExp(`hop=${b.id}(&|$)`));

  await page.reload();
  await waitForCanvas(page);
  await expect(page.getByTestId('hop-panel')).toHaveAttribute('data-hop', b.id);
  await expect(page.locator(`button[data-hop="${b.id}"]`)).toHaveAttribute('aria-pressed', 'true');

  // Each history step: first the URL the browser is on, then what the page shows for it.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`hop=${a.id}(&|$)`));
  await expect(page.getByTestId('hop-panel')).toHaveAttribute('data-hop', a.id);
  await page.goBack();
  await expect(page).not.toHaveURL(/[?&]hop=/);
  await waitForCanvas(page);
  await expect(page.getByTestId('hop-panel')).toHaveCount(0);
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`hop=${a.id}(&|$)`));
  await expect(page.getByTestId('hop-panel')).toHaveAttribute('data-hop', a.id);
});

test('the endpoint picker suggests from the server and runs a trace', async ({ page }) => {
  await page.goto(`/trace?source=${encodeURIComponent(source)}&from=x&to=y`);
  const from = page.getByRole('combobox', { name: 'From', exact: true });
  const q = scenario.queries[0]!;
  const name = q.from.replace(/^\w+:/, '').split('/').pop()!;
  await from.fill(name);
  const option = page.getByRole('option').filter({ hasText: name }).first();
  await expect(option).toBeVisible();
  await from.press('ArrowDown');
  await from.press('Enter');
  await expect(from).toHaveValue(/^(pod|svc|node):/);
  await page.getByRole('combobox', { name: 'To', exact: true }).fill(q.to);
  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.locator('[data-verdict]')).toBeVisible();
});

test('an unknown endpoint shows a clear message, not an error page', async ({ page }) => {
  await page.goto(
    `/trace?source=${encodeURIComponent(source)}&from=pod:nowhere/nobody&to=${encodeURIComponent(scenario.queries[0]!.to)}`,
  );
  await expect(page.locator('main [role=alert]')).toContainText('nobody');
});
