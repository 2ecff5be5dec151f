// Flannel backends: the pod MTU flannel writes to subnet.env is Backend.MTU (else the
// external interface's MTU) minus the backend's overhead — vxlan 50, wireguard 80 for both
// address families; DirectRouting on vxlan routes node pairs whose public IP is directly
// connected without encapsulation; host-gw adds a route to each peer's pod subnet via the
// peer's public IP, which the kernel refuses when that IP is not on a connected network.
// Sources:
// - flannel-io/flannel Documentation/backends.md (VXLAN MTU and DirectRouting; host-gw
//   "Requires direct layer2 connectivity between hosts"; WireGuard MTU)
// - flannel-io/flannel Documentation/configuration.md ("MTU is calculated and set
//   automatically by flannel ... This value can be changed as backend config")
// - flannel-io/flannel pkg/backend/vxlan/vxlan.go (parseVXLANConfig: MTU defaults to the
//   external interface's), pkg/backend/vxlan/vxlan_network.go (MTU() = mtu − encapOverhead,
//   directRouting via ip.DirectRouting), pkg/ip/iface.go (DirectRouting: a single route
//   without gateway), pkg/backend/wireguard/wireguard_network.go (overhead = 80),
//   pkg/backend/route_network.go (routeAdd logs "Error adding route" and gives up)
// What the snapshot cannot tell, and the tests pin as said on the hop: node subnets (the
// API has addresses, not prefixes) are taken from the packetpath.dev/node-subnet annotation,
// else a /24 around flannel's public-ip (or the InternalIP) is assumed.

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

interface Opts {
  readonly backend: Record<string, unknown>;
  readonly topLevel?: Record<string, unknown>;
  readonly ips?: readonly [string, string];
  readonly subnets?: readonly [string, string];
}

function flannel(o: Opts): string {
  const [a, b] = o.ips ?? ['10.0.0.11', '10.0.0.12'];
  const ann = (ip: string, subnet?: string) => ({
    'flannel.alpha.coreos.com/public-ip': ip,
    'flannel.alpha.coreos.com/backend-type': String(o.backend['Type']),
    ...(subnet ? { 'packetpath.dev/node-subnet': subnet } : {}),
  });
  return (
    nodeYaml({ name: 'worker-1', ip: a, podCIDR: '10.244.1.0/24', annotations: ann(a, o.subnets?.[0]) }) +
    nodeYaml({ name: 'worker-2', ip: b, podCIDR: '10.244.2.0/24', annotations: ann(b, o.subnets?.[1]) }) +
    podYaml('shop', 'web-0', 'worker-1', '10.244.1.10', 'web', 8080) +
    podYaml('shop', 'db-0', 'worker-2', '10.244.2.20', 'db', 5432) +
    configMapYaml('kube-flannel-cfg', 'kube-flannel', {
      'net-conf.json': JSON.stringify({ Network: '10.244.0.0/16', ...o.topLevel, Backend: o.backend }),
    }) +
    daemonSetYaml('kube-flannel-ds', 'kube-flannel', 'docker.io/flannel/flannel:v0.25.7', [
      '--ip-masq',
      '--kube-subnet-mgr',
    ])
  );
}

const QUERY = { from: 'pod:shop/web-0', to: 'pod:shop/db-0', port: 5432, protocol: 'TCP' as const };

describe('flannel MTU', () => {
  it('vxlan without Backend.MTU: the interface MTU − 50', () => {
    const r = traceOf(modelOf(flannel({ backend: { Type: 'vxlan' } })), QUERY);
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1450);
    expect(hopOfKind(r, 'pod-eth0')?.facts?.['MTU basis']).toMatch(
      /Backend.MTU unset: the node interface MTU 1500 − 50 B VXLAN/,
    );
    expect(hopOfKind(r, 'encap')).toMatchObject({ label: 'VXLAN encapsulation', mtu: 1450 });
    expect(r.verdict).toBe('delivered');
  });

  it('Backend.MTU 9000 on a 9000-byte network gives pods 8950', () => {
    const r = traceOf(
      modelOf(flannel({ backend: { Type: 'vxlan', MTU: 9000 } }), { underlayMTU: 9000 }),
      QUERY,
    );
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(8950);
    expect(r.verdict).toBe('delivered');
  });

  it('Backend.MTU 9000 on a 1500-byte network black-holes; the fix sets Backend.MTU to 1500', () => {
    const r = traceOf(modelOf(flannel({ backend: { Type: 'vxlan', MTU: 9000 } })), QUERY);
    expect(r.verdict).toBe('dropped');
    const f = r.findings.find((x) => x.code === 'MTU_BLACKHOLE')!;
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'ConfigMap',
        name: 'kube-flannel-cfg',
        field: 'data.net-conf.json Backend.MTU',
        value: '9000',
      }),
    );
    expect(f.fix).toMatch(/Set net-conf.json Backend.MTU to 1500/);
    expect(f.fix).toContain('"MTU": 1500');
  });

  it('a top-level "MTU" in net-conf.json is not a flannel setting and changes nothing', () => {
    const r = traceOf(modelOf(flannel({ backend: { Type: 'vxlan' }, topLevel: { MTU: 9000 } })), QUERY);
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1450);
    expect(codesOf(r)).not.toContain('MTU_BLACKHOLE');
  });

  it('wireguard backend: 80 B overhead (flannel uses 80 for IPv4 too), pods 1420', () => {
    const r = traceOf(modelOf(flannel({ backend: { Type: 'wireguard' } })), QUERY);
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1420);
    expect(hopOfKind(r, 'encap')).toMatchObject({ label: 'WireGuard encapsulation', mtu: 1420 });
    expect(hopOfKind(r, 'encap')?.facts?.overhead).toBe('80 B');
    expect(r.verdict).toBe('delivered');
  });
});

describe('flannel vxlan DirectRouting', () => {
  it('routes natively between nodes on one subnet, saying the /24 was assumed', () => {
    const r = traceOf(modelOf(flannel({ backend: { Type: 'vxlan', DirectRouting: true } })), QUERY);
    expect(kindsOf(r)).toEqual([
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
    const f = r.findings.find((x) => x.code === 'OVERLAY_CROSS_SUBNET')!;
    expect(f.detail).toMatch(/VXLAN DirectRouting: worker-1 and worker-2 share subnet 10\.0\.0\.0\/24/);
    expect(f.detail).toMatch(/Assumed: .*\/24/);
    expect(hopOfKind(r, 'routed')?.facts?.assumed).toMatch(/packetpath\.dev\/node-subnet/);
    // flannel still sizes pods for the VXLAN peers: 1450.
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1450);
  });

  it('encapsulates towards a node on another subnet', () => {
    const r = traceOf(
      modelOf(flannel({ backend: { Type: 'vxlan', DirectRouting: true }, ips: ['10.0.1.11', '10.0.2.12'] })),
      QUERY,
    );
    expect(hopOfKind(r, 'encap')?.label).toBe('VXLAN encapsulation');
    expect(r.findings.find((x) => x.code === 'OVERLAY_CROSS_SUBNET')?.detail).toMatch(/different subnets/);
  });

  it('follows a stated node subnet instead of the assumed /24', () => {
    const r = traceOf(
      modelOf(
        flannel({
          backend: { Type: 'vxlan', DirectRouting: true },
          ips: ['10.0.1.11', '10.0.2.12'],
          subnets: ['10.0.0.0/16', '10.0.0.0/16'],
        }),
      ),
      QUERY,
    );
    expect(hopOfKind(r, 'routed')).toBeDefined();
    expect(r.findings.find((x) => x.code === 'OVERLAY_CROSS_SUBNET')?.detail).not.toMatch(/Assumed/);
  });
});

describe('flannel host-gw', () => {
  it('between nodes on different subnets has no route: HOST_GW_NEEDS_L2 drops at the routed hop', () => {
    const r = traceOf(
      modelOf(flannel({ backend: { Type: 'host-gw' }, ips: ['10.0.1.11', '10.0.2.12'] })),
      QUERY,
    );
    expect(r.verdict).toBe('dropped');
    const f = r.findings.find((x) => x.code === 'HOST_GW_NEEDS_L2')!;
    expect(f.severity).toBe('error');
    expect(r.hops.find((h) => h.id === f.hop)).toMatchObject({
      kind: 'routed',
      verdict: 'drop',
      node: 'worker-1',
    });
    expect(f.detail).toMatch(/10\.244\.2\.0\/24 via worker-2's address 10\.0\.2\.12/);
    expect(f.detail).toMatch(/10\.0\.1\.0\/24 and worker-2 on 10\.0\.2\.0\/24/);
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Node',
        name: 'worker-2',
        field: 'metadata.annotations.flannel.alpha.coreos.com/public-ip',
        value: '10.0.2.12',
      }),
    );
    expect(f.fix).toMatch(/"DirectRouting": true/);
    expect(r.hops.some((h) => h.kind === 'endpoint' && h.reached !== false)).toBe(false);
  });

  it('between nodes on one subnet routes via the peer and delivers', () => {
    const r = traceOf(modelOf(flannel({ backend: { Type: 'host-gw' } })), QUERY);
    expect(r.verdict).toBe('delivered');
    expect(hopOfKind(r, 'routed')?.label).toBe('routed (host-gw)');
    expect(hopOfKind(r, 'pod-eth0')?.mtu).toBe(1500);
    expect(codesOf(r)).not.toContain('HOST_GW_NEEDS_L2');
  });
});

describe('lint of flannel host-gw', () => {
  it('names each pair of node subnets host-gw cannot join', async () => {
    const { lintModel } = await import('lib/engine');
    const across = lintModel(
      modelOf(flannel({ backend: { Type: 'host-gw' }, ips: ['10.0.1.11', '10.0.2.12'] })),
    );
    const f = across.findings.filter((x) => x.code === 'HOST_GW_NEEDS_L2');
    expect(f).toHaveLength(1);
    expect(f[0]!.detail).toMatch(/worker-1 is on 10\.0\.1\.0\/24 and worker-2 on 10\.0\.2\.0\/24/);
    expect(
      lintModel(modelOf(flannel({ backend: { Type: 'host-gw' } }))).findings.map((x) => x.code),
    ).not.toContain('HOST_GW_NEEDS_L2');
  });
});

describe('a net-conf.json flannel would reject', () => {
  it("is a warning naming the key, and flannel's default is used", () => {
    const yaml = flannel({ backend: { Type: 'vxlan', MTU: '9000' } });
    expect(modelOf(yaml).warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /ConfigMap kube-flannel\/kube-flannel-cfg: data\["net-conf\.json"\] Backend\.MTU: "9000" is not an MTU/,
      ),
    );
    expect(hopOfKind(traceOf(modelOf(yaml), QUERY), 'pod-eth0')?.mtu).toBe(1450);
  });
});
