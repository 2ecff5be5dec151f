// Two dashboard replicas on one PostgreSQL database, as the Helm chart runs them behind one
// Service (deploy/helm, replicaCount > 1 needs DATABASE_URL): an upload made through one
// replica traces through the other, and a share created through one opens through the
// other. Each replica is its own process with its own model cache and data directory.
// PostgreSQL as the shared store: lib/store/open.ts (DATABASE_URL = postgres://...).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../store/postgres';

const server = await startPostgres();
if (!server.ok && process.env.CI) throw new Error(`PostgreSQL did not start in CI: ${server.reason}`);
if (!server.ok) console.warn(`two-replica test skipped: ${server.reason}`);

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Starts one replica and resolves with its base URL once it listens. */
function startReplica(name: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), `packetpath-${name}-`));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'replica-server.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: server.ok ? server.connectionString : '',
      PACKETPATH_DATA_DIR: dataDir,
      PACKETPATH_AUTH_TOKEN: '',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica ${name} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^LISTENING (\d+)$/.exec(line);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
  });
}

const DUMP = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: shop}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-0, namespace: shop, labels: {app: web}}
  spec: {nodeName: node-1, containers: [{name: web, image: nginx, ports: [{containerPort: 8080, name: http}]}]}
  status: {phase: Running, podIP: 10.244.1.5, podIPs: [{ip: 10.244.1.5}], conditions: [{type: Ready, status: "True"}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: api-0, namespace: shop, labels: {app: api}}
  spec: {nodeName: node-1, containers: [{name: api, image: api, ports: [{containerPort: 9090, name: http}]}]}
  status: {phase: Running, podIP: 10.244.1.6, podIPs: [{ip: 10.244.1.6}], conditions: [{type: Ready, status: "True"}]}
`;

let a = '';
let b = '';

beforeAll(async () => {
  if (!server.ok) return;
  [a, b] = await Promise.all([startReplica('replica-a'), startReplica('replica-b')]);
}, 120_000);

afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (server.ok) server.stop();
});

describe.skipIf(!server.ok)('two replicas on one PostgreSQL database', () => {
  it('opens through one replica an upload and a share made through the other', async () => {
    const up = await fetch(`${a}/api/sources?name=shop.yaml`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: DUMP,
    });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    expect(id).toMatch(/^upload:/);

    // Listed on the other replica too, to the browser that uploaded it (its owner cookie).
    const owner = up.headers.get('set-cookie')!.split(';')[0]!;
    const listed = (await (await fetch(`${b}/api/sources`, { headers: { cookie: owner } })).json()) as {
      sources: { id: string }[];
    };
    expect(listed.sources.map((s) => s.id)).toContain(id);
    const q = new URLSearchParams({
      source: id,
      from: 'pod:shop/web-0',
      to: 'pod:shop/api-0',
      port: '9090',
      protocol: 'TCP',
    });
    const traced = await fetch(`${b}/api/trace?${q}`);
    expect(traced.status).toBe(200);
    const result = (await traced.json()) as { verdict: string; hops: unknown[] };
    // No policy in the dump: the packet is delivered, and both replicas answer alike.
    expect(result.verdict).toBe('delivered');
    expect(await (await fetch(`${a}/api/trace?${q}`)).json()).toEqual(result);

    const made = await fetch(`${b}/api/shares`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        source: id,
        query: { from: 'pod:shop/web-0', to: 'pod:shop/api-0', port: 9090, protocol: 'TCP' },
      }),
    });
    expect(made.status).toBe(201);
    const { id: shareId } = (await made.json()) as { id: string };
    const opened = await fetch(`${a}/api/shares/${encodeURIComponent(shareId)}`);
    expect(opened.status).toBe(200);
    const view = (await opened.json()) as { query: { from: string } };
    expect(view.query.from).toBe('pod:shop/web-0');
  }, 120_000);
});
