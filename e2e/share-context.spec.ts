// Inside a share link the header stays on the frozen snapshot: the source picker shows it,
// Trace / Reach / Lint open on it, and only an explicit "Leave frozen view" (or picking
// another source) goes back to the live or demo source.

import { expect, test, type Page } from '@playwright/test';
import { getScenario, scenarios, waitForCanvas } from './helpers';

const broken = getScenario('vxlan-mtu-blackhole')!;
const { label: _label, ...query } = broken.queries[0]!;
const defaultSource = `scenario:${scenarios[0]!.slug}`;

/** The header's view of the frozen snapshot: badge with the UTC minute, picker on share:ID. */
async function expectFrozenHeader(page: Page, source: string, stamp: string) {
  const badge = page.getByTestId('frozen-badge');
  await expect(badge).toContainText(`Frozen ${stamp}`);
  await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue(source);
  await expect(page.getByRole('combobox', { name: 'Source' }).locator('option:checked')).toHaveText(
    new RegExp(`^Frozen ${stamp} · `),
  );
}

test('a share view keeps its frozen snapshot in the header until the user leaves it', async ({
  page,
  request,
}) => {
  const res = await request.post('/api/shares', {
    data: { source: `scenario:${broken.slug}`, query, title: 'Frozen header' },
  });
  expect(res.status()).toBe(201);
  const { id, url } = (await res.json()) as { id: string; url: string };
  const { createdAt } = (await (await request.get(`/api/shares/${id}`)).json()) as { createdAt: string };
  const iso = new Date(createdAt).toISOString();
  const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const source = `share:${id}`;
  const nav = page.getByRole('navigation', { name: 'Main' });

  await page.goto(url);
  await waitForCanvas(page);
  await expectFrozenHeader(page, source, stamp);

  await nav.getByRole('link', { name: 'Reach', exact: true }).click();
  await expect(page).toHaveURL((u) => u.pathname === '/reach' && u.searchParams.get('source') === source);
  await expectFrozenHeader(page, source, stamp);

  await nav.getByRole('link', { name: 'Lint', exact: true }).click();
  await expect(page).toHaveURL((u) => u.pathname === '/lint' && u.searchParams.get('source') === source);
  await expect(page.getByRole('main')).toContainText(`Snapshot-wide findings for ${source}`);
  await expectFrozenHeader(page, source, stamp);

  // Trace from inside the frozen view reopens the shared query on the snapshot.
  await nav.getByRole('link', { name: 'Trace', exact: true }).click();
  await expect(page).toHaveURL(
    (u) =>
      u.pathname === '/trace' &&
      u.searchParams.get('source') === source &&
      u.searchParams.get('from') === query.from,
  );
  await waitForCanvas(page);
  await expect(page.getByRole('region', { name: 'Verdict' })).toHaveAttribute('data-verdict', 'dropped');
  await expectFrozenHeader(page, source, stamp);

  // Leaving on purpose: the same view over the default source, and the header is live again.
  await page.getByRole('link', { name: 'Leave frozen view' }).click();
  await expect(page).toHaveURL((u) => u.pathname === '/trace' && u.searchParams.get('source') !== source);
  await expect(page).toHaveURL((u) => u.searchParams.get('source') === defaultSource);
  await expect(page.getByTestId('frozen-badge')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue(defaultSource);
  await expect(nav.getByRole('link', { name: 'Reach', exact: true })).toHaveAttribute(
    'href',
    `/reach?source=${encodeURIComponent(defaultSource)}`,
  );
});
