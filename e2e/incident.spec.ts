// Incident-grade answers: the banner opens the culprit hop with Fix and Verify first,
// verify commands say where they run, the hop panel resizes by keyboard, the source's lint
// count is a chip, and errors help (did you mean, protocol=FOO).

import { expect, test } from '@playwright/test';
import { traceRoute } from '../lib/engine';
import { loadModel } from '../lib/ingest';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

const scenario = getScenario('vxlan-mtu-blackhole')!;
const query = scenario.queries[0]!;
const source = `scenario:${scenario.slug}`;
const result = traceRoute(loadModel(scenarioSnapshot(scenario)), query);

test('the banner opens the culprit hop with Fix and Verify first; verify commands carry their kubectl exec prefix', async ({
  page,
}) => {
  const culprit = result.hops.find((h) => h.verdict === 'drop')!;
  await page.goto(traceUrl(source, query));
  await waitForCanvas(page);
  await page.getByTestId('open-culprit').click();
  const panel = page.getByTestId('hop-panel');
  await expect(panel).toHaveAttribute('data-hop', culprit.id);
  await expect(page).toHaveURL(new RegExp(`hop=${culprit.id}`));
  // The fix-first block comes before the hop's explanation.
  const fixFirst = panel.getByTestId('fix-first');
  await expect(fixFirst.locator('[data-finding="MTU_BLACKHOLE"]')).toBeVisible();
  const order = await panel.evaluate((el) => {
    const fix = el.querySelector('[data-testid="fix-first"]')!;
    const explain = el.querySelector('section[aria-label="What happens here"]')!;
    return fix.compareDocumentPosition(explain) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  const commands = fixFirst.getByTestId('verify-command');
  await expect(commands.first()).toContainText(/^kubectl exec -n \S+ \S+ -- tracepath -n /);
  // Commands never wrap inside a token.
  expect(await commands.first().evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre');
});

test('the hop panel resizes from the keyboard and remembers its width', async ({ page }) => {
  await page.goto(traceUrl(source, query, result.hops[0]!.id));
  await waitForCanvas(page);
  const handle = page.getByTestId('panel-resizer');
  const before = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 32));
  await page.reload();
  await waitForCanvas(page);
  await expect(page.getByTestId('panel-resizer')).toHaveAttribute('aria-valuenow', String(before + 32));
});

test("the source's lint count is a chip that opens the list", async ({ page }) => {
  await page.goto(traceUrl(source, query));
  const chip = page.getByTestId('lint-chip');
  await expect(chip).toBeVisible();
  await chip.locator('summary').click();
  await expect(chip.getByTestId('lint-chip-list').locator('li').first()).toBeVisible();
});

test('an unknown pod says "did you mean" with the closest names', async ({ page }) => {
  const from = query.from.replace(/.$/, '');
  await page.goto(traceUrl(source, { ...query, from: `${from}x` }));
  await expect(page.getByRole('alert').or(page.locator('[data-testid="error-note"]')).first()).toContainText(
    'did you mean',
  );
});

test('protocol=FOO is an error, not TCP', async ({ page, request }) => {
  const params = new URLSearchParams(traceUrl(source, query).split('?')[1]);
  params.set('protocol', 'FOO');
  const url = `/trace?${params}`;
  const api = await request.get(url.replace('/trace?', '/api/trace?'));
  expect(api.status()).toBe(400);
  expect((await api.json()).detail).toContain('protocol');
  await page.goto(url);
  await expect(page.getByText(/protocol: /)).toBeVisible();
  await expect(page.locator('section[aria-label="Verdict"]')).toHaveCount(0);
});
