// The data-plane policy scenarios: a host-network exporter under default deny, and a
// pod calling its own Service (hairpin). Upstream behaviour they follow:
// - host-network pods: Kubernetes docs "NetworkPolicy and hostNetwork pods"
//   (https://kubernetes.io/docs/concepts/services-networking/network-policies/) and
//   OpenShift's "a network policy does not apply to the host network namespace"
//   (https://docs.redhat.com/en/documentation/openshift_container_platform/latest/html/network_security/network-policy);
//   traffic between a pod and its own node is always allowed (same Kubernetes page).
// - hairpin: kubernetes/kubernetes pkg/proxy/iptables/proxier.go ("Handle traffic that
//   loops back to the originator with SNAT"); Calico's policy chains run in filter
//   FORWARD, before nat POSTROUTING masquerades (kubernetes-sigs/network-policy-api#343
//   on why this is implementation-defined).

import { describe, expect, it } from 'vitest';
import { codes, kinds, trace } from './helpers';

describe('hostnetwork-exporter-default-deny', () => {
  it('Prometheus egress to a host-network exporter on another node is denied: the label rule cannot match a node address', () => {
    const r = trace('hostnetwork-exporter-default-deny', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'policy-egress', 'endpoint']);
    expect(r.hops[2]!.verdict).toBe('drop');
    expect(r.hops[3]).toMatchObject({ reached: false, findings: ['HOST_NETWORK_POD'], mtu: 1500 });
    expect(codes(r.findings)).toEqual(expect.arrayContaining(['POLICY_EGRESS_DENIED', 'HOST_NETWORK_POD']));
    expect(r.summary).toContain('host-network pod');
  });

  it("the exporter on Prometheus's own node answers: traffic to the own node is always allowed", () => {
    const r = trace('hostnetwork-exporter-default-deny', 1);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'policy-egress', 'node', 'endpoint']);
  });

  it("the exporter as a source is node traffic: its node's VXLAN tunnel address meets Prometheus's ingress policy", () => {
    const r = trace('hostnetwork-exporter-default-deny', 2);
    expect(kinds(r)).toEqual(['pod-eth0', 'node', 'encap', 'underlay', 'decap', 'policy-ingress']);
    expect(r.hops[0]!.findings).toContain('HOST_NETWORK_POD');
    expect(r.hops[1]!.facts?.['source address']).toMatch(/\(vxlan\.calico\)$/);
    expect(r.hops.at(-1)!.verdict).toBe('drop');
  });

  it('fixed: an ipBlock of the node network admits the exporter; natOutgoing masquerades the scrape to the Prometheus node', () => {
    const r = trace('hostnetwork-exporter-node-cidr', 0);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'snat',
      'routed',
      'underlay',
      'endpoint',
    ]);
    expect(r.hops.at(-1)!.facts?.['source address the backend sees']).toBe('10.0.0.11');
    expect(codes(r.findings)).toEqual(expect.arrayContaining(['SNAT_EGRESS_MASQUERADE', 'HOST_NETWORK_POD']));
    expect(codes(r.findings)).not.toContain('POLICY_EGRESS_DENIED');
  });
});

describe('hairpin-own-service', () => {
  it('the api calling its own Service is hairpinned, masqueraded, and denied by the web-only ingress rule', () => {
    const r = trace('hairpin-own-service', 0);
    expect(r.verdict).toBe('dropped');
    // Calico's policy runs in filter FORWARD, before the masquerade: it judges the api's own address.
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'service', 'policy-egress', 'policy-ingress', 'snat']);
    expect(r.hops[5]).toMatchObject({ reached: false, findings: ['HAIRPIN_SNAT'] });
    expect(r.hops[5]!.facts?.['src after']).toBe('10.0.0.12');
    expect(r.hops[4]).toMatchObject({
      verdict: 'drop',
      findings: ['POLICY_INGRESS_DENIED'],
      src: r.hops[0]!.src,
    });
    expect(r.hops[4]!.facts?.['judged source']).toMatch(/before the masquerade/);
  });

  it('web reaching the api is not masqueraded and is allowed', () => {
    const r = trace('hairpin-own-service', 1);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).not.toContain('snat');
  });

  it("fixed: the api's own pods are admitted; the api sees the node address as the source", () => {
    const r = trace('hairpin-own-service-allowed', 0);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'service',
      'policy-egress',
      'policy-ingress',
      'snat',
      'veth',
      'endpoint',
    ]);
    expect(r.hops[5]!.findings).toEqual(['HAIRPIN_SNAT']);
    expect(r.hops.at(-1)!.facts?.['source address the backend sees']).toBe('10.0.0.12');
    expect(codes(r.findings)).toContain('HAIRPIN_SNAT');
  });
});
