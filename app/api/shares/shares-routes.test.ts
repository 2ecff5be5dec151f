// The share and snapshot routes called directly: a share freezes a redacted snapshot
// and answers with the same trace every time; bad input is a 4xx, never a 500.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceQuery } from 'lib/engine/types';

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-shares-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

type Ctx = { params: Promise<{ id: string }> };
type Handler = (r: Request, c: Ctx) => Promise<Response>;
let shares: { POST: (r: Request) => Promise<Response> };
let share: { GET: Handler };
let snapshots: { GET: (r: Request) => Promise<Response>; POST: (r: Request) => Promise<Response> };
let snapshot: { GET: Handler; DELETE: Handler };
let download: { GET: Handler };
let diff: { GET: (r: Request) => Promise<Response> };
let source: string;
let query: TraceQuery;
let expectedTrace: unknown;

beforeAll(async () => {
  shares = await import('./route');
  share = await import('./[id]/route');
  snapshots = await import('../snapshots/route');
  snapshot = await import('../snapshots/[id]/route');
  download = await import('../snapshots/[id]/download/route');
  diff = await import('../snapshots/diff/route');
  const { scenarios, scenarioSnapshot } = await import('lib/scenarios');
  const { traceRoute } = await import('lib/engine');
  const { loadModel } = await import('lib/ingest');
  const s = scenarios[0]!;
  source = `scenario:${s.slug}`;
  const { label: _label, ...q } = s.queries[0]!;
  query = q;
  expectedTrace = traceRoute(loadModel(scenarioSnapshot(s)), q);
});

afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (route: { POST: (r: Request) => Promise<Response> }, body: unknown) =>
  route.POST(
    new Request('http://test/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
const ctx = (id: string): Ctx => ({ params: Promise.resolve({ id }) });
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('POST /api/shares and GET /api/shares/ID', () => {
  it('freezes the state and answers with the same trace every time', async () => {
    const res = await post(shares, {
      source,
      query,
      view: { hop: 'h2' },
      title: 'MTU drop',
      note: 'see encap',
      expiresInDays: 7,
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created.url).toBe(`/s/${created.id}`);
    expect(Array.isArray(created.removed)).toBe(true);
    const first = await json(await share.GET(new Request('http://test'), ctx(String(created.id))));
    const second = await json(await share.GET(new Request('http://test'), ctx(String(created.id))));
    expect(first).toEqual(second);
    expect(first).toMatchObject({
      id: created.id,
      query,
      view: { hop: 'h2' },
      title: 'MTU drop',
      note: 'see encap',
      source: { id: source, kind: 'scenario' },
    });
    expect(first.trace).toEqual(expectedTrace);
    const lifetime = Date.parse(String(first.expiresAt)) - Date.parse(String(first.createdAt));
    expect(Math.abs(lifetime - 7 * 86_400_000)).toBeLessThan(1000);
  });

  it.each(['nope', 'AAAAAAAAAAAAAAAAAAAAAA', '../../etc', ''])(
    'answers 404 JSON for the id "%s"',
    async (id) => {
      const res = await share.GET(new Request('http://test'), ctx(id));
      expect(res.status).toBe(404);
      expect(await json(res)).toMatchObject({ error: 'unknown share' });
    },
  );

  const badBodies: Array<[string, () => unknown]> = [
    ['source', () => ({ query })],
    ['query.to', () => ({ source, query: { from: 'pod:a/b' } })],
    ['query.port', () => ({ source, query: { ...query, port: 70000 } })],
    ['expiresInDays', () => ({ source, query, expiresInDays: 0 })],
    ['view', () => ({ source, query, view: 'hop' })],
  ];
  it.each(badBodies)('rejects a bad %s with 400 naming the field', async (field, body) => {
    const res = await post(shares, body());
    expect(res.status).toBe(400);
    expect(String((await json(res)).detail)).toContain(field);
  });

  it('rejects unknown sources and endpoints without storing anything', async () => {
    expect((await post(shares, { source: 'upload:0000', query })).status).toBe(404);
    const bad = await post(shares, { source, query: { from: 'pod:shop/nothing-here', to: query.to } });
    expect(bad.status).toBe(400);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await shares.POST(new Request('http://test/api', { method: 'POST', body: '{oops' }));
    expect(res.status).toBe(400);
  });
});

describe('snapshots', () => {
  it('saves, lists, downloads a PacketpathSnapshot file, and deletes', async () => {
    const res = await post(snapshots, { source, name: 'before the fix' });
    expect(res.status).toBe(201);
    const saved = await json(res);
    expect(saved).toMatchObject({
      name: 'before the fix',
      purpose: 'snapshot',
      source: `snapshot:${saved.id}`,
      alreadySaved: false,
    });
    const again = await json(await post(snapshots, { source, name: 'same state, new name' }));
    expect(again).toMatchObject({ id: saved.id, name: 'before the fix', alreadySaved: true });
    // Listed to the browser that saved it (owner cookie), not to everyone.
    const owner = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(owner).toBe(`packetpath_owned=snapshot-${saved.id}`);
    const listed = async (headers: Record<string, string>) =>
      (
        (await json(await snapshots.GET(new Request('http://test/api/snapshots', { headers }))))
          .snapshots as Array<{ id: string }>
      ).map((s) => s.id);
    expect(await listed({ cookie: owner })).toContain(saved.id);
    expect(await listed({})).not.toContain(saved.id);

    const file = await download.GET(new Request('http://test'), ctx(String(saved.id)));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(
      /attachment; filename="before-the-fix-[0-9a-f]{8}\.packetpath\.yaml"/,
    );
    const doc = parse(await file.text()) as { kind: string; apiVersion: string; objects: unknown[] };
    expect(doc.kind).toBe('PacketpathSnapshot');
    expect(doc.objects.length).toBe(saved.objectCount);

    expect((await snapshot.GET(new Request('http://test'), ctx(String(saved.id)))).status).toBe(200);
    expect(
      (await snapshot.DELETE(new Request('http://test/x?purpose=snapshot'), ctx(String(saved.id)))).status,
    ).toBe(204);
    expect(
      (await snapshot.DELETE(new Request('http://test/x?purpose=snapshot'), ctx(String(saved.id)))).status,
    ).toBe(404);
    expect((await download.GET(new Request('http://test'), ctx('zz'))).status).toBe(404);
  });

  it('compares two states along a path: the fix shows as a changed object and a finding gone', async () => {
    const { scenarios } = await import('lib/scenarios');
    const broken = scenarios[0]!;
    const fixed = broken.fixedBy;
    expect(fixed).toBeDefined();
    const q = new URLSearchParams({ a: source, b: `scenario:${fixed}`, from: query.from, to: query.to });
    if (query.port) q.set('port', String(query.port));
    const res = await diff.GET(new Request(`http://test/api/snapshots/diff?${q}`));
    expect(res.status).toBe(200);
    const d = await json(res);
    expect((d.objects as unknown[]).length).toBeGreaterThan(0);
    expect((d.findings as Array<{ change: string }>).some((f) => f.change === 'disappeared')).toBe(true);
    const half = await diff.GET(new Request(`http://test/api/snapshots/diff?a=${source}&b=${source}&from=x`));
    expect(half.status).toBe(400);
  });
});
