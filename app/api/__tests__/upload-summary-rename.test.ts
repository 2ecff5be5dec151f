// An upload answers with what it holds (the summary card's data) and a readable name,
// which PATCH /api/snapshots/ID renames; the source list shows the new name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-rename-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const dump = [
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' }, spec: { podCIDR: '10.244.1.0/24' } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } },
    spec: { nodeName: 'worker-1', containers: [{ name: 'web' }] },
    status: { podIP: '10.244.1.5', hostIP: '192.168.1.10', phase: 'Running' },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'db-0', namespace: 'shop', labels: { app: 'db' } },
    spec: { nodeName: 'worker-1', containers: [{ name: 'pg', ports: [{ containerPort: 5432 }] }] },
    status: { podIP: '10.244.1.6', hostIP: '192.168.1.10', phase: 'Running' },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db', namespace: 'shop' },
    spec: { selector: { app: 'db' }, clusterIP: '10.96.0.20', ports: [{ port: 5432, protocol: 'TCP' }] },
  },
  { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'shop' } },
];

describe('upload summary and rename', () => {
  it('answers the summary, a readable name, and renames through PATCH', async () => {
    const sources = await import('../sources/route');
    const snapshot = await import('../snapshots/[id]/route');
    const form = new FormData();
    form.append(
      'files',
      new File([JSON.stringify({ apiVersion: 'v1', kind: 'List', items: dump })], 'shop-dump.json'),
    );
    const res = await sources.POST(new Request('http://test/api/sources', { method: 'POST', body: form }));
    expect(res.status).toBe(201);
    const json = (await res.json()) as {
      id: string;
      title: string;
      summary: {
        nodes: number;
        pods: number;
        services: number;
        ignored: string[];
        traces: { from: string; to: string }[];
      };
    };
    expect(json.title).toMatch(/^shop-dump\.json \([A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2} UTC\)$/);
    expect(json.summary).toMatchObject({ nodes: 1, pods: 2, services: 1 });
    expect(json.summary.ignored).toContain('1 LimitRange (not read)');
    expect(json.summary.traces[0]).toMatchObject({ from: 'pod:shop/web-1', to: 'svc:shop/db', port: 5432 });

    const hash = json.id.slice('upload:'.length);
    const ctx = { params: Promise.resolve({ id: hash }) };
    const patch = (payload: unknown) =>
      snapshot.PATCH(
        new Request(`http://test/api/snapshots/${hash}`, { method: 'PATCH', body: JSON.stringify(payload) }),
        ctx,
      );
    const renamed = await patch({ name: '  shop prod before the fix ' });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { name: string }).name).toBe('shop prod before the fix');
    // Listed to the browser that uploaded it: its owner cookie.
    const owner = res.headers.get('set-cookie')!.split(';')[0]!;
    const listed = await sources.GET(new Request('http://test/api/sources', { headers: { cookie: owner } }));
    const list = (await listed.json()) as {
      sources: { id: string; title: string }[];
    };
    expect(list.sources.find((s) => s.id === json.id)?.title).toBe('shop prod before the fix');

    const empty = await patch({ name: '   ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { detail: string }).detail).toContain('name');
    const twoLines = await patch({ name: 'a\nb' });
    expect(twoLines.status).toBe(400);
    const unknown = await snapshot.PATCH(
      new Request('http://test/api/snapshots/x', { method: 'PATCH', body: JSON.stringify({ name: 'x' }) }),
      { params: Promise.resolve({ id: '0'.repeat(64) }) },
    );
    expect(unknown.status).toBe(404);
  });
});
