// Cilium DSR (bpf-lb-mode dsr / hybrid) and the routing mode it needs. The agent checks the
// combination at start-up and refuses the invalid ones with an error (it exits; it does not
// fall back to SNAT): DSR with VXLAN tunnelling, tunnel routing with a dispatch other than
// Geneve, Geneve dispatch without the Geneve tunnel protocol. Valid DSR keeps the client
// address all the way to the backend, which replies directly; hybrid does so for TCP only.
// Sources:
// - cilium/cilium daemon/cmd/kube_proxy_replacement.go, initKubeProxyReplacementOptions
//   ("Node Port %q mode cannot be used with vxlan tunneling.", "Tunnel routing with Node
//   Port %q mode requires geneve dispatch.", "... with geneve dispatch requires geneve tunnel protocol.")
// - https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/ "Direct Server Return
//   (DSR)", "Direct Server Return (DSR) with Geneve", "Hybrid DSR and SNAT Mode"
//   (bpf-lb-dsr-dispatch defaults to opt, the IPv4 option / IPv6 extension header)

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

const SERVICE = `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  clusterIP: 10.96.40.10
  clusterIPs: [10.96.40.10]
  externalTrafficPolicy: Cluster
  ports: [{name: http, port: 80, targetPort: http, nodePort: 31180, protocol: TCP}, {name: dns, port: 53, targetPort: 5353, nodePort: 31053, protocol: UDP}]
status:
  loadBalancer: {ingress: [{ip: 10.0.0.200}]}
`;

function cluster(data: Record<string, string>): string {
  return (
    nodeYaml({ name: 'worker-1', ip: '10.0.0.11', podCIDR: '10.42.1.0/24' }) +
    nodeYaml({ name: 'worker-2', ip: '10.0.0.12', podCIDR: '10.42.2.0/24' }) +
    podYaml('shop', 'web-0', 'worker-2', '10.42.2.20', 'web', 8080, 5353) +
    podYaml('shop', 'client-0', 'worker-1', '10.42.1.10', 'client', 9000) +
    SERVICE +
    configMapYaml('cilium-config', 'kube-system', {
      'kube-proxy-replacement': 'true',
      'enable-ipv4-masquerade': 'true',
      ...data,
    }) +
    daemonSetYaml('cilium', 'kube-system', 'quay.io/cilium/cilium:v1.16.1')
  );
}

const FROM_POD = { from: 'pod:shop/client-0', to: 'svc:shop/web', port: 80, protocol: 'TCP' as const };
const FROM_OUTSIDE = { from: 'ip:198.51.100.23', to: 'ip:10.0.0.200', port: 80, protocol: 'TCP' as const };

describe('Cilium DSR on a tunnel', () => {
  it('DSR with the default IP-option dispatch on VXLAN: the agent refuses to start, so the Service hop drops', () => {
    const r = traceOf(
      modelOf(cluster({ 'routing-mode': 'tunnel', 'tunnel-protocol': 'vxlan', 'bpf-lb-mode': 'dsr' })),
      FROM_POD,
    );
    expect(r.verdict).toBe('dropped');
    const f = r.findings.find((x) => x.code === 'DSR_REQUIRES_NATIVE_ROUTING')!;
    expect(f.severity).toBe('error');
    const hop = r.hops.find((h) => h.id === f.hop)!;
    expect(hop).toMatchObject({ kind: 'service', verdict: 'drop' });
    expect(f.detail).toContain('Node Port "dsr" mode cannot be used with vxlan tunneling.');
    expect(f.detail).toMatch(/does not fall back to SNAT/);
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'ConfigMap',
        name: 'cilium-config',
        field: 'data.bpf-lb-dsr-dispatch',
        value: '(unset: default opt)',
      }),
    );
    expect(f.fix).toMatch(/routing-mode: native|"bpf-lb-dsr-dispatch":"geneve"/);
    expect(r.hops.some((h) => h.kind === 'endpoint' && h.reached !== false)).toBe(false);
  });

  it('Geneve tunnel with the IP-option dispatch is refused as well (tunnel routing needs Geneve dispatch)', () => {
    const r = traceOf(
      modelOf(
        cluster({
          'routing-mode': 'tunnel',
          'tunnel-protocol': 'geneve',
          'bpf-lb-mode': 'hybrid',
          'bpf-lb-dsr-dispatch': 'opt',
        }),
      ),
      FROM_OUTSIDE,
    );
    expect(r.verdict).toBe('dropped');
    expect(r.findings.find((x) => x.code === 'DSR_REQUIRES_NATIVE_ROUTING')?.detail).toContain(
      'Tunnel routing with Node Port "hybrid" mode requires geneve dispatch.',
    );
  });

  it('Geneve tunnel with Geneve dispatch is valid: the backend sees the client address', () => {
    const r = traceOf(
      modelOf(
        cluster({
          'routing-mode': 'tunnel',
          'tunnel-protocol': 'geneve',
          'bpf-lb-mode': 'dsr',
          'bpf-lb-dsr-dispatch': 'geneve',
        }),
      ),
      FROM_OUTSIDE,
    );
    expect(r.verdict).toBe('delivered');
    expect(codesOf(r)).not.toContain('DSR_REQUIRES_NATIVE_ROUTING');
    expect(kindsOf(r)).not.toContain('snat');
    expect(hopOfKind(r, 'encap')?.label).toBe('Geneve encapsulation');
    expect(hopOfKind(r, 'endpoint')?.src).toBe('198.51.100.23');
  });
});

describe('Cilium DSR with native routing', () => {
  const NATIVE = {
    'routing-mode': 'native',
    'ipv4-native-routing-cidr': '10.42.0.0/16',
    'auto-direct-node-routes': 'true',
  };

  it('keeps the client address: no SNAT, the backend sees 198.51.100.23', () => {
    const r = traceOf(modelOf(cluster({ ...NATIVE, 'bpf-lb-mode': 'dsr' })), FROM_OUTSIDE);
    expect(r.verdict).toBe('delivered');
    expect(kindsOf(r)).not.toContain('snat');
    expect(codesOf(r)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hopOfKind(r, 'routed')).toBeDefined();
    expect(hopOfKind(r, 'endpoint')?.src).toBe('198.51.100.23');
  });

  it('hybrid: DSR for TCP, SNAT for UDP', () => {
    const m = modelOf(cluster({ ...NATIVE, 'bpf-lb-mode': 'hybrid' }));
    expect(hopOfKind(traceOf(m, FROM_OUTSIDE), 'endpoint')?.src).toBe('198.51.100.23');
    const udp = traceOf(m, { ...FROM_OUTSIDE, port: 53, protocol: 'UDP' });
    expect(kindsOf(udp)).toContain('snat');
    expect(codesOf(udp)).toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hopOfKind(udp, 'endpoint')?.src).not.toBe('198.51.100.23');
  });

  it('snat mode masquerades the client to the node', () => {
    const r = traceOf(modelOf(cluster({ ...NATIVE, 'bpf-lb-mode': 'snat' })), FROM_OUTSIDE);
    expect(kindsOf(r)).toContain('snat');
  });
});

describe('lint of the Cilium DSR configuration', () => {
  it('names the refused combination once for the cluster, and nothing when it is valid', async () => {
    const { lintModel } = await import('lib/engine');
    const bad = lintModel(modelOf(cluster({ 'routing-mode': 'tunnel', 'bpf-lb-mode': 'dsr' })));
    expect(bad.findings.filter((f) => f.code === 'DSR_REQUIRES_NATIVE_ROUTING')).toHaveLength(1);
    const good = lintModel(
      modelOf(
        cluster({
          'routing-mode': 'tunnel',
          'tunnel-protocol': 'geneve',
          'bpf-lb-mode': 'dsr',
          'bpf-lb-dsr-dispatch': 'geneve',
        }),
      ),
    );
    expect(good.findings.map((f) => f.code)).not.toContain('DSR_REQUIRES_NATIVE_ROUTING');
  });

  it('says in the trace summary that the agent exits', () => {
    const r = traceOf(modelOf(cluster({ 'routing-mode': 'tunnel', 'bpf-lb-mode': 'dsr' })), FROM_POD);
    expect(r.summary).toBe(
      'dropped at the Service translation on worker-1: the Cilium agent exits at start-up: Node Port "dsr" mode cannot be used with vxlan tunneling.',
    );
  });
});
