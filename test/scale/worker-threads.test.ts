// Parsing an upload and computing a reach run in worker threads (lib/server/workers), so
// the server answers while they run: /api/health/live (the liveness probe, which must
// answer within its timeout) is answered while a large upload is being parsed. The pool
// is bounded: past its queue a task is refused with 429 and Retry-After, and a thread
// that outgrows its heap cap is answered 503, the server going on.

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { BENCH_CLUSTERS, barePodList, benchDumps } from '../../bench/clusters';
import { appName, appNamespace, appPodRef } from '../../lib/scenarios/generate/large-cluster';
import { ApiError } from '../../lib/server/errors';

const dir = mkdtempSync(join(tmpdir(), 'packetpath-workers-'));
process.env.PACKETPATH_DATA_DIR = dir;
delete process.env.DATABASE_URL;
process.env.PACKETPATH_UPLOAD_QUEUE = '8';

let sDump: string;
let uploadedId = '';
beforeAll(async () => {
  sDump = readFileSync((await benchDumps('S')).json, 'utf8');
}, 300_000);
afterAll(async () => {
  const { resetPool } = await import('../../lib/server/workers/pool');
  await resetPool();
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (body: string) =>
  new Request('http://test/api/sources?name=dump.json', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('worker threads', () => {
  it('answers /api/health/live while the S dump (8.9 MiB, 2,462 objects) is parsed', async () => {
    const { POST } = await import('../../app/api/sources/route');
    const live = await import('../../app/api/health/live/route');
    const { runningTasks } = await import('../../lib/server/workers/pool');
    let settled = false;
    const pending = POST(upload(sDump)).finally(() => (settled = true));
    // The parse has been handed to a worker thread...
    await vi.waitFor(() => expect(runningTasks('ingest')).toBe(1), { timeout: 60_000, interval: 5 });
    // ...and the probe is answered meanwhile (it needs no I/O: it resolves before any
    // message from the worker can be taken, so the upload cannot have finished).
    const res = live.GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(settled).toBe(false);
    expect(runningTasks('ingest')).toBe(1);
    const created = await pending;
    expect(created.status).toBe(201);
    const entry = (await created.json()) as { id: string; objectCount: number };
    expect(entry.objectCount).toBeGreaterThan(2000);
    uploadedId = entry.id;
  }, 120_000);

  it('traces an upload in the worker that holds its model; the main thread never receives it', async () => {
    const trace = await import('../../app/api/trace/route');
    const { heldHere } = await import('../../lib/server/sources');
    const { getSource } = await import('../../lib/server');
    const p = BENCH_CLUSTERS.S;
    const url = `http://test/api/trace?${new URLSearchParams({
      source: uploadedId,
      from: appPodRef(p, 1),
      to: `svc:${appNamespace(p, 0)}/${appName(0)}`,
    })}`;
    const inWorker = await trace.GET(new NextRequest(url));
    expect(inWorker.status).toBe(200);
    const body = await inWorker.text();
    expect(JSON.parse(body)).toMatchObject({ verdict: expect.any(String) });
    // The upload's model was built in the worker and answered there: none here.
    expect(heldHere(uploadedId)).toBe(false);
    // Built on this thread (as a page does), the same query answers the same text here.
    await getSource(uploadedId);
    expect(heldHere(uploadedId)).toBe(true);
    expect(await (await trace.GET(new NextRequest(url))).text()).toBe(body);
  }, 120_000);

  it('preloads a thread: after preloadWorkers() one is ready before any task asked for it', async () => {
    const { resetPool, preloadWorkers, readyThreads } = await import('../../lib/server/workers/pool');
    await resetPool({ threads: 2, queue: 8, heapMb: 2048 });
    expect(readyThreads()).toBe(0);
    expect(await preloadWorkers()).toBe(1);
    expect(readyThreads()).toBe(1);
    await resetPool();
    expect(readyThreads()).toBe(0);
  }, 120_000);

  it('a parse error in a worker is the same 400 naming file, document and field', async () => {
    const { POST } = await import('../../app/api/sources/route');
    const res = await POST(
      upload(
        '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":7}}]}',
      ),
    );
    expect(res.status).toBe(400);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.error).toBe('invalid input');
    expect(json.file).toBe('dump.json');
    expect(json.field).toBe('items[0].metadata.name');
  }, 60_000);

  it('refuses tasks past the queue with 429 and Retry-After', async () => {
    const { resetPool, runTask } = await import('../../lib/server/workers/pool');
    await resetPool({ threads: 1, queue: 1, heapMb: 2048 });
    const input = { files: [{ name: 'dump.json', text: sDump }], now: '2026-01-01T00:00:00Z' };
    const never = () => Promise.reject(new Error('not inline'));
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => runTask('ingest', input, never)),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const r of refused) {
      const err = (r as PromiseRejectedResult).reason as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect([err.status, err.message, err.retryAfterSeconds]).toEqual([429, 'busy', 5]);
    }
  }, 120_000);

  it('a thread past its heap cap is answered 503, and the next task runs', async () => {
    const { resetPool, runTask } = await import('../../lib/server/workers/pool');
    await resetPool({ threads: 1, queue: 4, heapMb: 64 });
    const big = { files: [{ name: 'pods.json', text: barePodList(100_000) }], now: '2026-01-01T00:00:00Z' };
    const never = () => Promise.reject(new Error('not inline'));
    const err = (await runTask('ingest', big, never).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.message, err.extra.bound]).toEqual([503, 'out of memory', 'memory']);
    const small = { files: [{ name: 'pods.json', text: barePodList(10) }], now: '2026-01-01T00:00:00Z' };
    const ok = (await runTask('ingest', small, never)) as { objectCount: number };
    expect(ok.objectCount).toBe(10);
    await resetPool();
  }, 120_000);
});
