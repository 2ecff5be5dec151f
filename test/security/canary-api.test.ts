// A planted secret value, in every place people keep one (Secret data and stringData, env,
// short annotations, `-p VALUE`, `-pVALUE`, `--conn=postgres://u:PASS@host`,
// `sh -c "PGPASSWORD=… cmd"`, exec probes, ConfigMap URLs), uploaded through the API as a
// user would: it never reaches the SQLite file or its WAL, and no API answer carries it.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_MARKER, PLANTED, plantedSnapshot } from '../store/planted';

const dataDir = mkdtempSync(join(tmpdir(), 'pp-canary-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

type Handler = (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
type Route = { GET?: Handler; POST?: Handler };
const r: Record<string, Route> = {};
let scenarioQuery: { from: string; to: string; port?: number };
let scenarioSource = '';
let uploadYaml = '';
const answers: string[] = [];

async function call(
  route: Route,
  method: 'GET' | 'POST',
  path: string,
  init: RequestInit = {},
  params?: Record<string, string>,
): Promise<Response> {
  const handler = route[method]!;
  const res = await handler(new Request(`http://localhost${path}`, { method, ...init }), {
    params: Promise.resolve({ id: params?.id ?? '' }),
  });
  answers.push(`${path} ${res.status} ${await res.clone().text()}`);
  return res;
}

beforeAll(async () => {
  r.sources = await import('../../app/api/sources/route');
  r.objects = await import('../../app/api/objects/route');
  r.snapshots = await import('../../app/api/snapshots/route');
  r.download = await import('../../app/api/snapshots/[id]/download/route');
  r.shares = await import('../../app/api/shares/route');
  r.share = await import('../../app/api/shares/[id]/route');
  r.diff = await import('../../app/api/snapshots/diff/route');
  const { scenarios, scenarioSnapshot } = await import('../../lib/scenarios');
  const scenario = scenarios[0]!;
  const { label: _l, ...q } = scenario.queries[0]!;
  scenarioQuery = q;
  scenarioSource = `scenario:${scenario.slug}`;
  // The scenario's objects (so a share can trace a real path) plus the planted ones in a namespace of their own.
  const planted = plantedSnapshot().objects.map((o) => ({
    ...o,
    metadata: { ...o.metadata, namespace: o.metadata.namespace ? 'canary' : undefined },
  }));
  uploadYaml = [...scenarioSnapshot(scenario).objects, ...planted]
    .map((o) => stringify(JSON.parse(JSON.stringify(o))))
    .join('---\n');
});

afterAll(async () => {
  const { closeStore } = await import('../../lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('planted secrets through the API', () => {
  it('are in the upload, and in no stored byte nor any answer after upload, save, share, download and object views', async () => {
    // Positive control: the upload really carries every planted value.
    for (const value of Object.values(PLANTED)) expect(uploadYaml).toContain(value);

    const up = await call(r.sources!, 'POST', '/api/sources', {
      body: uploadYaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(up.status).toBe(201);
    const { id: source, removed } = (await up.json()) as { id: string; removed: Array<{ field: string }> };
    expect(removed.map((x) => x.field)).toContain('(whole object)');
    const uploadId = source.slice('upload:'.length);

    const dl = await call(r.download!, 'GET', `/api/snapshots/${uploadId}/download`, {}, { id: uploadId });
    expect(dl.status).toBe(200);
    expect(await dl.clone().text()).toContain(KEPT_MARKER);

    const secret = await call(
      r.objects!,
      'GET',
      `/api/objects?source=${source}&kind=Secret&namespace=canary&name=db-credentials`,
    );
    expect(secret.status).toBe(404);
    for (const [kind, name] of [
      ['Deployment', 'web'],
      ['Service', 'db'],
      ['ConfigMap', 'cilium-config'],
      ['BGPPeer', 'router'],
    ] as const) {
      const res = await call(
        r.objects!,
        'GET',
        `/api/objects?source=${source}&kind=${kind}&namespace=canary&name=${name}`,
      );
      expect(res.status).toBe(200);
    }

    const saved = await call(r.snapshots!, 'POST', '/api/snapshots', {
      body: JSON.stringify({ source, name: 'canary' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(saved.status).toBe(201);
    const savedId = ((await saved.json()) as { id: string }).id;
    await call(r.download!, 'GET', `/api/snapshots/${savedId}/download`, {}, { id: savedId });

    const share = await call(r.shares!, 'POST', '/api/shares', {
      body: JSON.stringify({ source, query: scenarioQuery, view: {} }),
      headers: { 'content-type': 'application/json' },
    });
    expect(share.status).toBe(201);
    const shareId = ((await share.json()) as { id: string }).id;
    await call(r.share!, 'GET', `/api/shares/${shareId}`, {}, { id: shareId });
    await call(r.diff!, 'GET', `/api/snapshots/diff?a=${source}&b=${encodeURIComponent(scenarioSource)}`);
    await call(r.sources!, 'GET', '/api/sources');

    const file = join(dataDir, 'packetpath.db');
    const stored = [file, `${file}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
    expect(stored).toContain(KEPT_MARKER);
    const everything = `${stored}\n${answers.join('\n')}`;
    for (const value of Object.values(PLANTED)) expect(everything).not.toContain(value);
    expect(everything).not.toContain(Buffer.from(PLANTED.secretData).toString('base64'));
  });
});
