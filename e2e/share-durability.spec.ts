// Share links under load and across a crash: hundreds of parallel POST /api/shares
// against the production server all succeed with distinct ids, and after the server is
// killed with SIGKILL (no shutdown, no flush) every acknowledged link still opens.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { expect, test } from '@playwright/test';
import { getScenario } from './helpers';
import { startServer, type OwnServer } from './share-server';

const PARALLEL = 200;
const scenario = getScenario('vxlan-mtu-blackhole')!;
const query = scenario.queries[0]!;
const dataDir = join(import.meta.dirname, '..', 'e2e-output', `share-durability-${process.pid}`);
let server: OwnServer | undefined;

test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test(`${PARALLEL} parallel share requests are all kept, and survive a SIGKILL of the server`, async () => {
  test.setTimeout(240_000);
  rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  server = await startServer(port, dataDir);
  const base = server.baseURL;

  const body = (i: number) =>
    JSON.stringify({
      source: `scenario:${scenario.slug}`,
      query: { from: query.from, to: query.to, port: query.port, protocol: query.protocol ?? 'TCP' },
      title: `incident ${i}`,
    });
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, async (_, i) => {
      const res = await fetch(`${base}/api/shares`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(i),
      });
      return { status: res.status, json: (await res.json()) as { id?: string; url?: string } };
    }),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(PARALLEL).fill(201));
  const ids = answers.map((a) => a.json.id!);
  expect(new Set(ids).size).toBe(PARALLEL);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22,}$/);

  // Crash right after the last acknowledgement, then start again on the same data.
  await server.kill();
  server = await startServer(port, dataDir);

  const reread = await Promise.all(
    ids.map(async (id, i) => {
      const res = await fetch(`${server!.baseURL}/api/shares/${id}`);
      const json = (await res.json()) as { id: string; query: { from: string; to: string } };
      return {
        status: res.status,
        ok: json.id === id && json.query.from === query.from && json.query.to === query.to,
        i,
      };
    }),
  );
  expect(reread.filter((r) => r.status !== 200 || !r.ok)).toEqual([]);
});
