import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveSource, type LiveSource, type LiveSourceOptions } from '../../lib/ingest/live/index';
import { FakeApiServer } from './fake-apiserver';
import { eventually, names, pod, seedCluster } from './fixtures';

const fast: LiveSourceOptions = {
  debounceMs: 30,
  maxWaitMs: 300,
  pageSize: 2, // small pages: every list of more than two objects needs continue tokens
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

async function startAll(
  opts: ConstructorParameters<typeof FakeApiServer>[0] = {},
  live: LiveSourceOptions = {},
) {
  api = new FakeApiServer(opts);
  seedCluster(api);
  await api.listen();
  const kubeconfig = api.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'pp-live-')), 'config'));
  source = startLiveSource({ ...fast, ...live, kubeconfig });
  return { api, source };
}

const podNames = (s: LiveSource) => names(s.snapshot()?.objects ?? [], 'Pod');

describe('live source against the fake API server', () => {
  it('lists every kind in pages over TLS, reports absent CRDs, and follows watch events', async () => {
    const { api, source } = await startAll({
      crds: [{ kind: 'IPPool' }, { kind: 'Gateway', version: 'v1beta1' }],
    });
    api.apply({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPPool',
      metadata: { name: 'default-ipv4-ippool' },
      spec: { cidr: '10.244.0.0/16', vxlanMode: 'Always' },
    });
    const snap = await eventually('first snapshot', () => source.snapshot());
    expect(names(snap.objects, 'Pod')).toEqual(['shop/web-1', 'shop/web-2', 'shop/web-3']);
    expect(names(snap.objects, 'Node')).toEqual(['worker-1', 'worker-2']);
    expect(names(snap.objects, 'ConfigMap')).toEqual(['kube-system/kube-proxy']);
    // List items come without apiVersion/kind; the snapshot restores them and drops managedFields.
    const p = snap.objects.find((o) => o.kind === 'Pod')!;
    expect(p.apiVersion).toBe('v1');
    expect(p.metadata.managedFields).toBeUndefined();
    expect(snap.meta).toMatchObject({ kind: 'live', context: 'fake' });

    const status = source.status();
    expect(status).toMatchObject({ context: 'fake', server: api.url, state: 'synced', stale: false });
    const byId = new Map(status.kinds.map((k) => [k.id, k]));
    expect(byId.get('IPPool')).toMatchObject({
      state: 'synced',
      count: 1,
      apiVersion: 'crd.projectcalico.org/v1',
    });
    expect(byId.get('Gateway')).toMatchObject({
      state: 'synced',
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
    });
    expect(byId.get('IPAddressPool')).toMatchObject({ state: 'absent' });
    expect(byId.get('AdminNetworkPolicy')?.state).toBe('absent');
    expect(status.kinds.filter((k) => k.state === 'error' || k.state === 'forbidden')).toEqual([]);
    // Paged: the pod list needed a continue token.
    expect(api.requests.some((r) => r.startsWith('GET /api/v1/pods?') && r.includes('continue='))).toBe(true);
    // Watches ask for bookmarks.
    expect(
      api.requests.some(
        (r) =>
          r.includes('/api/v1/pods?') && r.includes('watch=true') && r.includes('allowWatchBookmarks=true'),
      ),
    ).toBe(true);

    const changes: number[] = [];
    source.onChange((s) => changes.push(s.objects.length));
    api.apply(pod('web-4', 'worker-2', '10.244.2.14'));
    api.apply({ ...pod('web-1', 'worker-1', '10.244.1.99') });
    api.delete('Pod', 'shop', 'web-2');
    api.delete('NetworkPolicy', 'shop', 'default-deny');
    await eventually(
      'watch events applied',
      () =>
        podNames(source).join() === 'shop/web-1,shop/web-3,shop/web-4' &&
        names(source.snapshot()!.objects, 'NetworkPolicy').length === 0,
    );
    const web1 = source.snapshot()!.objects.find((o) => o.metadata.name === 'web-1')!;
    expect((web1.status as { podIP: string }).podIP).toBe('10.244.1.99');
    expect(changes.length).toBeGreaterThan(0);

    // A bookmark moves no object but counts as contact with the server.
    const before = source.status().lastSyncAt!;
    await new Promise((r) => setTimeout(r, 5));
    api.bookmark();
    await eventually('bookmark seen', () => source.status().lastSyncAt! > before);

    // Never a Secret, never a write.
    expect(api.requests.filter((r) => /secrets/.test(r) || !r.startsWith('GET '))).toEqual([]);
  });

  it('relists after 410 Gone (compacted resourceVersion) and converges', async () => {
    const { api, source } = await startAll();
    await eventually('first snapshot', () => source.snapshot());
    const listsBefore = api.requests.filter(
      (r) => r.startsWith('GET /api/v1/pods?') && !r.includes('watch='),
    ).length;
    api.apply(pod('web-5', 'worker-1', '10.244.1.15'));
    api.compact(); // every watch gets ERROR 410 and ends; its resourceVersion is now too old
    api.delete('Pod', 'shop', 'web-3');
    await eventually(
      'converged after 410',
      () => podNames(source).join() === 'shop/web-1,shop/web-2,shop/web-5',
    );
    const listsAfter = api.requests.filter(
      (r) => r.startsWith('GET /api/v1/pods?') && !r.includes('watch='),
    ).length;
    expect(listsAfter).toBeGreaterThan(listsBefore);
    expect(source.status().stale).toBe(false);
  });

  it('reports a forbidden kind with the RBAC rule to grant, and serves the rest', async () => {
    api = new FakeApiServer();
    seedCluster(api);
    api.forbid('NetworkPolicy');
    await api.listen();
    source = startLiveSource({
      ...fast,
      kubeconfig: api.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'pp-live-')), 'config')),
    });
    const s = source;
    const snap = await eventually('snapshot without the forbidden kind', () => s.snapshot());
    expect(names(snap.objects, 'Pod')).toHaveLength(3);
    expect(names(snap.objects, 'NetworkPolicy')).toEqual([]);
    const np = s.status().kinds.find((k) => k.id === 'NetworkPolicy')!;
    expect(np).toMatchObject({
      state: 'forbidden',
      message: 'grant list/watch on networkpolicies.networking.k8s.io',
    });
    expect(s.status().state).toBe('synced');
  });

  it('resumes after the server cuts watches mid-stream', async () => {
    const { api, source } = await startAll();
    await eventually('first snapshot', () => source.snapshot());
    api.dropWatches();
    api.apply(pod('web-6', 'worker-2', '10.244.2.16'));
    await eventually('event after the drop', () => podNames(source).includes('shop/web-6'));
    api.dropWatches();
    api.delete('Pod', 'shop', 'web-6');
    await eventually('delete after the second drop', () => !podNames(source).includes('shop/web-6'));
  });

  it('closes a watch that reports an ERROR event, and watches again', async () => {
    const { api, source } = await startAll();
    await eventually('first snapshot', () => source.snapshot());
    const watches = api.watchCount;
    const before = api.requests.filter((r) => r.includes('watch=true')).length;
    api.errorWatches(500);
    // Every errored stream is replaced by a new watch request, and the old ones are closed.
    await eventually(
      're-watched',
      () => api.requests.filter((r) => r.includes('watch=true')).length >= before + watches,
    );
    await eventually('old streams closed', () => api.watchCount === watches);
    api.apply(pod('web-8', 'worker-2', '10.244.2.18'));
    await eventually('event after the errors', () => podNames(source).includes('shop/web-8'));
  });

  it('waits for a server that is down at start, then converges', async () => {
    api = new FakeApiServer();
    seedCluster(api);
    await api.listen();
    const kubeconfig = api.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'pp-live-')), 'config'));
    await api.close(); // the port is known, nothing listens
    source = startLiveSource({ ...fast, kubeconfig });
    const s = source;
    await eventually('stale while down', () => s.status().stale);
    expect(s.snapshot()).toBeUndefined();
    expect(s.status().error).toMatch(/ECONNREFUSED|connect/i);
    await api.listen();
    const snap = await eventually('snapshot once up', () => s.snapshot());
    expect(names(snap.objects, 'Pod')).toHaveLength(3);
    await eventually('not stale', () => !s.status().stale);
  });

  it('serves the last good state, flagged stale, while the API server is unreachable', async () => {
    const { api, source } = await startAll();
    await eventually('first snapshot', () => source.snapshot());
    await api.close();
    await eventually('stale', () => source.status().stale);
    const st = source.status();
    expect(st.state).toBe('stale');
    expect(st.error).toBeTruthy();
    expect(podNames(source)).toEqual(['shop/web-1', 'shop/web-2', 'shop/web-3']);
    api.apply(pod('web-7', 'worker-1', '10.244.1.17')); // changed while we could not see it
    await api.listen();
    await eventually('caught up', () => podNames(source).includes('shop/web-7') && !source.status().stale);
    expect(source.status().state).toBe('synced');
  });

  it('debounces rebuilds on a busy cluster', async () => {
    const { api, source } = await startAll({}, { debounceMs: 100, maxWaitMs: 2000 });
    await eventually('first snapshot', () => source.snapshot());
    let rebuilds = 0;
    source.onChange(() => rebuilds++);
    for (let i = 0; i < 60; i++) api.apply(pod(`burst-${i}`, 'worker-1', `10.244.1.${100 + i}`));
    await eventually('burst applied', () => podNames(source).length === 63);
    expect(rebuilds).toBeLessThanOrEqual(3);
  });
});
