// The pickers' server-side search: workloads (named as the engine takes them) and
// Services first, each matching pod right under its workload, Service ports attached.
import { describe, expect, it } from 'vitest';
import { loadModel } from '../ingest';
import { parseEndpoint } from '../engine/trace/endpoint';
import { getScenario, scenarioSnapshot } from '../scenarios';
import { searchEndpoints } from './endpoints';

const snapshot = scenarioSnapshot(getScenario('vxlan-mtu-web-replicas')!);
const model = loadModel(snapshot);

describe('searchEndpoints', () => {
  it('offers the Deployment first, with its pods under it, then the Service', () => {
    const { results } = searchEndpoints(model, 'web', 20);
    const values = results.map((r) => r.value);
    expect(values[0]).toBe('deploy:shop/web');
    expect(results[0]).toMatchObject({
      kind: 'workload',
      detail: 'Deployment · 3 of 3 pods ready · on worker-1, worker-2',
    });
    expect(results.slice(1, 4).map((r) => [r.kind, r.parent])).toEqual([
      ['pod', 'deploy:shop/web'],
      ['pod', 'deploy:shop/web'],
      ['pod', 'deploy:shop/web'],
    ]);
    expect(values.indexOf('svc:shop/web')).toBeGreaterThan(3);
    expect(parseEndpoint(values[0]!)).toMatchObject({ type: 'workload', kind: 'Deployment' });
  });

  it('names StatefulSets and DaemonSets with their prefixes, and Services carry their ports', () => {
    expect(searchEndpoints(model, 'db', 20).results.map((r) => r.value)).toContain('sts:shop/db');
    const all = searchEndpoints(model, '', 200).results.map((r) => r.value);
    expect(all.some((v) => v.startsWith('ds:kube-system/'))).toBe(true);
    const db = searchEndpoints(model, 'shop/db', 20).results.find((r) => r.value === 'svc:shop/db');
    expect(db?.ports).toEqual([{ port: 5432, protocol: 'TCP', name: 'postgres' }]);
  });

  it('finds the Deployment of live pods without their ReplicaSet (pod-template-hash)', () => {
    const noRs = loadModel({ ...snapshot, objects: snapshot.objects.filter((o) => o.kind !== 'ReplicaSet') });
    expect(searchEndpoints(noRs, 'web', 5).results[0]?.value).toBe('deploy:shop/web');
  });

  it('lists a pod on its own when its workload does not match the query', () => {
    const pod = [...model.pods.values()].find((p) => p.labels.app === 'web')!;
    const { results } = searchEndpoints(model, pod.name, 5);
    expect(results[0]).toMatchObject({ value: `pod:${pod.key}`, parent: 'deploy:shop/web' });
  });
});
