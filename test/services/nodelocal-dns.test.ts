// NodeLocal DNSCache: the cache answers on the node, and egress policy that allows only
// the CoreDNS pods breaks DNS for pods that use it.
// Sources: https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/ (iptables mode:
//   listens on the link-local address and the kube-dns ClusterIP; IPVS mode: link-local only);
//   kubernetes/kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml (hostNetwork
//   DaemonSet, args "-localip __PILLAR__LOCAL__DNS__,__PILLAR__DNS__SERVER__", Corefile bind).

import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { lintModel } from 'lib/engine';
import { BASE, codes, hop, kinds, kubeProxyYaml, load, podYaml, trace } from './dump';

const coreDns =
  `---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: 10.96.0.10
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}]
` +
  podYaml('kube-system', 'coredns-5d78c-x2r9q', 'worker-3', '10.244.3.2', { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  ]);

const nodeLocal = (localip: string) => `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-local-dns, namespace: kube-system, labels: {k8s-app: node-local-dns}}
spec:
  selector: {matchLabels: {k8s-app: node-local-dns}}
  template:
    metadata: {labels: {k8s-app: node-local-dns}}
    spec:
      hostNetwork: true
      dnsPolicy: Default
      containers:
      - name: node-cache
        image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1
        args: ["-localip", "${localip}", "-conf", "/etc/Corefile", "-upstreamsvc", "kube-dns-upstream"]
        ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}]
`;

const web = podYaml('shop', 'web-7d9f8', 'worker-1', '10.244.1.5', { app: 'web' });
const coreDnsOnly = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`;
const q = { from: 'pod:shop/web-7d9f8', to: 'svc:kube-system/kube-dns', port: 53, protocol: 'UDP' } as const;

describe('NodeLocal DNSCache', () => {
  it("answers the kube-dns ClusterIP on the pod's own node: no DNAT, no CoreDNS pod, DNS never leaves the node", () => {
    const r = trace(
      load(BASE, kubeProxyYaml('iptables'), coreDns, nodeLocal('169.254.20.10,10.96.0.10'), web),
      q,
    );
    expect(kinds(r)).toEqual(['pod-eth0', 'veth', 'service', 'policy-egress', 'endpoint']);
    expect(codes(r)).toContain('NODELOCAL_DNS');
    const svc = hop(r, 'service')!;
    expect(svc.label).toBe('node-local-dns on worker-1 answers 10.96.0.10:53');
    expect(svc.facts?.['listen addresses']).toBe('169.254.20.10, 10.96.0.10');
    expect(r.hops.every((h) => h.kind !== 'encap')).toBe(true);
    const ep = hop(r, 'endpoint')!;
    expect(ep.node).toBe('worker-1');
    expect(ep.facts?.['hostNetwork']).toBe('true');
    expect(ep.facts?.[SEEN_SOURCE_FACT]).toBe('10.244.1.5');
    expect(r.verdict).toBe('delivered');
  });

  it('an egress policy that allows DNS only to the CoreDNS pods drops it; the finding and lint say so, with the ipBlock fix', () => {
    const model = load(
      BASE,
      kubeProxyYaml('iptables'),
      coreDns,
      nodeLocal('169.254.20.10,10.96.0.10'),
      web,
      coreDnsOnly,
    );
    const r = trace(model, q);
    expect(r.verdict).toBe('dropped');
    expect(hop(r, 'policy-egress')?.verdict).toBe('drop');
    expect(codes(r)).toEqual(expect.arrayContaining(['NODELOCAL_DNS', 'POLICY_EGRESS_DENIED']));
    const f = r.findings.find((x) => x.code === 'NODELOCAL_DNS')!;
    expect(f.detail).toContain('NetworkPolicy shop/allow-dns allows DNS only to the CoreDNS pods');
    expect(f.fix).toContain('ipBlock: {cidr: 169.254.20.10/32}');
    expect(f.fix).toContain('ipBlock: {cidr: 10.96.0.10/32}');
    const lint = lintModel(model).findings.filter((x) => x.code === 'NODELOCAL_DNS');
    expect(lint).toHaveLength(1);
    expect(lint[0]!.detail).toContain('lookups through the cache are dropped');
    // Without the cache the same policy is right: the trace reaches the CoreDNS pod.
    const without = trace(load(BASE, kubeProxyYaml('iptables'), coreDns, web, coreDnsOnly), q);
    expect(without.verdict).not.toBe('dropped');
    expect(codes(without)).not.toContain('NODELOCAL_DNS');
  });

  it('IPVS mode: the cache binds only the link-local address; the ClusterIP still goes to CoreDNS', () => {
    const model = load(BASE, kubeProxyYaml('ipvs'), coreDns, nodeLocal('169.254.20.10'), web);
    expect(codes(trace(model, q))).not.toContain('NODELOCAL_DNS');
    const direct = trace(model, {
      from: 'pod:shop/web-7d9f8',
      to: 'ip:169.254.20.10',
      port: 53,
      protocol: 'UDP',
    });
    expect(codes(direct)).toContain('NODELOCAL_DNS');
    expect(direct.hops.at(-1)?.kind).toBe('endpoint');
  });
});
