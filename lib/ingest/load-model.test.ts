import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterModel, KubeObject } from '../model/types';
import { IngestError } from './errors';
import { loadModel } from './load-model';
import { parseText } from './parse';

const fixtures = join(import.meta.dirname, '../../test/fixtures/ingest');

function modelOf(objects: readonly KubeObject[]): ClusterModel {
  return loadModel({ meta: { kind: 'upload', title: 't' }, settings: {}, objects });
}

function modelOfYaml(text: string): ClusterModel {
  return modelOf(parseText(text, 'in.yaml').objects);
}

const pod = (name: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, ...extra }) as KubeObject;

describe('loadModel: pods and workloads', () => {
  const model = modelOf(parseText(readFileSync(join(fixtures, 'workloads.yaml'), 'utf8'), 'workloads.yaml').objects);

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
    expect(model.pods.get('shop/report')).toMatchObject({ labels: { job: 'report' }, workload: { kind: 'CronJob', name: 'report' } });
  });

  it('does not synthesize a Deployment whose pod is live (through a ReplicaSet absent from the input)', () => {
    expect(model.pods.has('shop/backend')).toBe(false);
    const live = model.pods.get('shop/backend-7d4b9c8f6-x2x9z')!;
    expect(live.synthesized).toBe(false);
    expect(live.workload).toEqual({ namespace: 'shop', name: 'backend-7d4b9c8f6', kind: 'ReplicaSet' });
  });

  it('does not synthesize a ReplicaSet owned by a Deployment in the input', () => {
    expect(model.pods.has('default/frontend-5f7c9')).toBe(false);
    expect([...model.pods.keys()]).toEqual(['default/frontend', 'shop/backend-7d4b9c8f6-x2x9z', 'shop/report']);
  });

  it('reports the synthesis as a warning', () => {
    expect(model.warnings.find((w) => w.code === 'SYNTHESIZED_PODS')?.message).toContain('default/frontend[Deployment]');
  });

  it('names the workload of a pod after its first controller owner (netpol-analyzer rules)', () => {
    const m = modelOf([
      pod('a', {}, { ownerReferences: [{ name: 'other', kind: 'ReplicaSet' }, { name: 'ds', kind: 'DaemonSet', controller: true }] }),
      pod('b', {}, { ownerReferences: [{ name: 'internal-security', controller: true }] }),
      pod('etcd-minikube', {}, { namespace: 'kube-system', ownerReferences: [{ name: 'minikube', kind: 'Node', controller: true }] }),
      pod('c'),
    ]);
    expect(m.pods.get('default/a')!.workload).toEqual({ namespace: 'default', name: 'ds', kind: 'DaemonSet' });
    expect(m.pods.get('default/b')!.workload).toEqual({ namespace: 'default', name: 'internal-security', kind: 'Pod' });
    expect(m.pods.get('kube-system/etcd-minikube')!.workload).toEqual({ namespace: 'kube-system', name: 'etcd-minikube', kind: 'Pod' });
    expect(m.pods.get('default/c')!.workload).toEqual({ namespace: 'default', name: 'c', kind: 'Pod' });
  });

  it('reads IPs, host IP, readiness and host networking of live pods', () => {
    const m = modelOf([
      pod('a', {
        spec: { nodeName: 'n1', hostNetwork: false },
        status: { podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }], hostIP: '192.168.0.1', phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] },
      }),
      pod('b', { spec: { hostNetwork: true }, status: { phase: 'Pending' } }),
      pod('c'),
    ]);
    expect(m.pods.get('default/a')).toMatchObject({ ips: ['10.0.0.1', 'fd00::1'], hostIP: '192.168.0.1', nodeName: 'n1', ready: false, phase: 'Running' });
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

describe('loadModel: namespaces and nodes', () => {
  it('adds kubernetes.io/metadata.name to declared and inferred namespaces', () => {
    const m = modelOfYaml(`
kind: Namespace
metadata: {name: shop, labels: {team: web}}
---
kind: Pod
metadata: {name: p, namespace: ops}
---
kind: ConfigMap
metadata: {name: c}
`);
    expect([...m.namespaces.values()]).toEqual([
      { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' }, declared: false },
      { name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops' }, declared: false },
      { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'web' }, declared: true },
    ]);
  });

  it('keeps a declared kubernetes.io/metadata.name label', () => {
    const m = modelOfYaml(`kind: Namespace\nmetadata: {name: x, labels: {kubernetes.io/metadata.name: x, ns: x}}\n`);
    expect(m.namespaces.get('x')!.labels).toEqual({ 'kubernetes.io/metadata.name': 'x', ns: 'x' });
  });

  it('reads node addresses, pod CIDRs, kernel version and readiness', () => {
    const m = modelOf(parseText(readFileSync(join(fixtures, 'snapshot.json'), 'utf8'), 'snapshot.json').objects);
    expect(m.nodes.get('node-b')).toMatchObject({
      internalIPs: ['192.168.0.11'],
      externalIPs: [],
      podCIDRs: ['10.244.2.0/24'],
      kernelVersion: '6.1.0',
      ready: true,
    });
    expect(m.index.nodeByIP.get('192.168.0.11')?.name).toBe('node-b');
  });
});

describe('loadModel: services and endpoints', () => {
  it('fills in Service defaults and recognises headless services', () => {
    const m = modelOfYaml(`
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.10
  selector: {app: web}
  ports: [{port: 80}, {port: 53, protocol: UDP, targetPort: dns, name: dns}]
---
kind: Service
metadata: {name: db, namespace: shop}
spec: {clusterIP: None, ports: [{port: 5432}], selector: {}}
`);
    const web = m.services.get('shop/web')!;
    expect(web).toMatchObject({ type: 'ClusterIP', clusterIPs: ['10.96.0.10'], headless: false, externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' });
    expect(web.ports).toEqual([
      { protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'dns', protocol: 'UDP', port: 53, targetPort: 'dns' },
    ]);
    const db = m.services.get('shop/db')!;
    expect(db).toMatchObject({ headless: true, clusterIPs: [] });
    expect(db.selector).toBeUndefined();
    expect(m.index.serviceByIP.get('10.96.0.10')?.key).toBe('shop/web');
  });

  it('derives endpoints from selected pods when the input has no slice, resolving named ports per pod', () => {
    const m = modelOf(parseText(readFileSync(join(fixtures, 'list.yaml'), 'utf8'), 'list.yaml').objects);
    const slices = m.index.slicesByService.get('shop/web')!;
    expect(slices).toHaveLength(1);
    expect(slices[0]).toEqual({
      namespace: 'shop',
      name: 'web-derived',
      serviceName: 'web',
      addressType: 'IPv4',
      ports: [{ port: 8080, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.244.1.5'], ready: true, serving: true, terminating: false, nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-1' } }],
      derived: true,
    });
  });

  it('uses EndpointSlices as given and converts Endpoints only for services without a slice', () => {
    const m = modelOfYaml(`
kind: Service
metadata: {name: a}
spec: {selector: {app: a}, ports: [{port: 80}]}
---
kind: EndpointSlice
apiVersion: discovery.k8s.io/v1
metadata: {name: a-xyz, labels: {kubernetes.io/service-name: a}}
addressType: IPv4
ports: [{port: 8080, name: ''}]
endpoints:
- addresses: [10.0.0.1]
  conditions: {ready: false}
- addresses: [10.0.0.2]
---
kind: Endpoints
metadata: {name: a}
subsets: [{addresses: [{ip: 10.0.0.9}]}]
---
kind: Endpoints
metadata: {name: b}
subsets:
- addresses: [{ip: 10.0.0.3, nodeName: n1, targetRef: {kind: Pod, name: b-1}}]
  notReadyAddresses: [{ip: 10.0.0.4}]
  ports: [{port: 9090, protocol: UDP}]
`);
    const a = m.index.slicesByService.get('default/a')!;
    expect(a.map((s) => [s.name, s.derived])).toEqual([['a-xyz', false]]);
    expect(a[0]!.endpoints.map((e) => [e.addresses[0], e.ready, e.serving, e.terminating])).toEqual([
      ['10.0.0.1', false, false, false],
      ['10.0.0.2', true, true, false],
    ]);
    const b = m.index.slicesByService.get('default/b')!;
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ derived: true, ports: [{ port: 9090, protocol: 'UDP' }] });
    expect(b[0]!.endpoints.map((e) => [e.addresses[0], e.ready, e.nodeName, e.targetRef?.name])).toEqual([
      ['10.0.0.3', true, 'n1', 'b-1'],
      ['10.0.0.4', false, undefined, undefined],
    ]);
  });
});

describe('loadModel: NetworkPolicies', () => {
  const m = modelOfYaml(`
kind: NetworkPolicy
metadata: {name: ingress-only}
spec: {podSelector: {}}
---
kind: NetworkPolicy
metadata: {name: with-egress}
spec:
  podSelector: {matchLabels: {app: a}}
  ingress: [{}]
  egress:
  - to: [{podSelector: {matchLabels: {app: b}}, namespaceSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 53, protocol: UDP}, {port: http}, {port: 8000, endPort: 8080}, {protocol: SCTP}]
---
kind: NetworkPolicy
metadata: {name: explicit}
spec:
  podSelector:
  policyTypes: [Egress]
  egress: []
`);
  const np = (name: string) => m.networkPolicies.find((p) => p.name === name)!;

  it('infers policyTypes: Ingress, plus Egress when there are egress rules', () => {
    expect(np('ingress-only')).toMatchObject({ policyTypes: ['Ingress'], policyTypesInferred: true, ingress: [], egress: [] });
    expect(np('with-egress')).toMatchObject({ policyTypes: ['Ingress', 'Egress'], policyTypesInferred: true });
    expect(np('explicit')).toMatchObject({ policyTypes: ['Egress'], policyTypesInferred: false, podSelector: {} });
  });

  it('normalizes rules: missing from/to = all peers, missing ports = all, protocol TCP', () => {
    expect(np('with-egress').ingress).toEqual([{ peers: [], ports: [] }]);
    expect(np('with-egress').egress).toEqual([
      {
        peers: [
          { type: 'pods', podSelector: { matchLabels: { app: 'b' } }, namespaceSelector: {} },
          { type: 'ipBlock', ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 'http' },
          { protocol: 'TCP', port: 8000, endPort: 8080 },
          { protocol: 'SCTP' },
        ],
      },
    ]);
  });

  it('indexes policies by namespace', () => {
    expect(m.index.policiesByNamespace.get('default')!.map((p) => p.name)).toEqual(['explicit', 'ingress-only', 'with-egress']);
  });
});

describe('loadModel: admin policies', () => {
  const m = modelOfYaml(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: b-second}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {matchLabels: {team: x}}, podSelector: {matchLabels: {app: a}}}}
  egress:
  - name: to-nets
    action: Deny
    to: [{networks: [10.0.0.0/8]}, {nodes: {matchLabels: {role: cp}}}, {pods: {namespaceSelector: {}}}]
    ports: [{portNumber: {protocol: UDP, port: 53}}, {namedPort: dns}, {portRange: {protocol: TCP, start: 80, end: 90}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a-first}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress: [{action: Pass, from: [{namespaces: {namespaceSelector: {matchLabels: {x: y}}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: z-top}
spec: {priority: 1, subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {a: b}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`);

  it('sorts ANPs by priority, then name', () => {
    expect(m.adminPolicies.map((p) => p.name)).toEqual(['z-top', 'a-first', 'b-second']);
  });

  it('normalizes subject, rules, peers and ports', () => {
    const anp = m.adminPolicies.find((p) => p.name === 'b-second')!;
    expect(anp.subject).toEqual({ type: 'pods', namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { app: 'a' } } });
    expect(anp.egress).toEqual([
      {
        name: 'to-nets',
        action: 'Deny',
        peers: [
          { type: 'networks', cidrs: ['10.0.0.0/8'] },
          { type: 'nodes', nodeSelector: { matchLabels: { role: 'cp' } } },
          { type: 'pods', namespaceSelector: {}, podSelector: {} },
        ],
        ports: [
          { type: 'portNumber', protocol: 'UDP', port: 53 },
          { type: 'namedPort', name: 'dns' },
          { type: 'portRange', protocol: 'TCP', start: 80, end: 90 },
        ],
      },
    ]);
    const first = m.adminPolicies.find((p) => p.name === 'a-first')!;
    expect(first.ingress[0]).toEqual({ action: 'Pass', peers: [{ type: 'namespaces', namespaceSelector: { matchLabels: { x: 'y' } } }] });
  });

  it('keeps the baseline policy apart', () => {
    expect(m.baselinePolicy).toMatchObject({ tier: 'baseline', name: 'default', subject: { type: 'namespaces', namespaceSelector: { matchLabels: { a: 'b' } } } });
    expect(m.baselinePolicy!.priority).toBeUndefined();
  });
});

describe('loadModel: input checks', () => {
  it('throws field errors located at the parsed file', () => {
    const objects = parseText('kind: Namespace\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 99999}]}\n', 'svc.yaml').objects;
    expect(() => modelOf(objects)).toThrow('svc.yaml: document 2: spec.ports[0].port: 99999 is out of range (1-65535)');
  });

  it('locates errors of unparsed snapshots by object index', () => {
    let error: unknown;
    try {
      modelOf([pod('a'), pod('b', { spec: { containers: 'x' } })]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe('objects[1].spec.containers: expected a list, got a string ("x")');
  });

  it('keeps the later of two definitions of one object, with a warning', () => {
    const m = modelOf([pod('a', {}, { labels: { v: '1' } }), pod('a', {}, { labels: { v: '2' } })]);
    expect(m.pods.get('default/a')!.labels).toEqual({ v: '2' });
    expect(m.warnings.filter((w) => w.code === 'DUPLICATE_OBJECT')).toHaveLength(1);
  });

  it('keeps raw objects by kind and lists ignored kinds', () => {
    const m = modelOfYaml('kind: Secret\nmetadata: {name: s}\n---\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.244.0.0/16}\n');
    expect(m.objectsByKind.get('IPPool')).toHaveLength(1);
    expect(m.objectsByKind.get('Secret')).toHaveLength(1);
    expect(m.warnings.map((w) => w.code)).toEqual(['IGNORED_KIND']);
  });

  it('is deterministic whatever the input order', () => {
    const objs = [pod('b', { status: { podIP: '10.0.0.2' } }, { labels: { a: 'x' } }), pod('a', { status: { podIP: '10.0.0.1' } }, { labels: { a: 'x' } })];
    const one = modelOf(objs);
    const two = modelOf([...objs].reverse());
    expect([...one.pods.keys()]).toEqual([...two.pods.keys()]);
    expect(one.index.podsByLabel.get('a=x')!.map((p) => p.name)).toEqual(['a', 'b']);
  });
});
