// The DNS lint on a Cilium cluster: a Cilium policy with egress rules puts the pods it
// selects into egress default deny (https://docs.cilium.io/en/stable/security/policy/intro/
// "Policy Enforcement Modes"), so DNS must be allowed like under a NetworkPolicy default
// deny; the usual Cilium DNS allowance is a toEndpoints kube-dns rule with an L7 dns rule
// (https://docs.cilium.io/en/stable/security/policy/language/#dns-based).

import { describe, expect, it } from 'vitest';
import { ciliumModel } from '../policy/testing/cilium-cluster';
import { lintDns } from './lint-dns';

const webOut = (egress: string, extra = '') => `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
${extra}  egress:
${egress}
`;

describe('DNS lint with Cilium policies', () => {
  it('reports a Cilium egress default deny without a DNS allowance', () => {
    const f = lintDns(
      ciliumModel(webOut('  - toEntities: [world]\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]')),
    );
    expect(f.map((x) => x.code)).toEqual(['DNS_BLOCKED_BY_DEFAULT_DENY']);
    expect(f[0]!.detail).toContain('CiliumNetworkPolicy shop/web-out');
    expect(f[0]!.evidence).toContainEqual({
      kind: 'CiliumNetworkPolicy',
      namespace: 'shop',
      name: 'web-out',
      field: 'spec.endpointSelector',
      value: 'selects the pod for egress (no rule allows port 53 to kube-dns)',
    });
  });

  it('accepts the Cilium DNS rule: toEndpoints kube-dns on port 53 with rules.dns', () => {
    const dns = `  - toEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`;
    expect(lintDns(ciliumModel(webOut(dns)))).toEqual([]);
  });

  it('names the egressDeny rule that covers DNS, even without default deny', () => {
    const f = lintDns(
      ciliumModel(`---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: no-kube-system}
spec:
  endpointSelector: {matchLabels: {app: web}}
  enableDefaultDeny: {egress: false}
  egressDeny:
  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system}}]
`),
    );
    expect(f.map((x) => x.code)).toEqual(['DNS_BLOCKED_BY_DEFAULT_DENY', 'DNS_BLOCKED_BY_DEFAULT_DENY']);
    expect(f[0]!.evidence[0]).toEqual({
      kind: 'CiliumClusterwideNetworkPolicy',
      name: 'no-kube-system',
      field: 'spec.egressDeny[0].toEndpoints',
      value: 'io.kubernetes.pod.namespace=kube-system',
    });
  });
});
