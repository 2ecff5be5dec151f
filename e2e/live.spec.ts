// The dashboard against a live cluster: a fake Kubernetes API server (the one the unit
// tests use, over TLS), and a `next start` of our own with PACKETPATH_LIVE=1 and a
// kubeconfig pointing at it. The live source shows in the header and the source picker,
// a trace runs on it, a cluster change reaches the dashboard, and the badge turns to a
// stale warning when the API server goes away.

import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { expect, test } from '@playwright/test';
import { FakeApiServer } from '../test/live/fake-apiserver';
import { pod, seedCluster } from '../test/live/fixtures';
import { waitForCanvas } from './helpers';

const root = join(import.meta.dirname, '..');
const workDir = join(root, 'e2e-output', `live-${process.pid}`);

let api: FakeApiServer;
let server: ChildProcess | undefined;
let baseURL = '';
let output = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(workDir, { recursive: true });
  api = new FakeApiServer();
  seedCluster(api);
  // The dashboard's identity may not read IngressClasses: the live page names the rule.
  api.forbid('IngressClass');
  await api.listen();
  const kubeconfig = api.writeKubeconfig(join(workDir, 'kubeconfig'), 'e2e-cluster');
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PACKETPATH_DATA_DIR: join(workDir, 'data'),
        PACKETPATH_LIVE: '1',
        PACKETPATH_KUBECONFIG: kubeconfig,
        KUBECONFIG: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: afterAll ends the server and its children
    },
  );
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  // Ready means: the server answers and the live source has read the cluster once.
  await expect
    .poll(
      async () => {
        if (server?.exitCode !== null) throw new Error(`next start exited:\n${output}`);
        return fetch(`${baseURL}/api/health/ready`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { timeout: 90_000, intervals: [250, 500, 1000] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
  await api?.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('the header shows the live cluster and the picker offers it', async ({ page }) => {
  await page.goto(`${baseURL}/`);
  const badge = page.getByTestId('live-status');
  await expect(badge).toContainText('Live e2e-cluster');
  await expect(badge).toHaveAttribute('data-state', 'synced');
  await expect(page.locator('option[value="live"]')).toHaveText('Live: e2e-cluster');
  const status = await (await page.request.get(`${baseURL}/api/live`)).json();
  expect(status).toMatchObject({ enabled: true, context: 'e2e-cluster', server: api.url, stale: false });
});

test('the live page lists what is read per kind and the RBAC rule a forbidden kind needs', async ({
  page,
}) => {
  await page.goto(`${baseURL}/`);
  const badge = page.getByTestId('live-status');
  await expect(badge).toContainText('1 kind not readable');
  await badge.click();
  await expect(page).toHaveURL(/\/live$/);
  await expect(page.getByRole('heading', { name: 'Live cluster: e2e-cluster' })).toBeVisible();
  await expect(page.getByTestId('live-forbidden')).toContainText(
    'grant list/watch on ingressclasses.networking.k8s.io',
  );
  await expect(page.locator('tr[data-kind="IngressClass"]')).toHaveAttribute('data-state', 'forbidden');
  await expect(page.locator('tr[data-kind="Pod"]')).toHaveAttribute('data-state', 'synced');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await page.getByRole('link', { name: 'Trace on this cluster' }).click();
  await expect(page).toHaveURL(/\/trace\?source=live/);
});

test('a trace runs on the live source, and follows a cluster change', async ({ page }) => {
  await page.goto(`${baseURL}/trace?source=live&from=pod%3Ashop%2Fweb-3&to=svc%3Ashop%2Fweb&port=80`);
  await waitForCanvas(page);
  await expect(page.locator('select').first()).toHaveValue('live');
  const first = await (
    await page.request.get(`${baseURL}/api/trace?source=live&from=pod:shop/web-3&to=svc:shop/web&port=80`)
  ).json();
  expect(first.hops.length).toBeGreaterThan(2);
  expect(await page.locator('[data-hop]').count()).toBeGreaterThanOrEqual(first.hops.length);

  // A pod created in the cluster becomes traceable without a restart.
  api.apply(pod('web-9', 'worker-2', '10.244.2.19'));
  await expect
    .poll(
      async () =>
        (
          await page.request.get(
            `${baseURL}/api/trace?source=live&from=pod:shop/web-9&to=svc:shop/web&port=80`,
          )
        ).status(),
      { timeout: 20_000 },
    )
    .toBe(200);
  await page.goto(`${baseURL}/trace?source=live&from=pod%3Ashop%2Fweb-9&to=svc%3Ashop%2Fweb&port=80`);
  await waitForCanvas(page);
});

test('the badge warns when the API server becomes unreachable', async ({ page }) => {
  await page.goto(`${baseURL}/`);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'synced');
  await api.close();
  const badge = page.getByTestId('live-status');
  await expect(badge).toHaveAttribute('data-state', 'stale', { timeout: 30_000 });
  await expect(badge).toContainText('unreachable');
  // The last good state is still served.
  expect(
    (
      await page.request.get(`${baseURL}/api/trace?source=live&from=pod:shop/web-3&to=svc:shop/web&port=80`)
    ).status(),
  ).toBe(200);
});
