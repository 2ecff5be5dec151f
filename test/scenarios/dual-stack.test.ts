// Dual-stack story: the pod MTU pinned at 1450 (right for VXLAN over IPv4) black-holes
// IPv6 pod traffic, which Calico carries in VXLAN over the nodes' IPv6 addresses.
// - Calico overheads: felix/dataplane/linux/int_dataplane.go (vxlanMTUOverhead = 50,
//   vxlanV6MTUOverhead = 70); https://docs.tigera.io/calico/latest/networking/configuring/mtu
//   (VXLAN over IPv4 50 B, over IPv6 70 B).
// - IPv6 fixed header 40 B: RFC 8200 section 3.
// - Service families: https://kubernetes.io/docs/concepts/services-networking/dual-stack/
import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { codes, findingOf, hopOf, hopsOfKind, kinds, lint, trace } from './helpers';

const CROSS_NODE_VIA_SERVICE = [
  'pod-eth0',
  'veth',
  'service',
  'policy-egress',
  'node',
  'encap',
  'underlay',
  'decap',
  'policy-ingress',
  'veth',
  'endpoint',
];

describe('dual-stack-ipv6-mtu', () => {
  it('traces the IPv6-first Service over IPv6 and drops the full-size packet at VXLAN-over-IPv6 encapsulation', () => {
    const r = trace('dual-stack-ipv6-mtu', 0);
    expect(r.verdict).toBe('dropped');
    expect(kinds(r)).toEqual(CROSS_NODE_VIA_SERVICE);
    expect(r.hops[0]!.facts?.['address family']).toMatch(/^IPv6 \(the Service's primary family/);
    expect(r.hops[0]!.src).toMatch(/^fd00:10:244::/);
    const svc = hopsOfKind(r, 'service')[0]!;
    expect(svc.facts?.['dst before']).toMatch(/^\[fd00:10:96::[0-9a-f:]+\]:5432$/);
    expect(svc.verifySteps?.map((s) => s.command)?.[0]).toMatch(/^ip6tables -t nat -L KUBE-SVC-/);
    const f = findingOf(r, 'MTU_BLACKHOLE')!;
    const encap = hopOf(r, f.hop)!;
    expect(encap).toMatchObject({ kind: 'encap', verdict: 'drop', node: 'worker-1', mtu: 1430 });
    expect(encap.facts).toMatchObject({ overhead: '70 B', 'pod MTU': '1450' });
    expect(hopsOfKind(r, 'underlay')[0]).toMatchObject({ src: 'fd00:10::11', dst: 'fd00:10::12' });
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Installation',
        name: 'default',
        field: 'spec.calicoNetwork.mtu',
        value: '1450',
      }),
    );
    expect(f.fix).toContain('1430');
    expect(f.verify.some((v) => v.includes('-- ping -6 -M do -s 1382 '))).toBe(true);
  });

  it('delivers the same size over IPv4 to the single-stack api Service (VXLAN over IPv4: 50 B)', () => {
    const r = trace('dual-stack-ipv6-mtu', 1);
    expect(r.verdict).toBe('delivered');
    expect(kinds(r)).toEqual(CROSS_NODE_VIA_SERVICE);
    expect(r.hops[0]!.src).toMatch(/^192\.168\./);
    expect(hopsOfKind(r, 'encap')[0]!.facts).toMatchObject({ overhead: '50 B', 'pod MTU': '1450' });
    expect(codes(r.findings)).not.toContain('MTU_BLACKHOLE');
  });

  it('lets a small IPv6 health check through while naming the black hole', () => {
    const r = trace('dual-stack-ipv6-mtu', 2);
    expect(r.verdict).toBe('degraded');
    expect(r.hops.some((h) => h.verdict === 'drop')).toBe(false);
    expect(codes(r.findings)).toContain('MTU_BLACKHOLE');
  });
});

describe('dual-stack-ipv6-mtu-fixed', () => {
  it('fits 1430 + 70 B into the 1500-byte underlay for IPv6, and IPv4 still fits', () => {
    const v6 = trace('dual-stack-ipv6-mtu-fixed', 0);
    expect(v6.verdict).toBe('delivered');
    expect(hopsOfKind(v6, 'encap')[0]).toMatchObject({
      mtu: 1430,
      facts: expect.objectContaining({ 'pod MTU': '1430', overhead: '70 B' }),
    });
    expect(hopsOfKind(v6, 'endpoint')[0]!.facts?.[SEEN_SOURCE_FACT]).toBe(v6.hops[0]!.src);
    const v4 = trace('dual-stack-ipv6-mtu-fixed', 1);
    expect(v4.verdict).toBe('delivered');
    expect(codes([...v6.findings, ...v4.findings])).not.toContain('MTU_BLACKHOLE');
  });
});

describe('dual-stack-ipv6-mtu lint', () => {
  it('flags the IPv6 MTU budget snapshot-wide though the IPv4 budget fits, and the fix clears it', async () => {
    const f = (await lint('dual-stack-ipv6-mtu')).findings.filter((x) => x.code === 'MTU_BLACKHOLE');
    expect(f).toHaveLength(1);
    expect(f[0]!.detail).toContain('VXLAN (IPv6) adds 70 B');
    expect(f[0]!.verifySteps?.map((s) => s.command)).toContain(
      'ping -6 -M do -s 1382 -c 3 POD_IPV6_ON_ANOTHER_NODE',
    );
    expect((await lint('dual-stack-ipv6-mtu-fixed')).findings.map((x) => x.code)).not.toContain(
      'MTU_BLACKHOLE',
    );
  });
});
