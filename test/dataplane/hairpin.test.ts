// Hairpin: a pod reaching itself through its own Service.
// - kube-proxy masquerades it: kubernetes/kubernetes pkg/proxy/iptables/proxier.go,
//   "Handle traffic that loops back to the originator with SNAT": the KUBE-SEP chain's
//   `-s POD_IP/32 -j KUBE-MARK-MASQ`, then KUBE-POSTROUTING's MASQUERADE (the nftables
//   proxier, pkg/proxy/nftables/proxier.go, has the same `ip saddr POD_IP jump
//   mark-for-masquerade`).
// - MASQUERADE takes the address of the outgoing interface (Linux
//   net/netfilter/nf_nat_masquerade.c: inet_select_addr(out, ...)): on Calico the
//   host-side cali* veth has no IPv4 address, so the node's primary address; on a
//   bridge CNI (flannel cni0, hairpin mode) the bridge's address, the subnet's .1.
// - Which source the ingress policy judges is implementation-defined
//   (kubernetes-sigs/network-policy-api#343): iptables policy chains (Calico's
//   cali-tw-*) run in filter FORWARD, before nat POSTROUTING masquerades, so they judge
//   the pod's own address; Cilium's eBPF load balancer rewrites the source to
//   ipv4-service-loopback-address (169.254.42.1, "IPv4 source address to use for SNAT
//   when a Pod talks to itself over a Service") and skips policy for hairpin flows.

import { describe, expect, it } from 'vitest';
import { traceRoute } from 'lib/engine/trace';
import type { TraceResult } from 'lib/engine/types';
import {
  API,
  KUBE_PROXY_IPTABLES,
  WEB,
  WORKER_1,
  WORKER_2,
  calicoPoolYaml,
  ciliumConfigYaml,
  flannelConfigYaml,
  modelFromYaml,
  namespaceYaml,
  nodeYaml,
  podYaml,
  serviceYaml,
} from './dump';

const onlyFrom = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: ${app}}}
    ports:
    - {protocol: TCP, port: 8080}`;

const cluster = (policy: string, cni: string) =>
  modelFromYaml(
    namespaceYaml('shop'),
    nodeYaml(WORKER_1),
    nodeYaml(WORKER_2),
    podYaml(WEB),
    podYaml(API),
    serviceYaml('shop', 'api', '10.96.0.30', { app: 'api' }, 8080),
    policy,
    KUBE_PROXY_IPTABLES,
    cni,
  );

const q = { from: 'pod:shop/api-0', to: 'svc:shop/api', port: 8080 } as const;
const hop = (r: TraceResult, kind: string) => r.hops.find((h) => h.kind === kind);

describe('hairpin through the own Service', () => {
  it("Calico iptables: masqueraded to the node address, judged on the pod's own address (allowed from its own pods)", () => {
    const r = traceRoute(cluster(onlyFrom('api'), calicoPoolYaml()), q);
    // Calico judges in filter FORWARD, before nat POSTROUTING: the ingress hop precedes the masquerade.
    expect(r.hops.map((h) => h.kind)).toEqual([
      'pod-eth0',
      'veth',
      'service',
      'policy-egress',
      'policy-ingress',
      'snat',
      'veth',
      'endpoint',
    ]);
    expect(hop(r, 'policy-ingress')).toMatchObject({ src: '10.244.1.6' });
    expect(hop(r, 'policy-ingress')!.facts?.['judged source']).toBe('10.244.1.6 (before the masquerade)');
    const snat = hop(r, 'snat')!;
    expect(snat.findings).toContain('HAIRPIN_SNAT');
    expect(snat.facts).toMatchObject({
      'src before': '10.244.1.6',
      'src after': '10.0.0.11',
      'ingress policy judges': "10.244.1.6 (the pod's own address)",
    });
    expect(hop(r, 'policy-ingress')!.verdict).toBe('pass');
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.0.0.11');
    const f = r.findings.find((x) => x.code === 'HAIRPIN_SNAT')!;
    expect(f.detail).toContain('-s 10.244.1.6/32 -j KUBE-MARK-MASQ');
    expect(f.verifySteps?.map((s) => s.command)).toContain(
      "iptables -t nat -S | grep -F -- '-s 10.244.1.6/32'",
    );
    expect(f.detail).toContain('its ingress policy judges its own address 10.244.1.6');
    expect(f.fix).toContain("admit the pod's own pods");
  });

  it('Calico iptables: an ingress policy that admits only the frontend denies the pod its own Service', () => {
    const r = traceRoute(cluster(onlyFrom('web'), calicoPoolYaml()), q);
    expect(r.verdict).toBe('dropped');
    expect(hop(r, 'policy-ingress')!.verdict).toBe('drop');
    expect(r.findings.map((f) => f.code)).toContain('POLICY_INGRESS_DENIED');
    // Dropped before the masquerade: the snat hop is drawn for context, never reached.
    expect(hop(r, 'snat')).toMatchObject({ reached: false, findings: ['HAIRPIN_SNAT'] });
  });

  it("flannel (bridge, hairpin mode): the pod sees the cni0 address, the subnet's .1", () => {
    const r = traceRoute(cluster(onlyFrom('api'), flannelConfigYaml()), q);
    expect(hop(r, 'snat')!.facts?.['src after']).toBe('10.244.1.1');
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.244.1.1');
  });

  it('Cilium kube-proxy replacement: the service loopback address, and no ingress policy for the hairpin flow', () => {
    const r = traceRoute(cluster(onlyFrom('web'), ciliumConfigYaml()), q);
    expect(hop(r, 'snat')!.facts?.['src after']).toBe('169.254.42.1');
    expect(hop(r, 'policy-ingress')).toBeUndefined();
    expect(r.hops.at(-1)).toMatchObject({ kind: 'endpoint', verdict: 'pass' });
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('169.254.42.1');
  });

  it('another pod through the same Service is not masqueraded: the backend sees the client', () => {
    const r = traceRoute(cluster(onlyFrom('web'), calicoPoolYaml()), {
      from: 'pod:shop/web-0',
      to: 'svc:shop/api',
      port: 8080,
    });
    expect(hop(r, 'snat')).toBeUndefined();
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.244.1.5');
  });
});

describe('hairpin as one branch of several', () => {
  it("with two api replicas the trace follows the other one, and the calling pod's own branch says it is hairpinned", () => {
    const API_2 = { ...API, name: 'api-1', node: 'worker-2', ip: '10.244.2.6', hostIP: '10.0.0.12' };
    const m = modelFromYaml(
      namespaceYaml('shop'),
      nodeYaml(WORKER_1),
      nodeYaml(WORKER_2),
      podYaml(WEB),
      podYaml(API),
      podYaml(API_2),
      serviceYaml('shop', 'api', '10.96.0.30', { app: 'api' }, 8080),
      onlyFrom('web'),
      KUBE_PROXY_IPTABLES,
      calicoPoolYaml(),
    );
    const r = traceRoute(m, q);
    const svc = r.hops.find((h) => h.kind === 'service')!;
    expect(svc.branches?.find((b) => b.chosen)?.label).toBe('shop/api-1');
    expect(svc.branches?.find((b) => b.label === 'shop/api-0')?.note).toContain(
      'this pod itself: hairpin, masqueraded to 10.0.0.11; ingress policy judges its own address',
    );
    expect(hop(r, 'snat')).toBeUndefined();
  });
});
