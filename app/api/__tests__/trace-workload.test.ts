// /api/trace and share links with a workload endpoint (shared/contracts/http.md: the
// CLI's trace JSON; cli.md "Workload endpoints"): replicas[] and the drawn replica,
// `replica=NS/NAME` to draw another, a share link that keeps the replica it was made on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceResult } from 'lib/engine/types';

/** The trace JSON, plus the `detail` of an error answer. */
type Answer = TraceResult & { detail?: string; replicas: NonNullable<TraceResult['replicas']> };

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-workload-api-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

type Get = { GET: (r: Request) => Promise<Response> };
type Ctx = { params: Promise<{ id: string }> };
let trace: Get;
let shares: { POST: (r: Request) => Promise<Response> };
let share: { GET: (r: Request, c: Ctx) => Promise<Response> };

beforeAll(async () => {
  trace = await import('../trace/route');
  shares = await import('../shares/route');
  share = await import('../shares/[id]/route');
});

afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const source = 'scenario:vxlan-mtu-web-replicas';
const base = `/api/trace?source=${source}&from=deploy:shop/web&to=svc:shop/db&port=5432`;
const get = async (path: string) => {
  const res = await trace.GET(new Request(`http://test${path}`));
  return { status: res.status, json: (await res.json()) as Answer };
};

describe('GET /api/trace with a workload endpoint', () => {
  it('answers the CLI JSON with replicas[] and the worst replica drawn', async () => {
    const { status, json } = await get(base);
    expect(status).toBe(200);
    expect(json.verdict).toBe('dropped');
    expect(json.replicas.map((r) => r.verdict)).toEqual(['dropped', 'dropped', 'delivered']);
    expect(json.workload?.drawn).toBe(json.replicas[0]!.pod);
  });

  it('draws the replica named by replica=, and answers 400 for one that is not', async () => {
    const beside = (await get(base)).json.replicas[2]!.pod;
    const chosen = await get(`${base}&replica=${encodeURIComponent(beside)}`);
    expect(chosen.status).toBe(200);
    expect(chosen.json).toMatchObject({ verdict: 'delivered', workload: { drawn: beside } });
    const other = await get(`${base}&replica=shop/db-0`);
    expect(other.status).toBe(400);
    expect(other.json.detail).toMatch(/not a ready replica/);
    const malformed = await get(`${base}&replica=not a pod`);
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toMatch(/^replica: /);
  });

  it('names the workload that does not exist', async () => {
    const { status, json } = await get(`/api/trace?source=${source}&from=deploy:shop/nope&to=svc:shop/db`);
    expect(status).toBe(400);
    expect(json.detail).toMatch(/no Deployment "nope"/);
  });
});

describe('share links of a workload trace', () => {
  it('freezes the query and the drawn replica', async () => {
    const beside = (await get(base)).json.replicas[2]!.pod;
    const res = await shares.POST(
      new Request('http://test/api/shares', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          source,
          query: { from: 'deploy:shop/web', to: 'svc:shop/db', port: 5432 },
          view: { replica: beside },
        }),
      }),
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const read = await share.GET(new Request(`http://test/api/shares/${id}`), {
      params: Promise.resolve({ id }),
    });
    const body = (await read.json()) as { trace: TraceResult };
    expect(body.trace.replicas).toHaveLength(3);
    expect(body.trace.workload?.drawn).toBe(beside);
    expect(body.trace.verdict).toBe('delivered');
  });
});
