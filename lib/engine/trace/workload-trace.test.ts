// Workload endpoints (shared/contracts/cli.md "Workload endpoints"): every ready replica
// is traced, the worst is drawn, and `replicas[]` lists each one. Ownership follows
// ownerReferences: Pod → ReplicaSet → Deployment
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/),
// and without the ReplicaSet in the dump, the ReplicaSet name `[DEPLOYMENT-NAME]-[HASH]`
// with HASH = the pod's pod-template-hash label
// (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/, "Pod-template-hash label").
// Only Ready pods receive Service traffic or serve requests
// (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions), so
// not-ready replicas are listed but not traced.

import { describe, expect, it } from 'vitest';
import { loadModel } from '../../ingest';
import type { KubeObject } from '../../model/types';
import { getScenario, scenarioSnapshot } from '../../scenarios';
import { formatTrace } from '../format/trace';
import { endpointText, parseEndpoint } from './endpoint';
import { EndpointError } from './errors';
import { traceRoute } from './trace-route';

const scenario = getScenario('vxlan-mtu-web-replicas')!;
const snapshot = scenarioSnapshot(scenario);
const model = loadModel(snapshot);
const toDb = { from: 'deploy:shop/web', to: 'svc:shop/db', port: 5432, protocol: 'TCP' } as const;

function variant(change: (objects: KubeObject[]) => KubeObject[]) {
  return loadModel({ ...snapshot, objects: change([...snapshot.objects]) });
}

const webPods = snapshot.objects.filter((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'web');

describe('workload endpoint grammar', () => {
  it('parses deploy:, sts:, ds:, rs: and job: with and without a namespace', () => {
    expect(parseEndpoint('deploy:shop/web')).toEqual({
      type: 'workload',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(parseEndpoint('sts:shop/db')).toMatchObject({ kind: 'StatefulSet' });
    expect(parseEndpoint('ds:kube-system/calico-node')).toMatchObject({ kind: 'DaemonSet' });
    expect(parseEndpoint('rs:shop/web-5d8f7c9b4')).toMatchObject({ kind: 'ReplicaSet' });
    expect(parseEndpoint('job:batch/migrate')).toMatchObject({ kind: 'Job' });
    expect(parseEndpoint('deploy:web')).toMatchObject({ namespace: 'default', name: 'web' });
    for (const text of ['deploy:shop/web', 'sts:shop/db', 'ds:a/b', 'rs:a/b', 'job:a/b'])
      expect(endpointText(parseEndpoint(text))).toBe(text);
  });

  it('rejects malformed workload endpoints and names the right prefix for spelled-out kinds', () => {
    expect(() => parseEndpoint('deploy:a/b/c')).toThrow(/deploy:NAMESPACE\/NAME/);
    expect(() => parseEndpoint('deploy:')).toThrow(EndpointError);
    expect(() => parseEndpoint('deployment:shop/web')).toThrow(/write deploy:NAMESPACE\/NAME/);
    expect(() => parseEndpoint('statefulset:shop/db')).toThrow(/write sts:/);
  });
});

describe('trace from a Deployment', () => {
  const result = traceRoute(model, toDb);

  it('traces every ready replica and draws the worst (dropped)', () => {
    expect(result.verdict).toBe('dropped');
    expect(result.replicas?.map((r) => [r.node, r.verdict, r.culpritKind, r.codes])).toEqual([
      ['worker-1', 'dropped', 'encap', ['MTU_BLACKHOLE']],
      ['worker-1', 'dropped', 'encap', ['MTU_BLACKHOLE']],
      ['worker-2', 'delivered', undefined, []],
    ]);
    const [first, , beside] = result.replicas!;
    expect(first!.culprit).toBe(result.hops.find((h) => h.kind === 'encap')!.id);
    expect(beside!.culprit).toBeNull();
    expect(result.workload).toMatchObject({ side: 'from', endpoint: 'deploy:shop/web', drawn: first!.pod });
    // The drawn replica's own trace is what the hops show.
    expect(result.hops[0]!.node).toBe('worker-1');
    expect(result.query?.from).toBe('deploy:shop/web');
  });

  it('lists the replicas in a stable order: by node, then pod', () => {
    const pods = result.replicas!.map((r) => `${r.node} ${r.pod}`);
    expect(pods).toEqual([...pods].sort());
    expect(traceRoute(model, toDb)).toEqual(result);
  });

  it('opens the text output with the line over every replica', () => {
    const [line, drawn] = formatTrace(result, 'txt').split('\n');
    expect(line).toBe('✖ 2 of 3 replicas dropped (worker-1: MTU_BLACKHOLE at encap); 1 delivered');
    expect(drawn).toBe(`  path below: replica ${result.workload!.drawn}`);
    const json = JSON.parse(formatTrace(result, 'json')) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 4)).toEqual(['verdict', 'hops', 'findings', 'replicas']);
    expect(Object.keys((json.replicas as object[])[0]!)).toEqual(
      expect.arrayContaining(['pod', 'node', 'verdict', 'culprit', 'codes']),
    );
  });

  it('draws another replica when asked, keeping the replica list', () => {
    const beside = result.replicas![2]!.pod;
    const other = traceRoute(model, toDb, { replica: beside });
    expect(other.verdict).toBe('delivered');
    expect(other.replicas).toEqual(result.replicas);
    expect(other.workload?.drawn).toBe(beside);
    expect(() => traceRoute(model, toDb, { replica: 'shop/db-0' })).toThrow(
      /not a ready replica of deploy:shop\/web/,
    );
  });

  it('finds the pods through the pod-template-hash when the dump holds no ReplicaSet', () => {
    const noRs = variant((objects) => objects.filter((o) => o.kind !== 'ReplicaSet'));
    expect(traceRoute(noRs, toDb).replicas).toEqual(result.replicas);
  });

  it('follows ownerReferences: a ReplicaSet owned by the Deployment counts whatever its name', () => {
    const renamed = variant((objects) =>
      objects.map((o) => {
        if (o.kind === 'ReplicaSet' && o.metadata.labels?.app === 'web')
          return { ...o, metadata: { ...o.metadata, name: 'web-current' } };
        if (o.kind === 'Pod' && o.metadata.labels?.app === 'web')
          return {
            ...o,
            metadata: {
              ...o.metadata,
              ownerReferences: o.metadata.ownerReferences!.map((r) => ({ ...r, name: 'web-current' })),
            },
          };
        return o;
      }),
    );
    expect(traceRoute(renamed, toDb).replicas?.map((r) => r.pod)).toEqual(result.replicas!.map((r) => r.pod));
  });

  it('leaves not-ready replicas out of the trace and says so', () => {
    const notReadyName = webPods[2]!.metadata.name!;
    const oneDown = variant((objects) =>
      objects.map((o) =>
        o.metadata.name === notReadyName
          ? {
              ...o,
              status: {
                ...(o.status as object),
                conditions: [{ type: 'Ready', status: 'False' }],
              },
            }
          : o,
      ),
    );
    const r = traceRoute(oneDown, toDb);
    expect(r.replicas).toHaveLength(2);
    expect(r.workload?.notReady).toEqual([`shop/${notReadyName}`]);
    expect(formatTrace(r, 'txt').split('\n')[1]).toContain(`1 not ready, not traced: shop/${notReadyName}`);
  });
});

describe('trace to a workload, and bad workload endpoints', () => {
  it('traces to every ready replica of a StatefulSet', () => {
    const r = traceRoute(model, { from: scenario.queries[2]!.from, to: 'sts:shop/db', port: 5432 });
    expect(r.workload).toMatchObject({ side: 'to', kind: 'StatefulSet', drawn: 'shop/db-0' });
    expect(r.replicas).toEqual([
      expect.objectContaining({ pod: 'shop/db-0', node: 'worker-2', verdict: 'dropped' }),
    ]);
  });

  it('says which workload is unknown and suggests the closest', () => {
    expect(() => traceRoute(model, { ...toDb, from: 'deploy:shop/wbe' })).toThrow(
      /no Deployment "wbe" with pods in namespace shop; did you mean deploy:shop\/web/,
    );
    expect(() => traceRoute(model, { ...toDb, to: 'sts:shop/db' })).toThrow(/both workloads/);
  });

  it('refuses a workload with no ready replica', () => {
    const allDown = variant((objects) =>
      objects.map((o) =>
        o.kind === 'Pod' && o.metadata.labels?.app === 'web'
          ? { ...o, status: { ...(o.status as object), conditions: [{ type: 'Ready', status: 'False' }] } }
          : o,
      ),
    );
    expect(() => traceRoute(allDown, toDb)).toThrow(
      /Deployment shop\/web has no ready replica \(3 pods, none Ready\)/,
    );
  });
});
