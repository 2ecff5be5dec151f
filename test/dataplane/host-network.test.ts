// Host-network pods (spec.hostNetwork: true) are node traffic:
// - Kubernetes docs, "NetworkPolicy and hostNetwork pods"
//   (https://kubernetes.io/docs/concepts/services-networking/network-policies/): plugins
//   that cannot tell such traffic from the node's ignore hostNetwork pods in
//   podSelector / namespaceSelector matching and treat it as node-IP traffic.
// - Calico polices workload endpoints (cali* interfaces); a host-network pod has none
//   and is policed only as host-endpoint traffic
//   (https://docs.tigera.io/calico/latest/reference/host-endpoints/overview).
// - Calico natOutgoing masquerades pod traffic to destinations outside every IP pool,
//   so a pod reaching another node's address is seen from its own node's address
//   (https://docs.tigera.io/calico/latest/networking/configuring/workloads-outside-cluster).

import { describe, expect, it } from 'vitest';
import { computeReach } from 'lib/engine/reach';
import { traceRoute } from 'lib/engine/trace';
import type { TraceResult } from 'lib/engine/types';
import {
  KUBE_PROXY_IPTABLES,
  WORKER_1,
  WORKER_2,
  calicoPoolYaml,
  modelFromYaml,
  namespaceYaml,
  nodeYaml,
  podYaml,
  type PodSpec,
} from './dump';

const PROMETHEUS: PodSpec = {
  ns: 'monitoring',
  name: 'prometheus-0',
  node: 'worker-1',
  ip: '10.244.1.20',
  hostIP: '10.0.0.11',
  labels: { app: 'prometheus' },
  port: 9090,
};
const EXPORTER: PodSpec = {
  ns: 'monitoring',
  name: 'node-exporter-w2',
  node: 'worker-2',
  ip: '10.0.0.12',
  hostIP: '10.0.0.12',
  labels: { app: 'node-exporter' },
  port: 9100,
  hostNetwork: true,
};
const EXPORTER_W1: PodSpec = {
  ...EXPORTER,
  name: 'node-exporter-w1',
  node: 'worker-1',
  ip: '10.0.0.11',
  hostIP: '10.0.0.11',
};
const WEB: PodSpec = {
  ns: 'shop',
  name: 'web-0',
  node: 'worker-2',
  ip: '10.244.2.5',
  hostIP: '10.0.0.12',
  labels: { app: 'web' },
  port: 8080,
};

const DENY_ALL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: monitoring}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]`;

const scrapeBy = (to: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prometheus-scrape, namespace: monitoring}
spec:
  podSelector: {matchLabels: {app: prometheus}}
  policyTypes: [Egress]
  egress:
  - to:
    - ${to}
    ports:
    - {protocol: TCP, port: 9100}`;

const model = (scrape: string) =>
  modelFromYaml(
    namespaceYaml('monitoring'),
    namespaceYaml('shop'),
    nodeYaml(WORKER_1),
    nodeYaml({ ...WORKER_2, annotations: { 'projectcalico.org/IPv4VXLANTunnelAddr': '10.244.2.0' } }),
    podYaml(PROMETHEUS),
    podYaml(EXPORTER),
    podYaml(EXPORTER_W1),
    podYaml(WEB),
    DENY_ALL,
    scrape,
    KUBE_PROXY_IPTABLES,
    calicoPoolYaml({ natOutgoing: true }),
  );

const bySelector = () => model(scrapeBy('podSelector: {matchLabels: {app: node-exporter}}'));
const byNodeCidr = () => model(scrapeBy('ipBlock: {cidr: 10.0.0.0/24}'));
const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);

describe('host-network pods', () => {
  it('a podSelector never matches a host-network pod: Prometheus egress to node-exporter is denied', () => {
    const r = traceRoute(bySelector(), {
      from: 'pod:monitoring/prometheus-0',
      to: 'pod:monitoring/node-exporter-w2',
      port: 9100,
    });
    expect(r.verdict).toBe('dropped');
    const egress = r.hops.find((h) => h.kind === 'policy-egress')!;
    expect(egress.verdict).toBe('drop');
    expect(egress.facts?.['peer as policy sees it']).toBe(
      '10.0.0.12 (host-network pod monitoring/node-exporter-w2)',
    );
    const denied = r.findings.find((f) => f.code === 'POLICY_EGRESS_DENIED')!;
    expect(denied.detail).toContain('host-network pod monitoring/node-exporter-w2');
    // Drawn after the drop: where the packet was going, and why policy cannot name it.
    const end = r.hops.at(-1)!;
    expect(end).toMatchObject({ kind: 'endpoint', reached: false, mtu: 1500 });
    expect(end.findings).toContain('HOST_NETWORK_POD');
  });

  it('an ipBlock with the node network allows it: no veth, the node MTU, natOutgoing masquerades to the node', () => {
    const r = traceRoute(byNodeCidr(), {
      from: 'pod:monitoring/prometheus-0',
      to: 'pod:monitoring/node-exporter-w2',
      port: 9100,
    });
    expect(r.hops.every((h) => h.verdict !== 'drop')).toBe(true);
    // No veth and no ingress policy at the host-network end; routed over the node network.
    expect(kinds(r)).toEqual([
      'pod-eth0',
      'veth',
      'policy-egress',
      'node',
      'snat',
      'routed',
      'underlay',
      'endpoint',
    ]);
    const end = r.hops.at(-1)!;
    expect(end.label).toBe('monitoring/node-exporter-w2:9100 (host network)');
    expect(end.mtu).toBe(1500);
    expect(end.facts?.['node IP']).toBe('10.0.0.12');
    // Calico natOutgoing: 10.0.0.12 is outside every IP pool, so the exporter sees worker-1.
    expect(end.facts?.['source address the backend sees']).toBe('10.0.0.11');
    expect(r.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['HOST_NETWORK_POD', 'SNAT_EGRESS_MASQUERADE']),
    );
    const f = r.findings.find((x) => x.code === 'HOST_NETWORK_POD')!;
    expect(f.hop).toBe(end.id);
    expect(f.evidence).toContainEqual({
      kind: 'Pod',
      namespace: 'monitoring',
      name: 'node-exporter-w2',
      field: 'spec.hostNetwork',
      value: 'true',
    });
    expect(f.detail).toContain('NetworkPolicy monitoring/default-deny would select it by its labels');
  });

  it('as a source it is node traffic: one host-network hop (node MTU, no veth), then the tunnel address towards a remote pod', () => {
    const r = traceRoute(bySelector(), {
      from: 'pod:monitoring/node-exporter-w2',
      to: 'pod:monitoring/prometheus-0',
      port: 9090,
    });
    expect(kinds(r)).toEqual(['pod-eth0', 'node', 'encap', 'underlay', 'decap', 'policy-ingress']);
    expect(r.hops[0]).toMatchObject({
      label: 'monitoring/node-exporter-w2 (host network)',
      mtu: 1500,
      findings: ['HOST_NETWORK_POD'],
    });
    // Prometheus is isolated by default-deny; the node's tunnel address matches no rule.
    const ingress = r.hops.at(-1)!;
    expect(ingress.verdict).toBe('drop');
    expect(ingress.src).toBe('10.244.2.0');
  });

  it('reach lists host-network pods as node peers at the node address, not as policed pods', () => {
    const pairs = computeReach(byNodeCidr(), { granularity: 'pod' }).pairs;
    expect(pairs.some((p) => p.from.includes('node-exporter') || p.to.includes('node-exporter'))).toBe(false);
    expect(pairs).toContainEqual({
      from: 'monitoring/prometheus-0[Pod]',
      to: 'worker-2[Node]',
      conn: 'TCP 9100',
    });
    // A pod and its own node always reach each other (Kubernetes docs), whatever default-deny says.
    expect(pairs).toContainEqual({
      from: 'worker-1[Node]',
      to: 'monitoring/prometheus-0[Pod]',
      conn: 'All Connections',
    });
    expect(pairs).toContainEqual({
      from: 'monitoring/prometheus-0[Pod]',
      to: 'worker-1[Node]',
      conn: 'All Connections',
    });
    expect(pairs.some((p) => p.from === 'worker-2[Node]' && p.to === 'monitoring/prometheus-0[Pod]')).toBe(
      false,
    );
    // The API model (netpol-analyzer's) keeps it a pod, isolated by default-deny like any other.
    const asPods = computeReach(byNodeCidr(), { granularity: 'pod', hostNetwork: 'pod' }).pairs;
    expect(asPods.some((p) => p.to.endsWith('[Node]'))).toBe(false);
    expect(asPods.some((p) => p.to === 'monitoring/node-exporter-w2[Pod]')).toBe(false);
  });
});
