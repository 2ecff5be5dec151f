// Shape errors of the Cilium and ClusterNetworkPolicy kinds name file, document and
// field; objects are told apart by API group. Field names: cilium/cilium
// pkg/policy/api (rule.go, ingress.go, egress.go, l4.go, cidr.go, fqdn.go) and
// kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go.

import { describe, expect, it } from 'vitest';
import { loadModel, parseText, snapshotFromObjects } from '../index';
import { IngestErrors, type IngestError } from '../errors';

function load(text: string) {
  const { snapshot } = snapshotFromObjects([parseText(text, 'policies.yaml')], { kind: 'files', title: 't' });
  return loadModel(snapshot);
}

function errorsOf(text: string): string[] {
  try {
    load(text);
  } catch (e) {
    if (e instanceof IngestErrors) return e.errors.map((x: IngestError) => x.message);
    if (e instanceof Error) return [e.message];
  }
  return [];
}

describe('CiliumNetworkPolicy shape', () => {
  it('names file, document and field of each mistake', () => {
    const text = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bad, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEntities: [wrld]
    toPorts: [{ports: [{port: '70000', protocol: TCPP}]}]
  egressDeny:
  - toCIDR: [10.0.0/8]
    toPorts: [{ports: [{port: '80'}], rules: {http: [{method: GET}]}}]
  egress:
  - toFQDNs: [{}]
    toServcies: []
`;
    expect(errorsOf(text)).toEqual([
      'policies.yaml: document 2: spec.ingress[0].fromEntities[0]: "wrld" is not one of all, world, world-ipv4, world-ipv6, cluster, host, remote-node, kube-apiserver, health, init, unmanaged, ingress',
      'policies.yaml: document 2: spec.ingress[0].toPorts[0].ports[0].port: 70000 is out of range (0-65535)',
      'policies.yaml: document 2: spec.ingress[0].toPorts[0].ports[0].protocol: "TCPP" is not one of TCP, UDP, SCTP, ANY',
      'policies.yaml: document 2: spec.egress[0].toServcies: unknown field in a Cilium egress rule',
      'policies.yaml: document 2: spec.egress[0].toFQDNs[0]: set matchName or matchPattern',
      'policies.yaml: document 2: spec.egressDeny[0].toCIDR[0]: "10.0.0/8" is not a CIDR (address/prefix-length) or an address',
      'policies.yaml: document 2: spec.egressDeny[0].toPorts[0].rules: deny rules cannot have L7 rules',
    ]);
  });

  it('needs exactly one of endpointSelector / nodeSelector, and spec or specs', () => {
    const text = `---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: both}
spec: {endpointSelector: {}, nodeSelector: {}}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: none}
`;
    expect(errorsOf(text)).toEqual([
      'policies.yaml: document 1: spec: set exactly one of endpointSelector or nodeSelector',
      'policies.yaml: document 2: spec: set spec or specs',
    ]);
  });

  it('reads a CiliumNetworkPolicy only from cilium.io: another group is IGNORED_KIND, not misread', () => {
    const m = load(`---
apiVersion: example.com/v1
kind: CiliumNetworkPolicy
metadata: {name: lookalike, namespace: shop}
spec: {whatever: true}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: real, namespace: shop}
specs:
- endpointSelector: {}
  ingress: [{}]
- nodeSelector: {}
  egress: [{toEntities: [world]}]
`);
    expect(m.ciliumPolicies?.map((p) => `${p.name} ${p.specPath} ${p.subject.type}`)).toEqual([
      'real specs[0] endpoints',
      'real specs[1] nodes',
    ]);
    expect(m.warnings.filter((w) => w.code === 'IGNORED_KIND').map((w) => w.message)).toEqual([
      'ignored CiliumNetworkPolicy shop/lookalike: apiVersion example.com/v1 is not the cilium.io CiliumNetworkPolicy that is read',
    ]);
  });

  it('a cidrGroupRef to a missing CiliumCIDRGroup is an ASSUMPTION warning; fromRequires is reported as not modelled', () => {
    const m = load(`---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {}
  egress: [{toCIDRSet: [{cidrGroupRef: missing}]}]
  ingress: [{fromRequires: [{matchLabels: {env: prod}}]}]
`);
    expect(m.warnings.filter((w) => w.code === 'ASSUMPTION').map((w) => w.message)).toEqual([
      'CiliumNetworkPolicy shop/p: spec.ingress[0].fromRequires: not modelled: this part of the rule is read as matching nothing',
      'CiliumNetworkPolicy shop/p: spec.egress[0].toCIDRSet[0].cidrGroupRef names CiliumCIDRGroup missing, which the snapshot does not hold; read as matching no address',
    ]);
  });
});

describe('ClusterNetworkPolicy shape (v1alpha2)', () => {
  it('checks tier, priority, subject, actions, peers and protocols', () => {
    const text = `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: bad}
spec:
  tier: Platform
  priority: 2000
  subject: {namespaces: {}, pods: {podSelector: {}}}
  ingress:
  - action: Allow
    from: [{networks: [10.0.0.0/8]}]
  egress:
  - action: Deny
    to: [{domainNames: [example.com]}]
    protocols: [{tcp: {destinationPort: {range: {start: 90, end: 80}}}}]
`;
    expect(errorsOf(text)).toEqual([
      'policies.yaml: document 1: spec.tier: "Platform" is not one of Admin, Baseline',
      'policies.yaml: document 1: spec.priority: 2000 is out of range (0-1000)',
      'policies.yaml: document 1: spec.subject: set exactly one of namespaces, pods',
      'policies.yaml: document 1: spec.ingress[0].action: "Allow" is not one of Accept, Deny, Pass',
      'policies.yaml: document 1: spec.ingress[0].from[0]: set exactly one of namespaces, pods',
      'policies.yaml: document 1: spec.egress[0].to: domainNames peers are only allowed in Accept rules',
      'policies.yaml: document 1: spec.egress[0].protocols[0].tcp.destinationPort.range.end: end 80 must be greater than start 90',
    ]);
  });

  it('a ClusterNetworkPolicy of another group is ignored', () => {
    const m = load(`---
apiVersion: networking.example.io/v1
kind: ClusterNetworkPolicy
metadata: {name: other}
spec: {rules: []}
`);
    expect(m.adminPolicies).toEqual([]);
    expect(m.warnings.map((w) => w.code)).toContain('IGNORED_KIND');
  });
});
