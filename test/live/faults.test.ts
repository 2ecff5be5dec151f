// The live source under API-server faults (short forms; test/live/fake-apiserver.ts):
// flapping, slow answers, 500 and 429 with Retry-After, and a storm of watch events.
// In every case the process keeps running, the source says it is stale while it cannot
// see the cluster, its memory stays bounded, and it converges once the server is healthy.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveSource, type LiveSource, type LiveSourceOptions } from '../../lib/ingest/live/index';
import { retryAfterMs } from '../../lib/ingest/live/http';
import { FakeApiServer } from './fake-apiserver';
import { eventually, names, pod, seedCluster } from './fixtures';

const fast: LiveSourceOptions = {
  debounceMs: 30,
  maxWaitMs: 300,
  backoff: { initialMs: 30, maxMs: 300 },
  recheckMs: 60_000,
};

let api: FakeApiServer | undefined;
let source: LiveSource | undefined;
afterEach(async () => {
  await source?.stop();
  await api?.close();
  source = undefined;
  api = undefined;
});

async function startAll(live: LiveSourceOptions = {}) {
  api = new FakeApiServer();
  seedCluster(api);
  await api.listen();
  const kubeconfig = api.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'pp-faults-')), 'config'));
  source = startLiveSource({ ...fast, ...live, kubeconfig });
  await eventually('first snapshot', () => source!.snapshot());
  return { api, source };
}

const podNames = (s: LiveSource) => names(s.snapshot()?.objects ?? [], 'Pod');

describe('live source under API-server faults', () => {
  it('flapping: five outages in a row, stale during each, converges after the last', async () => {
    const { api, source } = await startAll();
    for (let i = 0; i < 5; i++) {
      await api.close();
      await eventually(`stale in outage ${i + 1}`, () => source.status().stale);
      api.apply(pod(`flap-${i}`, 'worker-1', `10.244.1.${50 + i}`));
      await api.listen();
      await eventually(`caught up after outage ${i + 1}`, () => podNames(source).includes(`shop/flap-${i}`));
    }
    await eventually('synced', () => !source.status().stale && source.status().state === 'synced');
    expect(podNames(source)).toHaveLength(8);
  }, 60_000);

  it('500 answers: stale while they last, converges after', async () => {
    const { api, source } = await startAll();
    api.failRequests(40, 500);
    api.dropWatches();
    await eventually('stale', () => source.status().stale);
    api.apply(pod('after-500', 'worker-1', '10.244.1.60'));
    await eventually(
      'converged',
      () => podNames(source).includes('shop/after-500') && !source.status().stale,
      30_000,
    );
  }, 60_000);

  it('429 with Retry-After on the lists: not asked again before the server said, then converges', async () => {
    // Overloaded from the start: every list is refused (the watch client of
    // @kubernetes/client-node drops response headers, so only lists can honour them).
    api = new FakeApiServer();
    seedCluster(api);
    await api.listen();
    api.failRequests(1_000_000, 429, 1);
    const kubeconfig = api.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'pp-faults-')), 'config'));
    source = startLiveSource({ ...fast, kubeconfig });
    const s = source;
    await eventually('stale', () => s.status().stale);
    // Let each kind be refused a few times.
    await new Promise((r) => setTimeout(r, 2500));
    api.failRequests(0, 429);
    const byPath = new Map<string, number[]>();
    api.requests.forEach((line, i) => {
      // One reflector's list: the path and its query (several read kube-system ConfigMaps).
      const path = line;
      byPath.set(path, [...(byPath.get(path) ?? []), api!.requestTimes[i]!]);
    });
    // Per list, consecutive refused requests are ≥ 1 s apart: client-go waits for
    // Retry-After on 429 and 5xx (k8s.io/client-go/rest/with_retry.go checkWait).
    let gaps = 0;
    for (const times of byPath.values())
      for (let i = 1; i < times.length; i++) {
        gaps++;
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(990);
      }
    expect(gaps).toBeGreaterThan(0);
    await eventually('converged', () => podNames(s).length === 3 && !s.status().stale, 30_000);
  }, 60_000);

  it('a slow API server (300 ms per answer): converges', async () => {
    const { api, source } = await startAll();
    api.slow(300);
    api.dropWatches();
    api.apply(pod('slow', 'worker-1', '10.244.1.62'));
    await eventually(
      'converged',
      () => podNames(source).includes('shop/slow') && !source.status().stale,
      30_000,
    );
  }, 60_000);

  it('a storm of 1,500 watch events in ~9 s (10,000 a minute): debounced, bounded, converges', async () => {
    const { api, source } = await startAll({ debounceMs: 100, maxWaitMs: 1000 });
    let rebuilds = 0;
    source.onChange(() => rebuilds++);
    const heapBefore = process.memoryUsage().heapUsed;
    // 10,000 a minute is one event every 6 ms: batches of 10 every 60 ms, creating 500 pods
    // and then updating each of them twice.
    for (let batch = 0; batch < 150; batch++) {
      for (let j = 0; j < 10; j++) {
        const n = (batch * 10 + j) % 500;
        api.apply(pod(`storm-${n}`, 'worker-1', `10.245.${n >> 8}.${n & 255}`));
      }
      await new Promise((r) => setTimeout(r, 60));
    }
    await eventually('all 500 storm pods seen', () => podNames(source).length === 503, 30_000);
    // One rebuild per debounce window at most (maxWaitMs bounds the wait): far fewer than events.
    expect(rebuilds).toBeLessThan(60);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    expect(source.status().stale).toBe(false);
  }, 90_000);
});

describe('Retry-After', () => {
  it('is read on 429 and 5xx answers, in integer seconds, capped', () => {
    expect(retryAfterMs(429, '3')).toBe(3000);
    expect(retryAfterMs(503, ['2'])).toBe(2000);
    expect(retryAfterMs(500, 'Wed, 21 Oct 2026 07:28:00 GMT')).toBeUndefined();
    expect(retryAfterMs(404, '3')).toBeUndefined();
    expect(retryAfterMs(429, '999999')).toBe(5 * 60_000);
  });
});
