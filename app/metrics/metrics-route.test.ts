// GET /metrics scraped after real API requests, its exposition parsed as Prometheus does
// (text format 0.0.4, https://prometheus.io/docs/instrumenting/exposition_formats/).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-metrics-'));
process.env.PACKETPATH_DATA_DIR = dataDir;
process.env.PACKETPATH_LOG_LEVEL = 'silent';
delete process.env.DATABASE_URL;
delete process.env.PACKETPATH_LIVE;

type Route = { GET: (r: Request) => Promise<Response> | Response };
let trace: Route, scrape: Route;
let share: { GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> };
let query: URLSearchParams;

beforeAll(async () => {
  trace = (await import('../api/trace/route')) as Route;
  share = await import('../api/shares/[id]/route');
  scrape = (await import('./route')) as Route;
  const { scenarios } = await import('lib/scenarios');
  const scenario = scenarios[0]!;
  const first = scenario.queries[0]!;
  query = new URLSearchParams({ source: `scenario:${scenario.slug}`, from: first.from, to: first.to });
  if (first.port) query.set('port', String(first.port));
});

afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (route: Route, path: string) => route.GET(new Request(`http://test${path}`));

async function families() {
  const res = await scrape.GET(new Request('http://test/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  // The parser throws on any line that is not valid exposition text.
  return { text, m: new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f])) };
}

const sample = (
  family: { metrics: readonly { labels?: Readonly<Record<string, string>>; value?: string }[] } | undefined,
  labels: Record<string, string>,
) => family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('GET /metrics', () => {
  it('counts requests per route template and status, their latency, model builds and cache hits', async () => {
    expect((await get(trace, `/api/trace?${query}`)).status).toBe(200);
    expect((await get(trace, `/api/trace?${query}`)).status).toBe(200);
    expect((await get(trace, `/api/trace?${query}&size=abc`)).status).toBe(400);
    expect(
      (
        await share.GET(new Request('http://test/api/shares/doesnotexist'), {
          params: Promise.resolve({ id: 'doesnotexist' }),
        })
      ).status,
    ).toBe(404);

    const { text, m } = await families();
    const requests = m.get('packetpath_http_requests_total');
    expect(requests?.type).toBe('COUNTER');
    expect(sample(requests, { method: 'GET', route: '/api/trace', status: '200' })?.value).toBe('2');
    expect(sample(requests, { method: 'GET', route: '/api/trace', status: '400' })?.value).toBe('1');
    // The share id is not a label value: the route template is.
    expect(sample(requests, { route: '/api/shares/[id]', status: '404' })?.value).toBe('1');
    expect(requests?.metrics.some((s) => s.labels?.route?.includes('doesnotexist'))).toBe(false);

    expect(m.get('packetpath_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    // The parser folds a labelled histogram's series into one, so its lines are read as written.
    expect(text).toContain(
      'packetpath_http_request_duration_seconds_count{method="GET",route="/api/trace"} 3',
    );
    expect(text).toContain(
      'packetpath_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/trace"} 3',
    );

    const builds = m.get('packetpath_model_builds_total');
    expect(Number(sample(builds, { kind: 'scenario', outcome: 'ok' })?.value)).toBe(1);
    expect(m.get('packetpath_model_build_duration_seconds')?.type).toBe('HISTOGRAM');
    const cache = m.get('packetpath_model_cache_requests_total');
    expect(sample(cache, { result: 'miss' })?.value).toBe('1');
    expect(Number(sample(cache, { result: 'hit' })?.value)).toBeGreaterThanOrEqual(1);

    // Node's process metrics, under their usual names.
    expect(m.has('process_cpu_seconds_total')).toBe(true);
    expect(m.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('reports no live-source state while the live source is off', async () => {
    const { m } = await families();
    expect(m.get('packetpath_live_source_state')?.metrics ?? []).toEqual([]);
  });

  it('is behind the access check, answering a scraper without a token with a JSON 401', async () => {
    const { decideAccess } = await import('../../proxy');
    const request = {
      pathname: '/metrics',
      searchParams: new URLSearchParams(),
      header: () => null,
      cookie: () => undefined,
      secure: false,
    };
    expect(decideAccess(request, { token: 'secret' })).toMatchObject({
      action: 'deny',
      status: 401,
      api: true,
    });
    expect(
      decideAccess(
        { ...request, header: (h: string) => (h === 'authorization' ? 'Bearer secret' : null) },
        { token: 'secret' },
      ),
    ).toEqual({ action: 'allow' });
  });
});
