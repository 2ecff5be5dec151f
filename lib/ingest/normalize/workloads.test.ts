import { describe, expect, it } from 'vitest';
import { modelOf, modelOfYaml, modelOfFixture, pod } from '../../../test/fixtures/ingest/model';

describe('loadModel: pods and workloads', () => {
  const model = modelOfFixture('workloads.yaml');

  it('synthesizes one pod per workload without live pods, from its template', () => {
    const frontend = model.pods.get('default/frontend')!;
    expect(frontend).toMatchObject({
      namespace: 'default',
      name: 'frontend',
      synthesized: true,
      ready: true,
      ips: [],
      labels: { app: 'frontend' },
      workload: { namespace: 'default', name: 'frontend', kind: 'Deployment' },
    });
    expect(frontend.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP', container: 'web' },
      { containerPort: 53, protocol: 'UDP', container: 'web' },
    ]);
  });

  it('takes a CronJob template from spec.jobTemplate.spec.template', () => {
    expect(model.pods.get('shop/report')).toMatchObject({
      labels: { job: 'report' },
      workload: { kind: 'CronJob', name: 'report' },
    });
  });

  it('does not synthesize a Deployment whose pod is live (through a ReplicaSet absent from the input)', () => {
    expect(model.pods.has('shop/backend')).toBe(false);
    const live = model.pods.get('shop/backend-7d4b9c8f6-x2x9z')!;
    expect(live.synthesized).toBe(false);
    expect(live.workload).toEqual({ namespace: 'shop', name: 'backend-7d4b9c8f6', kind: 'ReplicaSet' });
  });

  it('does not synthesize a ReplicaSet owned by a Deployment in the input', () => {
    expect(model.pods.has('default/frontend-5f7c9')).toBe(false);
    expect([...model.pods.keys()]).toEqual([
      'default/frontend',
      'shop/backend-7d4b9c8f6-x2x9z',
      'shop/report',
    ]);
  });

  it('reports the synthesis as a warning', () => {
    expect(model.warnings.find((w) => w.code === 'SYNTHESIZED_PODS')?.message).toContain(
      'default/frontend[Deployment]',
    );
  });

  it('names the workload of a pod after its first controller owner (netpol-analyzer rules)', () => {
    const m = modelOf([
      pod(
        'a',
        {},
        {
          ownerReferences: [
            { name: 'other', kind: 'ReplicaSet' },
            { name: 'ds', kind: 'DaemonSet', controller: true },
          ],
        },
      ),
      pod('b', {}, { ownerReferences: [{ name: 'internal-security', controller: true }] }),
      pod(
        'etcd-minikube',
        {},
        { namespace: 'kube-system', ownerReferences: [{ name: 'minikube', kind: 'Node', controller: true }] },
      ),
      pod('c'),
    ]);
    expect(m.pods.get('default/a')!.workload).toEqual({
      namespace: 'default',
      name: 'ds',
      kind: 'DaemonSet',
    });
    expect(m.pods.get('default/b')!.workload).toEqual({
      namespace: 'default',
      name: 'internal-security',
      kind: 'Pod',
    });
    expect(m.pods.get('kube-system/etcd-minikube')!.workload).toEqual({
      namespace: 'kube-system',
      name: 'etcd-minikube',
      kind: 'Pod',
    });
    expect(m.pods.get('default/c')!.workload).toEqual({ namespace: 'default', name: 'c', kind: 'Pod' });
  });

  it('reads IPs, host IP, readiness and host networking of live pods', () => {
    const m = modelOf([
      pod('a', {
        spec: { nodeName: 'n1', hostNetwork: false },
        status: {
          podIP: '10.0.0.1',
          podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
          hostIP: '192.168.0.1',
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
        },
      }),
      pod('b', { spec: { hostNetwork: true }, status: { phase: 'Pending' } }),
      pod('c'),
    ]);
    expect(m.pods.get('default/a')).toMatchObject({
      ips: ['10.0.0.1', 'fd00::1'],
      hostIP: '192.168.0.1',
      nodeName: 'n1',
      ready: false,
      phase: 'Running',
    });
    expect(m.pods.get('default/b')).toMatchObject({ hostNetwork: true, ready: false });
    expect(m.pods.get('default/c')).toMatchObject({ ready: true, ips: [] });
  });

  it('does not synthesize a Job owned by a CronJob in the input, nor a CronJob whose Job has live pods', () => {
    const m = modelOfYaml(`
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {a: b}}}}}}
---
kind: Job
metadata:
  name: nightly-28000000
  namespace: ops
  ownerReferences: [{kind: CronJob, name: nightly, controller: true}]
spec: {template: {metadata: {labels: {a: b}}}}
`);
    expect([...m.pods.keys()]).toEqual(['ops/nightly']);
    const live = modelOfYaml(`
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {a: b}}}}}}
---
kind: Pod
metadata:
  name: nightly-28000000-abcde
  namespace: ops
  ownerReferences: [{kind: Job, name: nightly-28000000, controller: true}]
`);
    expect([...live.pods.keys()]).toEqual(['ops/nightly-28000000-abcde']);
  });

  it('keeps a synthesized pod apart from a bare pod with the same name', () => {
    const m = modelOfYaml(`
kind: Pod
metadata: {name: web}
---
kind: StatefulSet
metadata: {name: web}
spec: {template: {metadata: {labels: {app: web}}}}
`);
    expect([...m.pods.keys()]).toEqual(['default/StatefulSet/web', 'default/web']);
  });
});
