import { describe, expect, it } from 'vitest';
import { modelOfYaml } from '../../../test/fixtures/ingest/model';

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
    expect(np('ingress-only')).toMatchObject({
      policyTypes: ['Ingress'],
      policyTypesInferred: true,
      ingress: [],
      egress: [],
    });
    expect(np('with-egress')).toMatchObject({
      policyTypes: ['Ingress', 'Egress'],
      policyTypesInferred: true,
    });
    expect(np('explicit')).toMatchObject({
      policyTypes: ['Egress'],
      policyTypesInferred: false,
      podSelector: {},
    });
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
    expect(m.index.policiesByNamespace.get('default')!.map((p) => p.name)).toEqual([
      'explicit',
      'ingress-only',
      'with-egress',
    ]);
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
    expect(anp.subject).toEqual({
      type: 'pods',
      namespaceSelector: { matchLabels: { team: 'x' } },
      podSelector: { matchLabels: { app: 'a' } },
    });
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
    expect(first.ingress[0]).toEqual({
      action: 'Pass',
      peers: [{ type: 'namespaces', namespaceSelector: { matchLabels: { x: 'y' } } }],
    });
  });

  it('keeps the baseline policy apart', () => {
    expect(m.baselinePolicy).toMatchObject({
      tier: 'baseline',
      name: 'default',
      subject: { type: 'namespaces', namespaceSelector: { matchLabels: { a: 'b' } } },
    });
    expect(m.baselinePolicy!.priority).toBeUndefined();
  });
});
