// ExternalName and headless Services: DNS decides the destination and kube-proxy
// programs nothing for them.
// Sources: https://kubernetes.io/docs/concepts/services-networking/service/#externalname
//          https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
//          https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/ (A/AAAA records of headless Services)

import { SEEN_SOURCE_FACT } from '../../lib/engine/trace/facts';
import { describe, expect, it } from 'vitest';
import { BASE, codes, hop, kinds, kubeProxyYaml, load, podYaml, trace } from './dump';

const client = podYaml('shop', 'web-7d9f8', 'worker-1', '10.244.1.5', { app: 'web' }, [
  { name: 'http', containerPort: 8080 },
]);

describe('ExternalName Service', () => {
  const payments = `---
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: shop}
spec: {type: ExternalName, externalName: api.payments.example.com, ports: [{port: 443}]}
`;

  it('is a CNAME: no ClusterIP, no kube-proxy hop; the path leaves the cluster to an address DNS resolves', () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), client, payments), {
      from: 'pod:shop/web-7d9f8',
      to: 'svc:shop/payments',
      port: 443,
    });
    expect(kinds(r)).toEqual(['service', 'pod-eth0', 'veth', 'node', 'external']);
    expect(codes(r)).toContain('EXTERNAL_NAME_SERVICE');
    const svc = hop(r, 'service')!;
    expect(svc.label).toBe('shop/payments → CNAME api.payments.example.com');
    expect(svc.facts?.['ClusterIP']).toBe('none');
    // No DNAT: nothing names a KUBE-SVC chain.
    expect(JSON.stringify(r.hops)).not.toContain('KUBE-SVC-');
    const ext = hop(r, 'external')!;
    expect(ext.dst).toBe('api.payments.example.com:443');
    expect(ext.facts?.['address']).toBe('resolved by DNS, unknown in the snapshot');
    expect(ext.facts?.['egress policy']).toBe('allowed: no egress policy selects the pod');
    expect(r.verdict).toBe('delivered');
    const isolated = trace(
      load(
        BASE,
        kubeProxyYaml('iptables'),
        client,
        payments,
        `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-allowlist, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}]}
`,
      ),
      { from: 'pod:shop/web-7d9f8', to: 'svc:shop/payments', port: 443 },
    );
    expect(hop(isolated, 'external')?.facts?.['egress policy']).toBe(
      'depends on the address DNS returns (shop/web-7d9f8 is isolated for egress by egress-allowlist)',
    );
  });

  it("pointing at another Service's DNS name continues through that Service", () => {
    const alias = `---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {type: ExternalName, externalName: postgres.data.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: postgres, namespace: data}
spec: {clusterIP: 10.96.40.7, selector: {app: postgres}, ports: [{name: pg, port: 5432}]}
`;
    const pg = podYaml('data', 'postgres-0', 'worker-3', '10.244.3.9', { app: 'postgres' }, [
      { name: 'pg', containerPort: 5432 },
    ]);
    const r = trace(load(BASE, kubeProxyYaml('iptables'), client, alias, pg), {
      from: 'pod:shop/web-7d9f8',
      to: 'svc:shop/db',
      port: 5432,
    });
    expect(r.hops.filter((h) => h.kind === 'service').map((h) => h.label)).toEqual([
      'shop/db → CNAME postgres.data.svc.cluster.local',
      'data/postgres:5432 via kube-proxy iptables DNAT',
    ]);
    expect(r.hops.at(-1)?.label).toBe('data/postgres-0:5432');
  });
});

describe('headless Service', () => {
  const headless = `---
apiVersion: v1
kind: Service
metadata: {name: cassandra, namespace: data}
spec: {clusterIP: None, selector: {app: cassandra}, ports: [{name: cql, port: 9042}]}
`;
  const pods = [
    podYaml('data', 'cassandra-0', 'worker-1', '10.244.1.20', { app: 'cassandra' }, [
      { name: 'cql', containerPort: 9042 },
    ]),
    podYaml('data', 'cassandra-1', 'worker-2', '10.244.2.20', { app: 'cassandra' }, [
      { name: 'cql', containerPort: 9042 },
    ]),
    podYaml('data', 'cassandra-2', 'worker-3', '10.244.3.20', { app: 'cassandra' }, [
      { name: 'cql', containerPort: 9042 },
    ]),
  ];

  it('DNS returns the pod IPs; the client connects to one directly, without DNAT; each ready pod is a branch', () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), client, headless, ...pods), {
      from: 'pod:shop/web-7d9f8',
      to: 'svc:data/cassandra',
      port: 9042,
    });
    expect(codes(r)).toContain('HEADLESS_SERVICE');
    expect(kinds(r).slice(0, 3)).toEqual(['service', 'pod-eth0', 'veth']);
    const svc = hop(r, 'service')!;
    expect(svc.branches?.map((b) => b.address)).toEqual([
      '10.244.1.20:9042',
      '10.244.2.20:9042',
      '10.244.3.20:9042',
    ]);
    expect(svc.branches?.every((b) => b.share === 1 / 3)).toBe(true);
    expect(svc.facts?.['kube-proxy']).toBe('no rules (no DNAT)');
    // The first packet already carries the pod IP: pod-eth0's destination is the pod, not a VIP.
    expect(hop(r, 'pod-eth0')?.dst).toBe(svc.dst);
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
    // No NAT anywhere: the pod sees the client's own address.
    expect(r.hops.at(-1)?.facts?.[SEEN_SOURCE_FACT]).toBe('10.244.1.5');
    expect(r.verdict).toBe('delivered');
  });

  it('with no ready pod DNS has no record and the trace stops at the service hop', () => {
    const r = trace(load(BASE, kubeProxyYaml('iptables'), client, headless), {
      from: 'pod:shop/web-7d9f8',
      to: 'svc:data/cassandra',
      port: 9042,
    });
    expect(r.verdict).toBe('dropped');
    expect(hop(r, 'service')?.verdict).toBe('drop');
  });
});
