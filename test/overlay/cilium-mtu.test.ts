// Cilium's MTU model. cilium-config `mtu` is the base MTU of the underlying network (0 or
// unset: auto-detected from the node's devices, 1500 if none); the pod's eth0 gets that
// device MTU and the routes Cilium installs in the pod get the route MTU, which has the
// tunnel (50), WireGuard (80) and IPsec (77) overheads taken off. TCP sizes its segments
// from the route MTU, so a correct configuration never black-holes.
// Sources:
// - cilium/cilium pkg/mtu/mtu.go (TunnelOverhead 50, WireguardOverhead 80,
//   EncryptionIPsecOverhead 77; getDeviceMTU / getRouteMTU, WireGuard + tunnel subtracts both)
// - cilium/cilium pkg/mtu/cell.go (option.Config.MTU is the configured base MTU)
// - cilium/cilium commit 29a340ee "cni: Use correct route MTU for various cloud cidrs" (PR #32244):
//   the device MTU is set on the pod's interface, the route MTU on the routes in its netns
// - cilium/cilium PR #30329 "wireguard: also account for tunnel overhead" (1.15: packets are
//   tunnelled before they are encrypted; 1.14 only with --wireguard-encapsulate)
// - https://docs.cilium.io/en/stable/network/concepts/routing/ (routing-mode tunnel is the default)

import { describe, expect, it } from 'vitest';
import {
  codesOf,
  configMapYaml,
  daemonSetYaml,
  hopOfKind,
  kindsOf,
  modelOf,
  nodeYaml,
  podYaml,
  traceOf,
} from './dump';

const NODES =
  nodeYaml({ name: 'worker-1', ip: '10.0.0.11', podCIDR: '10.42.1.0/24' }) +
  nodeYaml({ name: 'worker-2', ip: '10.0.0.12', podCIDR: '10.42.2.0/24' });
const PODS =
  podYaml('shop', 'web-0', 'worker-1', '10.42.1.10', 'web', 8080) +
  podYaml('shop', 'db-0', 'worker-2', '10.42.2.20', 'db', 5432);
const QUERY = { from: 'pod:shop/web-0', to: 'pod:shop/db-0', port: 5432, protocol: 'TCP' as const };

function cilium(data: Record<string, string>, version = 'v1.16.1'): string {
  return (
    NODES +
    PODS +
    configMapYaml('cilium-config', 'kube-system', {
      'kube-proxy-replacement': 'false',
      'enable-ipv4-masquerade': 'true',
      ...data,
    }) +
    daemonSetYaml('cilium', 'kube-system', `quay.io/cilium/cilium:${version}`, [
      '--config-dir=/tmp/cilium/config-map',
    ])
  );
}

describe('Cilium mtu is the device MTU; the tunnel overhead goes on the pod routes', () => {
  it('mtu unset on a VXLAN tunnel: eth0 1500, route MTU 1450, full-size packets fit', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel', 'tunnel-protocol': 'vxlan' })), QUERY);
    expect(r.verdict).toBe('delivered');
    expect(kindsOf(r)).toEqual([
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'encap',
      'underlay',
      'decap',
      'policy-ingress',
      'veth',
      'endpoint',
    ]);
    const eth0 = hopOfKind(r, 'pod-eth0')!;
    expect(eth0.mtu).toBe(1450);
    expect(eth0.facts).toMatchObject({ MTU: '1500', 'route MTU': '1450', 'packet size': '1450' });
    // The assumption is said on the hop: the setting is unset, the device MTU came from the node.
    expect(eth0.facts?.['MTU basis']).toMatch(/Cilium mtu unset: auto-detected from the node device 1500/);
    const encap = hopOfKind(r, 'encap')!;
    expect(encap).toMatchObject({ label: 'VXLAN encapsulation', mtu: 1450 });
    expect(encap.facts).toMatchObject({ overhead: '50 B', 'pod route MTU': '1450', 'pod eth0 MTU': '1500' });
    expect(codesOf(r)).not.toContain('MTU_BLACKHOLE');
    // The destination receives on its 1500-byte eth0.
    expect(hopOfKind(r, 'endpoint')?.mtu).toBe(1500);
  });

  it('says 1500 was assumed when neither Cilium nor the snapshot states the device MTU', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel' }), {}), QUERY);
    expect(hopOfKind(r, 'pod-eth0')?.facts?.['MTU basis']).toMatch(
      /Cilium mtu unset: auto-detected from the node device; assumed 1500/,
    );
    expect(codesOf(r)).toContain('MTU_ASSUMED');
    expect(codesOf(r)).not.toContain('MTU_BLACKHOLE');
  });

  it('mtu: "1500" on a 1500-byte network is right, not a black hole (the setting is the underlay MTU, not the pod MTU)', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel', mtu: '1500' })), QUERY);
    expect(r.verdict).toBe('delivered');
    expect(hopOfKind(r, 'pod-eth0')?.facts).toMatchObject({ MTU: '1500', 'route MTU': '1450' });
    expect(hopOfKind(r, 'pod-eth0')?.facts?.['MTU basis']).toMatch(/cilium-config mtu 1500/);
    expect(codesOf(r)).not.toContain('MTU_BLACKHOLE');
  });

  it('mtu: "9000" on a 1500-byte network black-holes full-size packets; the fix sets mtu back to the network MTU', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel', mtu: '9000' })), QUERY);
    expect(r.verdict).toBe('dropped');
    const f = r.findings.find((x) => x.code === 'MTU_BLACKHOLE')!;
    expect(r.hops.find((h) => h.id === f.hop)).toMatchObject({ kind: 'encap', verdict: 'drop', mtu: 1450 });
    expect(f.detail).toMatch(/MTU 8950/);
    expect(f.fix).toMatch(/Set cilium-config mtu to 1500/);
    expect(f.fix).toContain(`"mtu":"1500"`);
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ kind: 'ConfigMap', name: 'cilium-config', field: 'data.mtu', value: '9000' }),
    );
  });

  it('native routing: no tunnel overhead, route MTU = device MTU', () => {
    const r = traceOf(
      modelOf(
        cilium({
          'routing-mode': 'native',
          'ipv4-native-routing-cidr': '10.42.0.0/16',
          'auto-direct-node-routes': 'true',
        }),
      ),
      QUERY,
    );
    expect(kindsOf(r)).toContain('routed');
    expect(hopOfKind(r, 'pod-eth0')?.facts).toMatchObject({ MTU: '1500' });
    expect(hopOfKind(r, 'pod-eth0')?.facts?.['route MTU']).toBeUndefined();
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1500);
  });

  it("a packet larger than the route MTU is the pod stack's problem (fragmented or EMSGSIZE), not a silent drop", () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel' })), { ...QUERY, size: 1500 });
    const f = r.findings.find((x) => x.code === 'MTU_FRAGMENTATION_RISK')!;
    expect(r.hops.find((h) => h.id === f.hop)?.kind).toBe('pod-eth0');
    expect(f.detail).toMatch(/1450-byte MTU at shop\/web-0 eth0 \(route MTU\)/);
    expect(codesOf(r)).not.toContain('MTU_BLACKHOLE');
  });
});

describe('Cilium WireGuard', () => {
  it('with a VXLAN tunnel (1.16) stacks both overheads: route MTU 1500 − 50 − 80 = 1370', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel', 'enable-wireguard': 'true' })), QUERY);
    expect(r.verdict).toBe('delivered');
    expect(hopOfKind(r, 'pod-eth0')?.facts).toMatchObject({ MTU: '1500', 'route MTU': '1370' });
    const encap = hopOfKind(r, 'encap')!;
    expect(encap).toMatchObject({ label: 'VXLAN + WireGuard encapsulation', mtu: 1370 });
    expect(encap.facts?.overhead).toBe('130 B');
    expect(hopOfKind(r, 'decap')?.label).toBe('VXLAN + WireGuard decapsulation');
  });

  it('1.14 without wireguard-encapsulate sends WireGuard instead of the tunnel: 80 B, route MTU 1420', () => {
    const r = traceOf(
      modelOf(cilium({ 'routing-mode': 'tunnel', 'enable-wireguard': 'true' }, 'v1.14.12')),
      QUERY,
    );
    expect(hopOfKind(r, 'encap')).toMatchObject({ label: 'WireGuard encapsulation', mtu: 1420 });
    expect(hopOfKind(r, 'pod-eth0')?.facts?.['route MTU']).toBe('1420');
  });

  it('with native routing encrypts in WireGuard alone: route MTU 1420', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'native', 'enable-wireguard': 'true' })), QUERY);
    expect(hopOfKind(r, 'encap')).toMatchObject({ label: 'WireGuard encapsulation', mtu: 1420 });
    expect(hopOfKind(r, 'pod-eth0')?.facts).toMatchObject({ MTU: '1500', 'route MTU': '1420' });
  });

  it('IPsec on a tunnel subtracts 50 + 77: route MTU 1373', () => {
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel', 'enable-ipsec': 'true' })), QUERY);
    expect(hopOfKind(r, 'encap')).toMatchObject({ label: 'VXLAN + IPsec encapsulation', mtu: 1373 });
  });
});

describe('a cilium-config value Cilium would reject', () => {
  it('is a warning naming the ConfigMap and the key, and the auto-detected MTU is used', () => {
    const m = modelOf(cilium({ 'routing-mode': 'tunnel', mtu: 'jumbo' }));
    const w = m.warnings.find((x) => x.code === 'ASSUMPTION' && x.message.includes('data.mtu'))!;
    expect(w.message).toMatch(/ConfigMap kube-system\/cilium-config: data\.mtu: "jumbo" is not an MTU/);
    expect(w.ref).toMatchObject({ kind: 'ConfigMap', name: 'cilium-config' });
    const r = traceOf(modelOf(cilium({ 'routing-mode': 'tunnel', mtu: 'jumbo' })), QUERY);
    expect(hopOfKind(r, 'pod-eth0')?.facts).toMatchObject({ MTU: '1500', 'route MTU': '1450' });
  });
});
