// Route handlers called directly with `new Request(...)`: bad input always gets a
// clear 4xx JSON answer, never a 500 or a stack trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-routes-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
// Small configured limits (the defaults are 1 GiB / 512 MiB), so the 413 cases stay small.
process.env.PACKETPATH_UPLOAD_MAX_BYTES = '20MiB';
process.env.PACKETPATH_UPLOAD_MAX_FILE_BYTES = '5MiB';

type Route = { GET?: (r: Request) => Promise<Response> | Response; POST?: (r: Request) => Promise<Response> };
let sources: Route, trace: Route, reach: Route, lint: Route, endpoints: Route, objects: Route, ready: Route;
let scenarioId: string;
let firstQuery: { from: string; to: string; port?: number };

beforeAll(async () => {
  sources = await import('../sources/route');
  trace = await import('../trace/route');
  reach = await import('../reach/route');
  lint = await import('../lint/route');
  endpoints = await import('../endpoints/route');
  objects = await import('../objects/route');
  ready = await import('../health/ready/route');
  const { scenarios } = await import('lib/scenarios');
  scenarioId = `scenario:${scenarios[0]!.slug}`;
  firstQuery = scenarios[0]!.queries[0]!;
});

afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (route: Route, path: string) => route.GET!(new Request(`http://test${path}`));
const body = async (res: Response) => (await res.json()) as Record<string, unknown>;

function expectClientError(res: Response, status: number, json: Record<string, unknown>) {
  expect(res.status).toBe(status);
  expect(typeof json.error).toBe('string');
  expect(typeof json.detail).toBe('string');
  expect(JSON.stringify(json)).not.toMatch(/\n\s+at /);
}

describe('GET /api/trace', () => {
  it('traces the first query of a scenario with the CLI JSON shape', async () => {
    const q = new URLSearchParams({ source: scenarioId, from: firstQuery.from, to: firstQuery.to });
    if (firstQuery.port) q.set('port', String(firstQuery.port));
    const res = await get(trace, `/api/trace?${q}`);
    const text = await res.clone().text();
    const json = await body(res);
    expect(res.status).toBe(200);
    // Byte for byte what `packetpath trace --format json` prints.
    const { formatTrace, traceRoute } = await import('lib/engine');
    const { getSource } = await import('lib/server');
    const { model } = await getSource(scenarioId);
    expect(text).toBe(
      formatTrace(
        traceRoute(model, {
          from: firstQuery.from,
          to: firstQuery.to,
          ...(firstQuery.port ? { port: firstQuery.port } : {}),
        }),
        'json',
      ),
    );
    expect(['delivered', 'dropped', 'degraded']).toContain(json.verdict);
    expect(Array.isArray(json.hops)).toBe(true);
    expect(Array.isArray(json.findings)).toBe(true);
  });

  it('answers 4xx for an endpoint that names nothing', async () => {
    const res = await get(
      trace,
      `/api/trace?source=${scenarioId}&from=pod:nowhere/nobody&to=${encodeURIComponent(firstQuery.to)}`,
    );
    const json = await body(res);
    expectClientError(res, 400, json);
    expect(json.detail).toMatch(/nobody/);
  });

  it('answers 400 naming the parameter for a malformed query', async () => {
    const missing = await get(trace, `/api/trace?source=${scenarioId}&from=pod:a/b`);
    const missingJson = await body(missing);
    expectClientError(missing, 400, missingJson);
    expect(missingJson.detail).toMatch(/^to: /);

    const port = await get(trace, `/api/trace?source=${scenarioId}&from=pod:a/b&to=svc:a/c&port=99999`);
    const portJson = await body(port);
    expectClientError(port, 400, portJson);
    expect(portJson.detail).toMatch(/^port: /);

    const protocol = await get(trace, `/api/trace?from=pod:a/b&to=svc:a/c&protocol=ICMP`);
    expectClientError(protocol, 400, await body(protocol));

    // Every bad parameter at once, each as {field, message}, so a form can mark them all.
    const many = await get(trace, `/api/trace?source=${scenarioId}&to=svc:a/c&port=0&protocol=FOO&size=x`);
    const manyJson = await body(many);
    expectClientError(many, 400, manyJson);
    expect((manyJson.problems as { field: string }[]).map((p) => p.field)).toEqual([
      'from',
      'port',
      'protocol',
      'size',
    ]);
    expect(manyJson.param).toBe('from');
    expect(manyJson.detail).toMatch(/^from: .*; port: .*; protocol: must be one of SCTP, TCP, UDP/);
  });

  it('answers 404 for an unknown or malformed source', async () => {
    const unknown = await get(trace, `/api/trace?source=scenario:no-such-thing&from=pod:a/b&to=svc:a/c`);
    expectClientError(unknown, 404, await body(unknown));
    const malformed = await get(
      trace,
      `/api/trace?source=${encodeURIComponent('../../etc/passwd')}&from=pod:a/b&to=svc:a/c`,
    );
    expectClientError(malformed, 400, await body(malformed));
  });
});

describe('GET /api/reach, /api/lint, /api/endpoints, /api/objects', () => {
  it('returns the CLI JSON of reach and lint', async () => {
    const r = await body(await get(reach, `/api/reach?source=${scenarioId}`));
    expect(Array.isArray(r.pairs)).toBe(true);
    const l = await body(await get(lint, `/api/lint?source=${scenarioId}`));
    expect(Array.isArray(l.findings)).toBe(true);
    const bad = await get(reach, `/api/reach?source=${scenarioId}&granularity=galaxy`);
    expectClientError(bad, 400, await body(bad));
  });

  it('searches endpoints server-side with a cap', async () => {
    const json = await body(await get(endpoints, `/api/endpoints?source=${scenarioId}&limit=3`));
    const results = json.results as Array<{ value: string }>;
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    const name = firstQuery.from.replace(/^\w+:/, '').split('/').pop()!;
    const found = await body(
      await get(endpoints, `/api/endpoints?source=${scenarioId}&q=${encodeURIComponent(name)}`),
    );
    expect((found.results as Array<{ value: string }>).map((r) => r.value)).toContain(firstQuery.from);
  });

  it('returns an object as YAML, and 404 for one that is not there', async () => {
    const { getScenario } = await import('lib/scenarios');
    const obj = getScenario(scenarioId.slice('scenario:'.length))!.objects.find((o) => o.kind === 'Service')!;
    const q = new URLSearchParams({
      source: scenarioId,
      kind: 'Service',
      name: obj.metadata.name!,
      namespace: obj.metadata.namespace!,
    });
    const json = await body(await get(objects, `/api/objects?${q}`));
    expect(json.yaml).toMatch(/kind: Service/);
    const missing = await get(objects, `/api/objects?source=${scenarioId}&kind=Service&name=nope`);
    expectClientError(missing, 404, await body(missing));
  });
});

describe('POST /api/sources', () => {
  const post = (init: RequestInit) =>
    sources.POST!(new Request('http://test/api/sources', { method: 'POST', ...init }));

  it('stores a valid upload and lists it', async () => {
    const form = new FormData();
    form.append('files', new File(['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'], 'ns.yaml'));
    form.append(
      'files',
      new File(
        [
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'db', namespace: 'shop' },
            spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] },
          }),
        ],
        'svc.json',
      ),
    );
    const res = await post({ body: form });
    const json = await body(res);
    expect(res.status).toBe(201);
    expect(json.id).toMatch(/^upload:[0-9a-f]{64}$/);
    // Listed to the browser that uploaded it (its owner cookie), not to anyone else.
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^packetpath_owned=upload-[0-9a-f]{64}; Path=\/; .*HttpOnly; SameSite=Lax/);
    const ids = async (headers: Record<string, string>) =>
      (
        (await body(await sources.GET!(new Request('http://test/api/sources', { headers }))))
          .sources as Array<{ id: string }>
      ).map((s) => s.id);
    expect(await ids({ cookie: cookie.split(';')[0]! })).toContain(json.id);
    const stranger = await ids({});
    expect(stranger).not.toContain(json.id);
    expect(stranger.some((id) => id.startsWith('scenario:'))).toBe(true);
  });

  it('names file and document of a parse error', async () => {
    const form = new FormData();
    form.append('files', new File(['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n'], 'good.yaml'));
    form.append(
      'files',
      new File(['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\nkind: [oops\n'], 'broken.yaml'),
    );
    const res = await post({ body: form });
    const json = await body(res);
    expectClientError(res, 400, json);
    expect(json.file).toBe('broken.yaml');
    expect(json.document).toBe(2);
  });

  it('answers 413 over the size limit and 415 for an unsupported type', async () => {
    const big = new FormData();
    big.append('files', new File(['#'.repeat(5 * 1024 * 1024 + 1)], 'big.yaml'));
    const tooBig = await post({ body: big });
    expectClientError(tooBig, 413, await body(tooBig));

    const hugeDeclared = await post({
      body: 'x',
      headers: { 'content-type': 'application/yaml', 'content-length': String(100 * 1024 * 1024) },
    });
    expectClientError(hugeDeclared, 413, await body(hugeDeclared));

    const exe = new FormData();
    exe.append('files', new File(['MZ'], 'tool.exe'));
    const badType = await post({ body: exe });
    expectClientError(badType, 415, await body(badType));

    const pdf = await post({ body: '%PDF-1.4', headers: { 'content-type': 'application/pdf' } });
    expectClientError(pdf, 415, await body(pdf));
  });

  it('accepts a raw YAML body', async () => {
    const res = await post({
      body: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: raw\n',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(res.status).toBe(201);
  });
});

describe('GET /api/health/ready', () => {
  it('is ready when the default source loads and the store answers', async () => {
    const res = await ready.GET!(new Request('http://test/api/health/ready'));
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ status: 'ready' });
  });
});
