// Calico eBPF data plane: outside traffic to a node port / LoadBalancer address keeps the
// client address even with externalTrafficPolicy Cluster.
//
// Upstream: Calico docs "Enable the eBPF data plane"
// (https://docs.tigera.io/calico/latest/operations/ebpf/enabling-ebpf): native service
// handling that "preserves external client source IP addresses all the way to the pod"
// and supports DSR; FelixConfiguration reference
// (https://docs.tigera.io/calico/latest/reference/resources/felixconfig, bpfExternalServiceMode):
// "Tunnel" tunnels request and response through the ingress node (default), "DSR" tunnels
// the request and sends the response directly from the backend's node. The operator's
// Installation spec.calicoNetwork.linuxDataplane: BPF turns on the same Felix mode
// (https://docs.tigera.io/calico/latest/reference/installation/api, LinuxDataplaneOption).

import { describe, expect, it } from 'vitest';
import { base, codes, hop, kinds, traceIn } from './dump';

const nodePortWeb = `---
apiVersion: v1
kind: Service
metadata: {name: web-public, namespace: shop}
spec:
  type: NodePort
  externalTrafficPolicy: Cluster
  clusterIP: 10.96.0.60
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]
`;

// worker-1 receives; the only web pod runs on worker-2.
const q = { from: 'ip:198.51.100.7', to: 'node:worker-1', port: 30080 } as const;

describe('Calico eBPF keeps the client address', () => {
  it('iptables kube-proxy with eTP Cluster SNATs the client (the baseline)', () => {
    const r = traceIn(base() + nodePortWeb, q);
    expect(kinds(r)).toContain('snat');
    expect(codes(r)).toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hop(r, 'endpoint')!.src).not.toBe('198.51.100.7');
  });

  it('FelixConfiguration bpfEnabled: no SNAT, the pod sees 198.51.100.7, the reply returns through worker-1 (Tunnel)', () => {
    const r = traceIn(base({ felix: { bpfEnabled: true } }) + nodePortWeb, q);
    expect(kinds(r)).not.toContain('snat');
    expect(codes(r)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hop(r, 'endpoint')!.src).toBe('198.51.100.7');
    const np = hop(r, 'node-port')!;
    expect(np.facts?.['client address']).toBe('kept (calico eBPF, bpfExternalServiceMode Tunnel)');
    expect(np.facts?.['reply path']).toBe('back through worker-1 (Tunnel)');
  });

  it("bpfExternalServiceMode DSR: the backend's node replies directly", () => {
    const r = traceIn(base({ felix: { bpfEnabled: true, bpfExternalServiceMode: 'DSR' } }) + nodePortWeb, q);
    expect(codes(r)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hop(r, 'endpoint')!.src).toBe('198.51.100.7');
    expect(hop(r, 'node-port')!.facts?.['reply path']).toBe('direct from worker-2 (DSR)');
  });

  it('Installation linuxDataplane: BPF is detected as well', () => {
    const install = `---
apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec: {calicoNetwork: {linuxDataplane: BPF, ipPools: [{cidr: 10.244.0.0/16, encapsulation: VXLAN}]}}
`;
    const r = traceIn(base() + install + nodePortWeb, q);
    expect(codes(r)).not.toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(hop(r, 'endpoint')!.src).toBe('198.51.100.7');
  });

  it('behind ingress-nginx with eTP Cluster, nginx sees the client (allowlist and X-Forwarded-For judge the real address)', () => {
    const ing = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations: {nginx.ingress.kubernetes.io/allowlist-source-range: "198.51.100.0/24"}
spec:
  ingressClassName: nginx
  rules: [{host: shop.example.no, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`;
    const ebpf = traceIn(base({ lbIP: '192.168.1.240', etp: 'Cluster', felix: { bpfEnabled: true } }) + ing, {
      from: 'ip:198.51.100.7',
      to: 'https://shop.example.no/',
    });
    expect(ebpf.verdict).toBe('delivered');
    expect(hop(ebpf, 'ingress')!.src).toBe('198.51.100.7');
    expect(hop(ebpf, 'ingress')!.facts?.['X-Forwarded-For / X-Real-IP']).toBe('198.51.100.7 / 198.51.100.7');
    // The same cluster on iptables kube-proxy: nginx judges the SNATed node address and refuses it.
    const iptables = traceIn(base({ lbIP: '192.168.1.240', etp: 'Cluster' }) + ing, {
      from: 'ip:198.51.100.7',
      to: 'https://shop.example.no/',
    });
    expect(codes(iptables)).toContain('INGRESS_SOURCE_DENIED');
  });
});
