// Calico WireGuard: Felix encrypts pod traffic between nodes that both publish a WireGuard
// public key (node annotation projectcalico.org/WireguardPublicKey, with the tunnel address
// in projectcalico.org/IPv4WireguardInterfaceAddr), instead of the pool's IP-in-IP/VXLAN;
// traffic to or from a node without WireGuard is sent unencrypted, over the pool's usual
// path. WireGuard costs 60 bytes over IPv4 and 80 over IPv6; FelixConfiguration
// wireguardMTU overrides the auto-detected MTU.
// Sources:
// - projectcalico/calico calico/security/encrypt-cluster-pod-traffic.md ("traffic to or from
//   a node that does not have Wireguard installed, will not be encrypted"; verify with the
//   node's wireguardPublicKey)
// - https://docs.tigera.io/calico/latest/networking/configuring/mtu ("Configure MTU":
//   WireGuard 1440 on a 1500 network, WireGuard IPv6 1420; wireguardMTU / wireguardMTUV6)
// - projectcalico/calico libcalico-go/lib/backend/k8s/resources/node.go
//   (nodeWireguardPublicKeyAnnotation, nodeWireguardIpv4IfaceAddrAnnotation)

import { describe, expect, it } from 'vitest';
import { detectPlatform } from 'lib/engine/platform';
import { overheadOf } from 'lib/engine/platform/mtu';
import { codesOf, hopOfKind, modelOf, nodeYaml, podYaml, traceOf } from './dump';

const KEY = 'projectcalico.org/WireguardPublicKey';

function calico(o: { keys: readonly [boolean, boolean]; wireguardMTU?: number }): string {
  const ann = (ip: string, tunnel: string, wg: string, key: boolean) => ({
    'projectcalico.org/IPv4Address': `${ip}/24`,
    'projectcalico.org/IPv4IPIPTunnelAddr': tunnel,
    ...(key
      ? {
          [KEY]: 'jlkVyQYooZYzI2wFfNhSZez5eWh44yfq1wKVjLvSXgY=',
          'projectcalico.org/IPv4WireguardInterfaceAddr': wg,
        }
      : {}),
  });
  return (
    nodeYaml({
      name: 'worker-1',
      ip: '10.0.0.11',
      podCIDR: '10.244.1.0/24',
      annotations: ann('10.0.0.11', '192.168.1.1', '192.168.1.2', o.keys[0]),
    }) +
    nodeYaml({
      name: 'worker-2',
      ip: '10.0.0.12',
      podCIDR: '10.244.2.0/24',
      annotations: ann('10.0.0.12', '192.168.2.1', '192.168.2.2', o.keys[1]),
    }) +
    podYaml('shop', 'web-0', 'worker-1', '192.168.1.10', 'web', 8080) +
    podYaml('shop', 'db-0', 'worker-2', '192.168.2.20', 'db', 5432) +
    `---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 192.168.0.0/16, ipipMode: Always, vxlanMode: Never, natOutgoing: true, blockSize: 26}
---
apiVersion: crd.projectcalico.org/v1
kind: FelixConfiguration
metadata: {name: default}
spec:
  wireguardEnabled: true
${o.wireguardMTU ? `  wireguardMTU: ${o.wireguardMTU}\n` : ''}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: calico-node}}
  template:
    metadata: {labels: {k8s-app: calico-node}}
    spec: {hostNetwork: true, containers: [{name: calico-node, image: docker.io/calico/node:v3.28.1}]}
`
  );
}

const QUERY = { from: 'pod:shop/web-0', to: 'pod:shop/db-0', port: 5432, protocol: 'TCP' as const };

describe('Calico WireGuard', () => {
  it('encrypts between nodes that both publish a key, in place of IP-in-IP: 60 B, pods 1440', () => {
    const r = traceOf(modelOf(calico({ keys: [true, true] })), QUERY);
    expect(r.verdict).toBe('delivered');
    expect(hopOfKind(r, 'encap')).toMatchObject({ label: 'WireGuard encapsulation', mtu: 1440 });
    expect(hopOfKind(r, 'encap')?.facts?.overhead).toBe('60 B');
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1440);
    expect(codesOf(r)).not.toContain('WIREGUARD_PEER_UNENCRYPTED');
  });

  it('sends unencrypted, over IP-in-IP, to a node that publishes no key: WIREGUARD_PEER_UNENCRYPTED on the encap hop', () => {
    const r = traceOf(modelOf(calico({ keys: [true, false] })), QUERY);
    expect(r.verdict).toBe('degraded');
    const f = r.findings.find((x) => x.code === 'WIREGUARD_PEER_UNENCRYPTED')!;
    expect(f.severity).toBe('warning');
    const hop = r.hops.find((h) => h.id === f.hop)!;
    expect(hop).toMatchObject({ kind: 'encap', label: 'IP-in-IP encapsulation', verdict: 'warn' });
    expect(f.detail).toMatch(/worker-2 publishes no WireGuard public key/);
    expect(f.detail).toMatch(/without encryption \(IP-in-IP\)/);
    expect(f.evidence).toContainEqual({
      kind: 'Node',
      name: 'worker-2',
      field: `metadata.annotations.${KEY}`,
      value: '(absent)',
    });
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'FelixConfiguration',
        name: 'default',
        field: 'spec.wireguardEnabled',
        value: 'true',
      }),
    );
    expect(f.verify.join('\n')).toMatch(/wg show wireguard.cali/);
    // Pods stay sized for WireGuard, so the 20-byte IP-in-IP fallback fits.
    expect(codesOf(r)).not.toContain('MTU_BLACKHOLE');
  });

  it('reads FelixConfiguration wireguardMTU as the pod MTU', () => {
    const r = traceOf(modelOf(calico({ keys: [true, true], wireguardMTU: 1400 })), QUERY);
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1400);
    expect(hopOfKind(r, 'pod-eth0')?.facts?.['MTU basis']).toBe('as the CNI configures it');
  });

  it('budgets 60 B over IPv4 and 80 B over IPv6', () => {
    const { cni } = detectPlatform(modelOf(calico({ keys: [true, true] })));
    expect(cni.encryption).toMatchObject({ kind: 'wireguard', perPeerKey: true, overTunnel: false });
    expect(overheadOf(cni)).toBe(60);
    expect(overheadOf(cni, true)).toBe(80);
  });
});

describe('lint of Calico WireGuard', () => {
  it('lists the nodes without a key', async () => {
    const { lintModel } = await import('lib/engine');
    const f = lintModel(modelOf(calico({ keys: [true, false] }))).findings.filter(
      (x) => x.code === 'WIREGUARD_PEER_UNENCRYPTED',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.evidence).toContainEqual({
      kind: 'Node',
      name: 'worker-2',
      field: `metadata.annotations.${KEY}`,
      value: '(absent)',
    });
    expect(lintModel(modelOf(calico({ keys: [true, true] }))).findings.map((x) => x.code)).not.toContain(
      'WIREGUARD_PEER_UNENCRYPTED',
    );
  });
});
