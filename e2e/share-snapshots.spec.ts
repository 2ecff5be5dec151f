// Saved snapshots: save a source, download the file the CLI reads, compare two states
// along a path. Plus accessibility checks of the share, tour and snapshot pages.

import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { getScenario, waitForCanvas } from './helpers';

const broken = getScenario('vxlan-mtu-blackhole')!;
const query = broken.queries[0]!;

async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    ),
  ).toEqual([]);
}

test('save a snapshot, download it for the CLI, and compare it with the fixed cluster', async ({ page }) => {
  await page.goto('/snapshots');
  await page.getByRole('combobox', { name: 'Source to save' }).selectOption(`scenario:${broken.slug}`);
  const name = `before the fix ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save snapshot' }).click();
  // Identical content saved by an earlier run keeps its first name.
  const saved = page.getByTestId('snapshot-saved');
  await expect(saved).toContainText(/✓ (Saved|This state was already saved as) “/);
  const savedName = (await saved.getAttribute('data-name'))!;
  const row = page.getByTestId('snapshot-list').getByRole('row', { name: savedName });
  await expect(row).toBeVisible();

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: /Download/ }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/\.packetpath\.yaml$/);
  const doc = parse(readFileSync((await file.path())!, 'utf8')) as {
    kind: string;
    objects: Array<{ kind: string }>;
  };
  expect(doc.kind).toBe('PacketpathSnapshot');
  expect(doc.objects.some((o) => o.kind === 'Secret')).toBe(false);

  await page
    .getByRole('combobox', { name: 'Before', exact: true })
    .selectOption({ label: `${savedName} (saved)` });
  await page.getByRole('combobox', { name: 'After', exact: true }).selectOption(`scenario:${broken.fixedBy}`);
  await page.getByRole('textbox', { name: 'From (optional)' }).fill(query.from);
  await page.getByRole('textbox', { name: 'To (optional)' }).fill(query.to);
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(query.port ?? ''));
  await page.getByRole('button', { name: 'Compare' }).click();
  const diff = page.getByTestId('snapshot-diff');
  await expect(diff).toContainText('dropped before');
  await expect(diff).toContainText('disappeared');
  await expect(page).toHaveURL(/\/snapshots\?a=/);
  await expectNoSeriousViolations(page);
});

for (const theme of ['light', 'dark'] as const) {
  test(`share, tour and snapshot pages (${theme}) have no serious or critical axe violations`, async ({
    page,
    request,
  }) => {
    await page.emulateMedia({ colorScheme: theme });
    const { label: _label, ...q } = query;
    const res = await request.post('/api/shares', {
      data: { source: `scenario:${broken.slug}`, query: q, title: 'Axe check', note: 'a note' },
    });
    expect(res.status()).toBe(201);
    const { url } = (await res.json()) as { url: string };
    await page.goto(url);
    await waitForCanvas(page);
    await expectNoSeriousViolations(page);

    await page.goto(`/tour?source=scenario:${broken.slug}&step=2`);
    await waitForCanvas(page);
    await expectNoSeriousViolations(page);

    await page.goto('/tour');
    await expectNoSeriousViolations(page);

    await page.goto('/s/AAAAAAAAAAAAAAAAAAAAAA');
    await expectNoSeriousViolations(page);
  });
}
