// Flannel host-gw across two racks and its fix, vxlan with DirectRouting.
// Sources: flannel-io/flannel Documentation/backends.md (host-gw "Requires direct layer2
// connectivity between hosts"; vxlan DirectRouting "when the hosts are on the same subnet"),
// pkg/backend/route_network.go (routeAdd: "Error adding route", no fallback) and
// pkg/backend/vxlan/vxlan_network.go (direct route via the peer's public IP when
// ip.DirectRouting says it is directly connected; VXLAN otherwise; MTU() = MTU − 50).

import { describe, expect, it } from 'vitest';
import { getScenario } from 'lib/scenarios';
import { codes, findingOf, hopOf, hopsOfKind, kinds, lint, trace } from './helpers';

describe('flannel-host-gw-across-racks', () => {
  it('has no route from rack A to rack B: HOST_GW_NEEDS_L2 drops at the routed hop', () => {
    const r = trace('flannel-host-gw-across-racks', 0);
    expect(r.verdict).toBe('dropped');
    const f = findingOf(r, 'HOST_GW_NEEDS_L2')!;
    expect(f.severity).toBe('error');
    expect(hopOf(r, f.hop)).toMatchObject({
      kind: 'routed',
      node: 'worker-1',
      verdict: 'drop',
      label: 'routed (host-gw)',
    });
    expect(f.detail).toMatch(/worker-1 is on 10\.20\.1\.0\/24 and worker-4 on 10\.20\.2\.0\/24/);
    expect(f.detail).not.toMatch(/Assumed/);
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Node',
        name: 'worker-4',
        field: 'metadata.annotations.packetpath.dev/node-subnet',
        value: '10.20.2.0/24',
      }),
    );
    expect(kinds(r).slice(0, 6)).toEqual(['pod-eth0', 'veth', 'service', 'policy-egress', 'node', 'routed']);
    expect(r.hops.some((h) => h.kind === 'endpoint' && h.reached !== false)).toBe(false);
  });

  it('routes inside rack A via the other node, with the full 1500-byte pod MTU', () => {
    const r = trace('flannel-host-gw-across-racks', 1);
    expect(r.verdict).toBe('delivered');
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
    expect(hopsOfKind(r, 'pod-eth0')[0]?.mtu).toBe(1500);
  });

  it('lint names the rack pair', async () => {
    const f = (await lint('flannel-host-gw-across-racks')).findings.filter(
      (x) => x.code === 'HOST_GW_NEEDS_L2',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.detail).toMatch(/10\.20\.1\.0\/24 and .* on 10\.20\.2\.0\/24/);
  });
});

describe('flannel-vxlan-directrouting', () => {
  it('is the fix of the host-gw scenario', () => {
    expect(getScenario('flannel-host-gw-across-racks')?.fixedBy).toBe('flannel-vxlan-directrouting');
    expect(getScenario('flannel-vxlan-directrouting')?.fixes).toBe('flannel-host-gw-across-racks');
  });

  it('wraps rack A → rack B in VXLAN and delivers, pods at 1450', () => {
    const r = trace('flannel-vxlan-directrouting', 0);
    expect(r.verdict).toBe('delivered');
    expect(hopsOfKind(r, 'encap')[0]).toMatchObject({ label: 'VXLAN encapsulation', mtu: 1450 });
    expect(hopsOfKind(r, 'pod-eth0')[0]?.mtu).toBe(1450);
    expect(findingOf(r, 'OVERLAY_CROSS_SUBNET')?.detail).toMatch(/VXLAN DirectRouting: .*different subnets/);
    expect(codes(r.findings)).not.toContain('HOST_GW_NEEDS_L2');
  });

  it('still routes directly inside rack A', async () => {
    const r = trace('flannel-vxlan-directrouting', 1);
    expect(r.verdict).toBe('delivered');
    expect(hopsOfKind(r, 'routed')[0]?.findings).toContain('OVERLAY_CROSS_SUBNET');
    expect(kinds(r)).not.toContain('encap');
    expect(
      (await lint('flannel-vxlan-directrouting')).findings.filter((f) => f.severity === 'error'),
    ).toEqual([]);
  });
});
