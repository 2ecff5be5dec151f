// Dual-stack and IPv6 paths, end to end, on a small dual-stack dump (./cluster.ts).
// Upstream behaviour pinned here:
// - Kubernetes "IPv4/IPv6 dual-stack" (https://kubernetes.io/docs/concepts/services-networking/dual-stack/):
//   status.podIPs and node InternalIPs carry one address per family; a Service's
//   spec.ipFamilies / ipFamilyPolicy / clusterIPs give one ClusterIP per family, primary
//   family first; the EndpointSlice controller writes one slice per addressType.
// - kube-proxy programs each family separately from the slices of that addressType only
//   (kubernetes pkg/proxy/endpointschangetracker.go EndpointSliceUpdate ignores the
//   other addressType; one proxier per family joined by pkg/proxy/metaproxier): iptables mode in ip6tables with the same chain
//   names (pkg/proxy/iptables/proxier.go servicePortChainName hashes the port name and
//   protocol, not the family; KUBE-SEP hashes the endpoint "[ip]:port"), nftables mode in
//   `table ip6 kube-proxy` (pkg/proxy/nftables/proxier.go, knftables.IPv6Family), IPVS
//   virtual servers "[addr]:port" listed by `ipvsadm -Ln`.
// - Calico: an IPv6 pool cannot use IP-in-IP (libcalico-go lib/clientv3/ippool.go: "IPIP
//   is not supported on an IPv6 IP pool"); IPv6 VXLAN runs over the nodes' IPv6
//   addresses with 70 B of overhead, and the one pod interface both families share gets
//   the smallest MTU of every enabled encapsulation (felix/dataplane/linux/
//   int_dataplane.go determinePodMTU: ipip 20, vxlan 50, vxlanV6 70).
//   https://docs.tigera.io/calico/latest/networking/ipam/ipv6
// - Cilium tunnels both families over one underlay family, IPv4 unless
//   `underlay-protocol: ipv6` (cilium daemon flag "IP family for the underlay";
//   https://github.com/cilium/cilium/issues/17240).
// - IPv6 header 40 B (RFC 8200 section 3) vs IPv4 20 B (RFC 791).
import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { traceRoute } from 'lib/engine/trace';
import { detectPlatform } from 'lib/engine/platform';
import { familyView } from 'lib/engine/platform/family';
import { derivedIndex } from 'lib/engine/trace/derived-index';
import { PathBuilder } from 'lib/engine/trace/path';
import { masqueradeSource } from 'lib/engine/trace/transit';
import type { TraceResult } from 'lib/engine/types';
import { modelOfYaml } from '../fixtures/ingest/model';
import { dualStackModel, dualStackYaml } from './cluster';

const hop = (r: TraceResult, kind: string) => r.hops.find((h) => h.kind === kind);

describe('dual-stack traces', () => {
  const m = dualStackModel();

  it('traces svc:NS/NAME in the Service primary family and says so', () => {
    const r = traceRoute(m, { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 });
    expect(r.verdict).toBe('delivered');
    expect(r.hops[0]!.facts?.['address family']).toBe(
      "IPv4 (the Service's primary family (spec.ipFamilies[0]); trace ip:fd00:10:96::20 for the other family)",
    );
    expect(hop(r, 'service')!.facts?.['dst before']).toBe('10.96.0.20:5432');
    expect(hop(r, 'encap')!.label).toBe('IP-in-IP encapsulation');
  });

  it('traces the IPv6 ClusterIP over IPv6 end to end: podIPs, IPv6 slice, ip6tables, IPv6 VXLAN, IPv6 underlay', () => {
    const r = traceRoute(m, { from: 'pod:shop/web', to: 'ip:fd00:10:96::20', port: 5432 });
    expect(r.verdict).toBe('delivered');
    expect(r.hops[0]!.facts).toMatchObject({
      'pod IP': 'fd00:10:244:1::5',
      'address family': 'IPv6 (the destination address)',
      'IP header': '40 B: a TCP segment carries MTU − 60 B',
    });
    const svc = hop(r, 'service')!;
    expect(svc.facts).toMatchObject({
      'dst before': '[fd00:10:96::20]:5432',
      'dst after': '[fd00:10:244:2::7]:5432',
      endpoints: '1 ready of 1 (db-v6xyz)',
    });
    // Same KUBE-SVC chain name as IPv4 (the hash has no family), in ip6tables.
    const v4 = traceRoute(m, { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 });
    expect(svc.facts?.['service chain']).toBe(hop(v4, 'service')!.facts?.['service chain']);
    expect(svc.verifySteps?.map((s) => s.command)).toEqual([
      `ip6tables -t nat -L ${svc.facts?.['service chain']} -n -v`,
      `ip6tables -t nat -L ${svc.facts?.['endpoint chain']} -n -v`,
    ]);
    expect(svc.facts?.['endpoint chain']).not.toBe(hop(v4, 'service')!.facts?.['endpoint chain']);
    const encap = hop(r, 'encap')!;
    expect(encap.label).toBe('VXLAN encapsulation');
    expect(encap.facts).toMatchObject({ overhead: '70 B', 'outer dst': 'fd00:10:0:1::12' });
    expect(hop(r, 'underlay')).toMatchObject({ src: 'fd00:10:0:1::11', dst: 'fd00:10:0:1::12' });
    expect(hop(r, 'endpoint')!.facts?.[SEEN_SOURCE_FACT]).toBe('fd00:10:244:1::5');
  });

  it('gives both families the smallest MTU of the enabled encapsulations (Calico dual-stack auto MTU)', () => {
    const v6 = traceRoute(m, { from: 'pod:shop/web', to: 'ip:fd00:10:96::20', port: 5432 });
    const v4 = traceRoute(m, { from: 'pod:shop/web', to: 'svc:shop/db', port: 5432 });
    expect(v6.hops[0]!.mtu).toBe(1430);
    expect(v4.hops[0]!.mtu).toBe(1430);
    expect(v6.findings.map((f) => f.code)).not.toContain('MTU_BLACKHOLE');
  });

  it('follows an IPv6-primary Service in IPv6', () => {
    const r = traceRoute(dualStackModel({ ipFamilies: ['IPv6', 'IPv4'] }), {
      from: 'pod:shop/web',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(hop(r, 'service')!.facts?.['dst before']).toBe('[fd00:10:96::20]:5432');
    expect(hop(r, 'endpoint')!.dst).toBe('[fd00:10:244:2::7]:5432');
  });

  it('uses the family a single-stack client has, and a single-stack pod cannot reach an IPv6 address', () => {
    const svc = traceRoute(dualStackModel({ ipFamilies: ['IPv6', 'IPv4'] }), {
      from: 'pod:shop/legacy',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(svc.hops[0]!.facts?.['address family']).toBe(
      "IPv4 (the client has no IPv6 address, so it uses the Service's IPv4 ClusterIP)",
    );
    expect(svc.verdict).toBe('delivered');
    const v6 = traceRoute(m, { from: 'pod:shop/legacy', to: 'ip:fd00:10:96::20', port: 5432 });
    expect(v6.verdict).toBe('dropped');
    expect(v6.findings.map((f) => f.code)).toContain('NO_ROUTE');
    expect(v6.findings.find((f) => f.code === 'NO_ROUTE')!.detail).toContain('has no IPv6 address');
  });

  it("decides Calico CrossSubnet for IPv6 on the nodes' IPv6 subnets (projectcalico.org/IPv6Address)", () => {
    // Same IPv6 /64, different IPv4 /24: the IPv6 pool's CrossSubnet routes natively.
    const yaml = dualStackYaml()
      .replace('projectcalico.org/IPv4Address: 10.0.0.12/24', 'projectcalico.org/IPv4Address: 10.0.1.12/24')
      .replace(
        "cidr: 'fd00:10:244::/56', ipipMode: Never, vxlanMode: Always",
        "cidr: 'fd00:10:244::/56', ipipMode: Never, vxlanMode: CrossSubnet",
      );
    const r = traceRoute(modelOfYaml(yaml), { from: 'pod:shop/web', to: 'ip:fd00:10:244:2::7', port: 5432 });
    expect(hop(r, 'encap')).toBeUndefined();
    const routed = hop(r, 'routed')!;
    expect(routed.findings).toContain('OVERLAY_CROSS_SUBNET');
    expect(r.findings.find((f) => f.code === 'OVERLAY_CROSS_SUBNET')!.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Node',
        name: 'worker-2',
        field: 'metadata.annotations.projectcalico.org/IPv6Address',
        value: 'fd00:10:0:1::12/64',
      }),
    );
  });

  it('names the IPv6 nftables table and IPVS virtual server', () => {
    const nft = hop(
      traceRoute(dualStackModel({ kubeProxy: 'nftables' }), {
        from: 'pod:shop/web',
        to: 'ip:fd00:10:96::20',
        port: 5432,
      }),
      'service',
    )!;
    expect(nft.facts?.['verdict map']).toBe('ip6 kube-proxy service-ips');
    expect(nft.verifySteps?.map((s) => s.command)?.[0]).toBe('nft list map ip6 kube-proxy service-ips');
    expect(nft.verifySteps?.map((s) => s.command)?.every((v) => v.includes(' ip6 kube-proxy '))).toBe(true);
    const ipvs = hop(
      traceRoute(dualStackModel({ kubeProxy: 'ipvs' }), {
        from: 'pod:shop/web',
        to: 'ip:fd00:10:96::20',
        port: 5432,
      }),
      'service',
    )!;
    expect(ipvs.verifySteps?.[0]?.command).toBe('ipvsadm -Ln -t [fd00:10:96::20]:5432');
    expect(ipvs.branches?.[0]?.note).toBe('real server [fd00:10:244:2::7]:5432, scheduler rr');
  });

  it('keeps the IPv4 underlay and its 50-byte VXLAN overhead for IPv6 pods on Cilium', () => {
    const cilium = `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {routing-mode: tunnel, tunnel-protocol: vxlan, enable-ipv6: 'true', kube-proxy-replacement: 'false'}`;
    const r = traceRoute(dualStackModel({ cni: cilium }), {
      from: 'pod:shop/web',
      to: 'ip:fd00:10:244:2::7',
      port: 5432,
    });
    expect(hop(r, 'encap')!.facts).toMatchObject({ overhead: '50 B', 'outer dst': '10.0.0.12' });
    expect(hop(r, 'underlay')).toMatchObject({ src: '10.0.0.11', dst: '10.0.0.12' });
  });

  it('writes IPv6 ping probes with -6 and the 48-byte IPv6 + ICMPv6 headers', () => {
    // Installation pins 1450 (right for IPv4 VXLAN, 20 B too much for IPv6 VXLAN).
    const pinned = `---
apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec: {calicoNetwork: {mtu: 1450}}`;
    const r = traceRoute(dualStackModel({ extra: pinned }), {
      from: 'pod:shop/web',
      to: 'ip:fd00:10:96::20',
      port: 5432,
    });
    const f = r.findings.find((x) => x.code === 'MTU_BLACKHOLE')!;
    expect(f).toBeDefined();
    expect(f.verifySteps?.map((s) => s.command)).toContain('ping -6 -M do -s 1382 -c 3 fd00:10:244:2::7');
    expect(f.verifySteps?.map((s) => s.command)).toContain('ping -6 -M do -s 1402 -c 3 fd00:10:244:2::7');
    expect(
      traceRoute(dualStackModel({ extra: pinned }), {
        from: 'pod:shop/web',
        to: 'svc:shop/db',
        port: 5432,
      }).findings.map((x) => x.code),
    ).not.toContain('MTU_BLACKHOLE');
  });
});

// MASQUERADE of IPv6 traffic between nodes picks the IPv6 tunnel device's address:
// Calico vxlan-v6.calico with projectcalico.org/IPv6VXLANTunnelAddr (libcalico-go node
// annotations), Flannel flannel-v6.<VNI> on the IPv6 podCIDR (flannel
// pkg/backend/vxlan: name "flannel-v6.%v", vtepAddr = the interface's IPv6 address).
describe('IPv6 masquerade source', () => {
  it('uses the Calico IPv6 VXLAN tunnel address', () => {
    const yaml = dualStackYaml().replace(
      "projectcalico.org/IPv6Address: 'fd00:10:0:1::11/64'}",
      "projectcalico.org/IPv6Address: 'fd00:10:0:1::11/64', projectcalico.org/IPv6VXLANTunnelAddr: 'fd00:10:244:1::'}",
    );
    const model = familyView(modelOfYaml(yaml), 'IPv6');
    const ctx = {
      model,
      platform: detectPlatform(model),
      derived: derivedIndex(model),
      path: new PathBuilder(),
      protocol: 'TCP' as const,
      packet: { src: '', dst: '', size: 1500 },
      assumedNoted: new Set<string>(),
      family: 'IPv6' as const,
    };
    expect(masqueradeSource(ctx, 'worker-1', 'worker-2')).toMatchObject({
      ip: 'fd00:10:244:1::',
      device: 'vxlan-v6.calico',
    });
    expect(masqueradeSource(ctx, 'worker-1', 'worker-1')).toEqual({ ip: 'fd00:10:0:1::11' });
  });
});
