// Share links survive a server restart and the deletion of the upload they were made
// from; bad ids get a clear 404 page; the shared trace exports as Markdown and PNG.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { expect, test, type Page } from '@playwright/test';
import { serializeSnapshot } from '../lib/ingest/snapshot-file';
import { scenarioSnapshot } from '../lib/scenarios';
import { getScenario, traceUrl, waitForCanvas } from './helpers';
import { startServer, type OwnServer } from './share-server';

const PLANTED = 'planted-e2e-secret-3f9d2a';
const scenario = getScenario('vxlan-mtu-blackhole')!;
const query = scenario.queries[0]!;

/** The scenario as an upload, plus a Secret that must never reach the share. */
function uploadBody(): string {
  const snapshot = scenarioSnapshot(scenario);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db-password', namespace: 'shop' },
    stringData: { password: PLANTED },
  };
  return serializeSnapshot({
    ...snapshot,
    meta: { kind: 'upload', title: 'shop-dump.json' },
    objects: [...snapshot.objects, secret],
  });
}

async function selectedHop(page: Page): Promise<string | null> {
  return page.locator('button[data-hop][aria-pressed="true"]').getAttribute('data-hop');
}

const dataDir = join(import.meta.dirname, '..', 'e2e-output', `share-data-${process.pid}`);
let server: OwnServer | undefined;

test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a share link outlives a server restart and the upload it came from', async ({ browser }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  server = await startServer(port, dataDir);

  const created = await fetch(`${server.baseURL}/api/sources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: uploadBody(),
  });
  expect(created.status).toBe(201);
  const answer = (await created.json()) as { id: string; removed: Array<{ ref: { kind: string } }> };
  const uploadId = answer.id;
  expect(uploadId).toMatch(/^upload:[0-9a-f]{64}$/);
  // Redacted on the way in: the Secret never reaches the store, and the upload says so.
  expect(answer.removed.some((r) => r.ref.kind === 'Secret')).toBe(true);

  // Make the link in the trace view, with a hop other than the default selected.
  const sharer = await browser.newContext({ baseURL: server.baseURL });
  const page = await sharer.newPage();
  await page.goto(traceUrl(uploadId, query));
  await waitForCanvas(page);
  const hop = page.locator('button[data-hop]').nth(1);
  const hopId = await hop.getAttribute('data-hop');
  await hop.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`hop=${hopId}`));
  const verdict = await page.getByTestId('verdict-sentence').textContent();

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this trace' });
  await dialog.getByLabel(/Title/).fill('Large POSTs hang');
  await dialog.getByLabel(/Note/).fill('Look at the encapsulation hop.');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = await dialog.getByTestId('share-url').inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
  const path = new URL(url).pathname;
  const shareId = path.slice('/s/'.length);
  await sharer.close();

  // Restart: stop the server and start a new one on the same data directory.
  await server.stop();
  server = await startServer(port, dataDir);

  const viewer = await browser.newContext({ baseURL: server.baseURL });
  const fresh = await viewer.newPage();
  await fresh.goto(path);
  await waitForCanvas(fresh);
  await expect(fresh.getByTestId('share-banner')).toContainText('Snapshot taken');
  await expect(fresh.getByTestId('share-banner')).toContainText(uploadId);
  await expect(fresh.getByRole('heading', { name: 'Large POSTs hang' })).toBeVisible();
  await expect(fresh.getByTestId('verdict-sentence')).toHaveText(verdict ?? '');
  expect(await selectedHop(fresh)).toBe(hopId);

  const api = await fetch(`${server.baseURL}/api/shares/${shareId}`);
  expect(api.status).toBe(200);
  const apiText = await api.text();
  expect(apiText).not.toContain(PLANTED);
  const objects = await fetch(
    `${server.baseURL}/api/objects?source=share:${shareId}&kind=Secret&namespace=shop&name=db-password`,
  );
  expect(objects.status).toBe(404);

  // Delete the upload: the link keeps its frozen state.
  const hash = uploadId.slice('upload:'.length);
  expect(
    (await fetch(`${server.baseURL}/api/snapshots/${hash}?purpose=upload`, { method: 'DELETE' })).status,
  ).toBe(204);
  expect(
    (
      await fetch(
        `${server.baseURL}/api/trace?source=${uploadId}&from=${encodeURIComponent(query.from)}&to=${encodeURIComponent(query.to)}`,
      )
    ).status,
  ).toBe(404);
  await fresh.reload();
  await waitForCanvas(fresh);
  await expect(fresh.getByTestId('verdict-sentence')).toHaveText(verdict ?? '');
  expect(await selectedHop(fresh)).toBe(hopId);
  expect(await (await fetch(`${server.baseURL}/api/shares/${shareId}`)).text()).toBe(apiText);

  // Export from the shared view: Markdown for a ticket, and the path as PNG.
  await fresh.getByRole('button', { name: /Export/ }).click();
  const [md] = await Promise.all([
    fresh.waitForEvent('download'),
    fresh.getByRole('menuitem', { name: /Markdown/ }).click(),
  ]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  const markdown = readFileSync((await md.path())!, 'utf8');
  expect(markdown).toContain(`Permalink: ${server.baseURL}/s/${shareId}`);
  expect(markdown.toLowerCase()).toContain('dropped');

  await fresh.getByRole('button', { name: /Export/ }).click();
  const [png] = await Promise.all([
    fresh.waitForEvent('download'),
    fresh.getByRole('menuitem', { name: /PNG/ }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const image = readFileSync((await png.path())!);
  expect(image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(image.length).toBeGreaterThan(10_000);
  await viewer.close();
});

test('malformed, unknown and expired-looking share ids get a clear 404 page', async ({ page, request }) => {
  for (const id of ['not-a-real-id', 'not*valid', 'AAAAAAAAAAAAAAAAAAAAAA', 'x']) {
    const response = await page.goto(`/s/${encodeURIComponent(id)}`);
    // A real HTTP 404: no loading.tsx above /s/ID, so the page does not stream before notFound().
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'This share link does not exist' })).toBeVisible();
    await expect(page.locator('meta[name="robots"][content*="noindex"]').first()).toBeAttached();
    const api = await request.get(`/api/shares/${encodeURIComponent(id)}`);
    expect(api.status()).toBe(404);
    expect(await api.json()).toMatchObject({ error: 'unknown share' });
  }
});

test('an evidence link to an object the source does not hold answers 404 with a clear page', async ({
  page,
}) => {
  const response = await page.goto(
    '/objects?source=scenario:vxlan-mtu-blackhole&kind=Service&namespace=shop&name=no-such-service',
  );
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This object is not in the source' })).toBeVisible();
  const unknownSource = await page.goto('/objects?source=upload:0000&kind=Service&namespace=shop&name=db');
  expect(unknownSource?.status()).toBe(404);
});
