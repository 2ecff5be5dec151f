// Reading a trace: branches hang under the hop that owns them, a finding's fix shows its
// commands as copyable blocks, and the HTTP request disclosure behaves like a disclosure.

import { expect, test } from '@playwright/test';
import { lintModel, traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { parseFix } from '../components/findings/fix-text';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

function traced(slug: string) {
  const scenario = getScenario(slug)!;
  const query = scenario.queries[0]!;
  const model = loadModel(scenarioSnapshot(scenario));
  return { scenario, query, model, source: `scenario:${slug}`, result: traceRoute(model, query) };
}

for (const slug of ['default-deny-breaks-dns', 'gateway-canary']) {
  test(`${slug}: branches and their shares sit under the hop that owns them`, async ({ page }) => {
    const { query, source, result } = traced(slug);
    const owners = result.hops.filter((h) => (h.branches?.length ?? 0) > 0);
    expect(owners.length).toBeGreaterThan(0);
    await page.goto(traceUrl(source, query));
    await waitForCanvas(page);
    for (const owner of owners) {
      const hopBox = (await page.locator(`button[data-hop="${owner.id}"]`).boundingBox())!;
      const branches = page.locator(`[data-branch-of="${owner.id}"]`);
      await expect(branches).toHaveCount(Math.min(owner.branches!.length, 4));
      const next = result.hops[result.hops.indexOf(owner) + 1];
      const nextBox = next ? await page.locator(`button[data-hop="${next.id}"]`).boundingBox() : null;
      for (const [i, branch] of (await branches.all()).entries()) {
        const box = (await branch.boundingBox())!;
        expect(box.y).toBeGreaterThan(hopBox.y + hopBox.height - 1);
        expect(box.x).toBeGreaterThanOrEqual(hopBox.x);
        expect(box.x + box.width).toBeLessThanOrEqual(hopBox.x + hopBox.width + 1);
        // Not under or beside the next hop, whichever row it is in.
        if (nextBox && Math.abs(nextBox.y - hopBox.y) < 2) expect(box.x + box.width).toBeLessThan(nextBox.x);
        const share = Math.round(owner.branches![i]!.share * 100);
        await expect(branch.locator('[data-share]')).toHaveText(new RegExp(`^${share}(\\.\\d)?%$`));
      }
    }
  });
}

test('a fix shows prose and its command as a block that copies exactly the command', async ({
  page,
  context,
}) => {
  const { query, source, result } = traced('vxlan-mtu-blackhole');
  const finding = result.findings.find((f) => f.code === 'MTU_BLACKHOLE')!;
  const hop = result.hops.find((h) => h.verdict === 'drop')!;
  const command = parseFix(finding.fix).find((b) => b.kind === 'command');
  expect(command?.kind === 'command' && command.command).toMatch(/^kubectl patch /);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(traceUrl(source, query, hop.id));
  const fix = page
    .getByTestId('hop-panel')
    .locator(`[data-finding="MTU_BLACKHOLE"]`)
    .getByTestId('finding-fix');
  await expect(fix.locator('p').first()).not.toContainText('kubectl');
  // The patch, then the restarts of the workloads whose pods take the new MTU.
  const blocks = fix.locator('[data-fix-command]');
  await expect(blocks).toHaveCount(parseFix(finding.fix).filter((b) => b.kind === 'command').length);
  const block = blocks.first();
  await expect(block.locator('code')).toHaveText(command!.kind === 'command' ? command!.command : '');
  await block.getByRole('button', { name: /^Copy/ }).click();
  await expect(block.getByText('✓ Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    command!.kind === 'command' ? command!.command : '',
  );
});

test('lint shows a heredoc fix as one command block', async ({ page }) => {
  const { model } = traced('default-deny-breaks-dns');
  const finding = lintModel(model).findings.find((f) => f.code === 'DNS_BLOCKED_BY_DEFAULT_DENY')!;
  expect(finding).toBeDefined();
  await page.goto('/lint?source=scenario:default-deny-breaks-dns');
  const block = page.locator('[data-finding="DNS_BLOCKED_BY_DEFAULT_DENY"] [data-fix-command]');
  await expect(block).toHaveCount(1);
  await expect(block.locator('code')).toContainText("kubectl apply -f - <<'EOF'");
  await expect(block.locator('code')).toContainText('kind: NetworkPolicy');
  await expect(block.getByRole('button', { name: /^Copy/ })).toBeVisible();
});

test('the HTTP request disclosure says when it applies and closes on Escape', async ({ page }) => {
  const { query, source } = traced('vxlan-mtu-blackhole');
  await page.goto(traceUrl(source, query));
  const disclosure = page.getByTestId('trace-advanced');
  const summary = disclosure.locator('summary');
  await summary.click();
  // The destination is a Service: method and headers do not apply, and say so.
  await expect(page.getByTestId('http-request-hint')).toContainText('only when To is a URL');
  await expect(page.getByLabel('Method')).toBeDisabled();
  await page.getByRole('combobox', { name: 'To', exact: true }).fill('http://shop.example/');
  await expect(page.getByLabel('Method')).toBeEnabled();
  await expect(page.getByTestId('http-request-hint')).toContainText('apply to this URL');

  await page.getByLabel('Method').focus();
  await page.keyboard.press('Escape');
  await expect(disclosure).not.toHaveAttribute('open', '');
  await expect(summary).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(disclosure).toHaveAttribute('open', '');
  await page.keyboard.press('Escape');
  await expect(disclosure).not.toHaveAttribute('open', '');
});

test('the zoom controls and the scroll hint sit in a strip below the path, never over a hop', async ({
  page,
}) => {
  const { query, source } = traced('gateway-canary');
  await page.goto(traceUrl(source, query));
  await waitForCanvas(page);
  const canvas = (await page.getByTestId('trace-canvas').boundingBox())!;
  const hint = page.getByText(/^Scroll to follow the whole path/);
  await expect(hint).toBeVisible();
  for (const el of [page.locator('.react-flow__controls'), hint]) {
    const box = (await el.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
  }
});
