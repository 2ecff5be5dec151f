// Entry through a Service's external addresses and node ports.
// Sources: kubernetes/kubernetes pkg/proxy/iptables/proxier.go (KUBE-FW-* lets each
//   loadBalancerSourceRanges CIDR jump to KUBE-EXT-*, everything else to KUBE-MARK-DROP;
//   externalIPs jump to KUBE-EXT like LB addresses; KUBE-SERVICES ends with
//   "-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"; KUBE-EXT marks for masquerade under
//   externalTrafficPolicy Cluster);
//   pkg/proxy/nftables/proxier.go (firewall-* chain: "ip saddr != { ranges } drop"; "nodeports
//   are not subject to loadBalancerSourceRanges");
//   https://kubernetes.io/docs/concepts/services-networking/service/#external-ips;
//   https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restrict-access-for-loadbalancer-service

import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { iptablesChains, nftablesChains } from 'lib/engine/platform/proxy-names';
import { BASE, codes, hop, kinds, kubeProxyYaml, load, podYaml, trace } from './dump';

const shopPods = [
  podYaml('shop', 'storefront-0', 'worker-2', '10.244.2.30', { app: 'storefront' }, [
    { name: 'http', containerPort: 8080 },
  ]),
  podYaml('shop', 'storefront-1', 'worker-3', '10.244.3.30', { app: 'storefront' }, [
    { name: 'http', containerPort: 8080 },
  ]),
];
const lbService = `---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.80.80
  selector: {app: storefront}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30880}]
  loadBalancerSourceRanges: [198.51.100.0/24, 203.0.113.0/28]
status:
  loadBalancer: {ingress: [{ip: 192.0.2.50}]}
`;

describe('loadBalancerSourceRanges', () => {
  it("a client outside the ranges is dropped at the load-balancer hop by kube-proxy's firewall chain", () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), ...shopPods, lbService), {
      from: 'ip:192.0.2.200',
      to: 'ip:192.0.2.50',
      port: 80,
    });
    expect(r.verdict).toBe('dropped');
    const lb = hop(r, 'load-balancer')!;
    expect(lb.verdict).toBe('drop');
    expect(lb.findings).toContain('LB_SOURCE_RANGE_DENIED');
    const f = r.findings.find((x) => x.code === 'LB_SOURCE_RANGE_DENIED')!;
    expect(f.severity).toBe('error');
    const fw = iptablesChains({
      namespace: 'shop',
      name: 'storefront',
      portName: 'http',
      protocol: 'TCP',
    }).fw;
    expect(f.detail).toContain(fw);
    expect(f.detail).toContain('192.0.2.200');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        field: 'spec.loadBalancerSourceRanges',
        value: '198.51.100.0/24,203.0.113.0/28',
      }),
    );
  });

  it('a client inside the ranges passes to the endpoint (nftables names its firewall chain)', () => {
    const r = trace(load(BASE, kubeProxyYaml('nftables'), ...shopPods, lbService), {
      from: 'ip:203.0.113.7',
      to: 'ip:192.0.2.50',
      port: 80,
    });
    expect(codes(r)).not.toContain('LB_SOURCE_RANGE_DENIED');
    expect(hop(r, 'load-balancer')?.facts?.['loadBalancerSourceRanges']).toBe(
      '198.51.100.0/24, 203.0.113.0/28 (client 203.0.113.7 inside)',
    );
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
    expect(
      nftablesChains({ namespace: 'shop', name: 'storefront', portName: 'http', protocol: 'TCP' }).firewall,
    ).toMatch(/^firewall-[A-Z2-7]{8}-shop\/storefront\/tcp\/http$/);
  });

  it('node ports are not filtered by the ranges', () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), ...shopPods, lbService), {
      from: 'ip:192.0.2.200',
      to: 'node:worker-1',
      port: 30880,
    });
    expect(codes(r)).not.toContain('LB_SOURCE_RANGE_DENIED');
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
  });
});

describe('externalIPs', () => {
  it('traffic to an externalIP is DNATed like the ClusterIP through KUBE-EXT to the endpoints', () => {
    const svc = `---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  clusterIP: 10.96.80.80
  externalIPs: [198.51.100.20]
  selector: {app: storefront}
  ports: [{name: http, port: 80, targetPort: http}]
`;
    const r = trace(load(BASE, kubeProxyYaml('iptables'), ...shopPods, svc), {
      from: 'ip:203.0.113.9',
      to: 'ip:198.51.100.20',
      port: 80,
    });
    expect(kinds(r)).not.toContain('load-balancer');
    const np = hop(r, 'node-port')!;
    expect(np.label).toBe('worker-1 receives 198.51.100.20:80 (externalIP)');
    expect(np.facts?.['receiving node']).toContain('assumed');
    const s = hop(r, 'service')!;
    expect(s.facts?.['dst before']).toBe('198.51.100.20:80');
    expect(s.facts?.['external chain']).toBe(
      iptablesChains({ namespace: 'shop', name: 'storefront', portName: 'http', protocol: 'TCP' }).ext,
    );
    expect(r.hops.at(-1)?.label).toMatch(/^shop\/storefront-[01]:8080$/);
    // externalTrafficPolicy Cluster: the endpoint sees the receiving node, not the client.
    expect(codes(r)).toContain('CLIENT_IP_LOST_ETP_CLUSTER');
    expect(r.hops.at(-1)?.facts?.[SEEN_SOURCE_FACT]).not.toBe('203.0.113.9');
  });
});

describe('a pod dialing a node port', () => {
  const np = `---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.80.80
  selector: {app: storefront}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30880}]
`;
  const web = podYaml('shop', 'web-7d9f8', 'worker-1', '10.244.1.5', { app: 'web' });
  // Egress allowed only to the storefront pods on their container port.
  const egress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: storefront}}}], ports: [{port: 8080, protocol: TCP}]}]
`;

  it("on another node: routed there untranslated, DNATed by that node's KUBE-NODEPORTS, masqueraded; egress judged on the node address", () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), web, ...shopPods, np), {
      from: 'pod:shop/web-7d9f8',
      to: 'node:worker-2',
      port: 30880,
    });
    const order = kinds(r);
    expect(order.indexOf('policy-egress')).toBeLessThan(order.indexOf('node-port'));
    expect(hop(r, 'policy-egress')?.dst).toBe('10.0.0.12:30880');
    expect(hop(r, 'node-port')?.facts?.['DNAT on']).toBe('worker-2');
    expect(order).toContain('snat');
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
    expect(r.hops.at(-1)?.facts?.[SEEN_SOURCE_FACT]).not.toBe('10.244.1.5');
    // A policy that allows only the backend pods does not allow the node address the packet carries here.
    const denied = trace(load(BASE, kubeProxyYaml('iptables'), web, ...shopPods, np, egress), {
      from: 'pod:shop/web-7d9f8',
      to: 'node:worker-2',
      port: 30880,
    });
    expect(denied.verdict).toBe('dropped');
    expect(codes(denied)).toContain('POLICY_EGRESS_DENIED');
  });

  it("eBPF socket LB (Cilium kube-proxy replacement): translated at connect() even for another node's address; egress judged on the backend", () => {
    // cilium/cilium bpf/bpf_sock.c sock4_wildcard_lookup: node ports on {REMOTE_NODE,HOST}_ID addresses are translated at the socket.
    const cilium = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {kube-proxy-replacement: "true", routing-mode: tunnel, tunnel-protocol: vxlan}
`;
    const r = trace(
      load(
        BASE.replace(/---\napiVersion: crd.projectcalico.org[\s\S]*$/, ''),
        cilium,
        web,
        ...shopPods,
        np,
        egress,
      ),
      { from: 'pod:shop/web-7d9f8', to: 'node:worker-2', port: 30880 },
    );
    expect(hop(r, 'node-port')?.facts?.['DNAT on']).toBe('worker-1');
    expect(hop(r, 'policy-egress')?.dst).toMatch(/^10\.244\.[23]\.30:8080$/);
    expect(r.verdict).not.toBe('dropped');
    expect(r.hops.at(-1)?.facts?.[SEEN_SOURCE_FACT]).toBe('10.244.1.5');
  });

  it('on its own node: DNAT before the egress policy, which is judged on the backend pod', () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), web, ...shopPods, np), {
      from: 'pod:shop/web-7d9f8',
      to: 'node:worker-1',
      port: 30880,
    });
    const order = kinds(r);
    expect(order.indexOf('service')).toBeLessThan(order.indexOf('policy-egress'));
    expect(hop(r, 'policy-egress')?.dst).toMatch(/^10\.244\.[23]\.30:8080$/);
    expect(r.hops.at(-1)?.label).toMatch(/^shop\/storefront-[01]:8080$/);
    const allowed = trace(load(BASE, kubeProxyYaml('iptables'), web, ...shopPods, np, egress), {
      from: 'pod:shop/web-7d9f8',
      to: 'node:worker-1',
      port: 30880,
    });
    expect(allowed.verdict).not.toBe('dropped');
    expect(codes(allowed)).toContain('POLICY_ALLOWED_BY');
  });
});

describe('bad Service fields', () => {
  it('name the document and field instead of being skipped', () => {
    const bad = (spec: string) => () =>
      load(
        BASE,
        `---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec: {clusterIP: 10.96.80.80, ports: [{port: 80}], ${spec}}
`,
      );
    expect(bad('loadBalancerSourceRanges: [203.0.113.0/33]')).toThrow(/spec\.loadBalancerSourceRanges\[0\]/);
    expect(bad('sessionAffinity: Sticky')).toThrow(/spec\.sessionAffinity/);
    expect(bad('sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 0}}')).toThrow(
      /timeoutSeconds/,
    );
  });
});

describe('a pod dialing an externalIP', () => {
  it('is DNATed on its own node through KUBE-EXT and masqueraded (externalTrafficPolicy Cluster)', () => {
    const svc = `---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec:
  clusterIP: 10.96.80.80
  externalIPs: [198.51.100.20]
  selector: {app: storefront}
  ports: [{name: http, port: 80, targetPort: http}]
`;
    const web = podYaml('shop', 'web-7d9f8', 'worker-1', '10.244.1.5', { app: 'web' });
    const r = trace(load(BASE, kubeProxyYaml('iptables'), web, ...shopPods, svc), {
      from: 'pod:shop/web-7d9f8',
      to: 'ip:198.51.100.20',
      port: 80,
    });
    const s = hop(r, 'service')!;
    expect(s.node).toBe('worker-1');
    expect(s.facts?.['dst before']).toBe('198.51.100.20:80');
    expect(s.facts?.['external chain']).toBe(
      iptablesChains({ namespace: 'shop', name: 'storefront', portName: 'http', protocol: 'TCP' }).ext,
    );
    expect(kinds(r)).toContain('snat');
    expect(r.hops.at(-1)?.label).toMatch(/^shop\/storefront-[01]:8080$/);
    expect(r.hops.at(-1)?.facts?.[SEEN_SOURCE_FACT]).not.toBe('10.244.1.5');
  });
});
