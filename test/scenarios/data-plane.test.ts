// Service data planes: kube-proxy iptables at 3,000 Services vs IPVS, and Cilium's eBPF
// kube-proxy replacement with DSR on a node whose kernel is too old. Plus the large cluster.

import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopsOfKind, inOrder, kinds, lint, modelOf, trace } from './helpers';

describe('iptables-at-scale', () => {
  it('warns that iptables rule evaluation is linear in 3,000 Services', () => {
    const r = trace('iptables-at-scale', 0);
    expect(r.verdict).toBe('degraded');
    const f = findingOf(r, 'KUBE_PROXY_IPTABLES_SCALE')!;
    expect(f.severity).toBe('warning');
    const hop = r.hops.find((h) => h.id === f.hop)!;
    expect(hop.kind).toBe('service');
    expect(`${f.title} ${f.detail}`).toMatch(/3[,.\u202f ]?00\d/);
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'ConfigMap', namespace: 'kube-system', name: 'kube-proxy' }),
    );
    // Calico BGP without encapsulation: pod traffic is routed, never wrapped.
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'service',
      'policy-egress',
      'node',
      'routed',
      'underlay',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
  });

  it('is fixed by IPVS (rr, strictARP)', async () => {
    const r = trace('ipvs-at-scale', 0);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('KUBE_PROXY_IPTABLES_SCALE');
    expect(hopsOfKind(r, 'service')[0]?.label).toMatch(/IPVS.*rr/);
    expect(codes((await lint('ipvs-at-scale')).findings)).not.toContain('KUBE_PROXY_IPTABLES_SCALE');
  });

  it('traces in well under a second despite 8,000 objects', () => {
    trace('iptables-at-scale', 0);
    const t0 = performance.now();
    trace('iptables-at-scale', 0);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('cilium-dsr-old-kernel', () => {
  it('translates the Service in eBPF before the packet leaves the pod, and flags the 4.19 kernel', () => {
    const r = trace('cilium-dsr-old-kernel', 0);
    expect(r.verdict).toBe('degraded');
    expect(kinds(r)).toEqual([
      'service',
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'routed',
      'underlay',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
    const f = findingOf(r, 'EBPF_KERNEL_TOO_OLD')!;
    expect(f.severity).toBe('warning');
    expect(r.hops.find((h) => h.id === f.hop)).toMatchObject({ kind: 'service', node: 'worker-3' });
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'Node', name: 'worker-3', value: '4.19.0-26-amd64' }),
    );
  });

  it('does not flag the nodes on 5.15', () => {
    const r = trace('cilium-dsr-old-kernel', 1);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('EBPF_KERNEL_TOO_OLD');
  });

  it('keeps the client IP through the LoadBalancer with DSR (no SNAT, no CLIENT_IP_LOST)', () => {
    const r = trace('cilium-dsr-old-kernel', 2);
    expect(
      inOrder(kinds(r), [
        'client',
        'load-balancer',
        'node-port',
        'service',
        'node',
        'routed',
        'policy-ingress',
        'veth',
        'endpoint',
      ]),
    ).toBe(true);
    expect(kinds(r)).not.toContain('snat');
    expect(codes(r.findings)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hopsOfKind(r, 'endpoint')[0]?.src).toBe('198.51.100.23');
    // L2 announcements exclude the control plane (policy nodeSelector and the exclude label).
    expect(hopsOfKind(r, 'node-port')[0]?.node).toMatch(/^worker-/);
  });

  it('lint names the old node; the upgrade clears it', async () => {
    const before = (await lint('cilium-dsr-old-kernel')).findings.filter(
      (f) => f.code === 'EBPF_KERNEL_TOO_OLD',
    );
    expect(before.length).toBeGreaterThan(0);
    expect(before.flatMap((f) => f.evidence.map((e) => e.name))).toContain('worker-3');
    expect(codes((await lint('cilium-dsr-kernel-upgraded')).findings)).not.toContain('EBPF_KERNEL_TOO_OLD');
    const r = trace('cilium-dsr-kernel-upgraded', 0);
    expect(r.verdict).toBe('delivered');
    expect(codes(r.findings)).not.toContain('EBPF_KERNEL_TOO_OLD');
  });
});

describe('named-port-mismatch', () => {
  it('publishes the ready pods without the unresolved port, like the EndpointSlice controller', () => {
    const slice = modelOf('named-port-mismatch').endpointSlices.find((e) => e.serviceName === 'checkout')!;
    expect(slice.endpoints.map((e) => e.ready)).toEqual([true, true]);
    expect(slice.ports).toEqual([]);
  });

  it('rejects web → checkout at the nftables service hop: targetPort http is not declared', () => {
    const r = trace('named-port-mismatch', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'service']);
    const svc = hopsOfKind(r, 'service')[0]!;
    expect(svc.verdict).toBe('drop');
    expect(svc.label).toMatch(/nftables/);
    expect(svc.findings).toEqual(expect.arrayContaining(['TARGET_PORT_MISMATCH', 'NAMED_PORT_UNRESOLVED']));
    expect(findingOf(r, 'TARGET_PORT_MISMATCH')?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Service',
        name: 'checkout',
        field: 'spec.ports[].targetPort',
        value: 'http',
      }),
    );
  });

  it('lint blames the port, not readiness: both checkout pods are Ready', async () => {
    const findings = (await lint('named-port-mismatch')).findings;
    expect(codes(findings)).toContain('TARGET_PORT_MISMATCH');
    for (const f of findings.filter((x) => x.code === 'NO_READY_ENDPOINTS'))
      expect(f.detail).not.toMatch(/not ready/);
  });

  it('is fixed by targeting the new port name', () => {
    const r = trace('named-port-fixed', 0);
    expect(r.verdict).toBe('delivered');
    expect(hopsOfKind(r, 'endpoint')[0]?.dst).toMatch(/:8080$/);
  });
});

describe('large-cluster', () => {
  it('delivers the one opened cross-team flow and DNS, quickly', () => {
    modelOf('large-cluster');
    const t0 = performance.now();
    const r = trace('large-cluster', 0);
    expect(r.verdict).toBe('delivered');
    expect(
      r.findings.filter((f) => f.code === 'POLICY_ALLOWED_BY').flatMap((f) => f.evidence.map((e) => e.name)),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/^egress-0-/), expect.stringMatching(/^ingress-0-/)]),
    );
    expect(trace('large-cluster', 1).verdict).toBe('delivered');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
