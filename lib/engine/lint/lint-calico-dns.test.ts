// The DNS check on Calico: a GlobalNetworkPolicy default deny (docs.tigera.io/calico/
// latest/network-policy/get-started/kubernetes-default-deny, "global default deny
// policy") isolates every selected pod for egress, so DNS dies unless a rule allows it.
import { describe, expect, it } from 'vitest';
import { modelOfYaml } from '../../../test/fixtures/ingest/model';
import { lintDns } from './lint-dns';

const base = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: coredns-1, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, image: x, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]}]}
status: {podIP: 10.0.0.53}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.10}
---
`;

describe('DNS lint on Calico', () => {
  it('reports the GlobalNetworkPolicy default deny (no rules: the end of the default tier) and fixes it in that tier', () => {
    const model = modelOfYaml(`${base}
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default-deny}
spec: {selector: 'projectcalico.org/namespace not in {"kube-system", "calico-system"}', types: [Ingress, Egress]}
`);
    const [f] = lintDns(model);
    expect(f?.code).toBe('DNS_BLOCKED_BY_DEFAULT_DENY');
    expect(f!.detail).toContain('the end of tier default');
    expect(f!.evidence).toContainEqual(
      expect.objectContaining({ kind: 'GlobalNetworkPolicy', name: 'default-deny', field: 'spec.selector' }),
    );
    expect(f!.fix).toContain('kind: GlobalNetworkPolicy');
    expect(f!.fix).toContain('tier: default');
    expect(f!.fix).toContain('namespaceSelector: projectcalico.org/name == "shop"');
  });

  it('names an explicit Deny rule, and is quiet once DNS is allowed before it', () => {
    const deny = `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-egress}
spec: {order: 200, namespaceSelector: projectcalico.org/name == "shop", egress: [{action: Deny}]}
`;
    const [f] = lintDns(modelOfYaml(`${base}${deny}`));
    expect(f!.evidence).toContainEqual({
      kind: 'GlobalNetworkPolicy',
      name: 'deny-egress',
      field: 'spec.egress[0].action',
      value: 'Deny',
    });
    const allowed = modelOfYaml(`${base}${deny}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: allow-dns}
spec:
  order: 100
  namespaceSelector: projectcalico.org/name == "shop"
  egress:
  - {action: Allow, protocol: UDP, destination: {selector: k8s-app == "kube-dns", namespaceSelector: projectcalico.org/name == "kube-system", ports: [53]}}
  - {action: Allow, protocol: TCP, destination: {selector: k8s-app == "kube-dns", namespaceSelector: projectcalico.org/name == "kube-system", ports: [53]}}
`);
    expect(lintDns(allowed)).toEqual([]);
  });
});
