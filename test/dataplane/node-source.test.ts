// Traffic a node sends itself (kubelet probes, node-local agents, host-network pods) to
// a pod on another node leaves through the overlay's tunnel device, so the kernel picks
// that device's address as the source, and the destination's ingress policy judges it:
// - Calico: felix routes remote pod blocks via vxlan.calico / tunl0, which carry the
//   addresses Calico publishes as node annotations projectcalico.org/IPv4VXLANTunnelAddr
//   and projectcalico.org/IPv4IPIPTunnelAddr
//   (https://docs.tigera.io/calico/latest/reference/resources/node, "tunnel address").
// - flannel: routes `POD_SUBNET via POD_SUBNET.0 dev flannel.1 onlink`; flannel.1 holds
//   the .0 address of the node's own subnet (flannel-io/flannel pkg/backend/vxlan).
// - Cilium: routes to remote pod CIDRs carry `src` = the cilium_host (router) address
//   (`ip route` on a tunnelled Cilium node: `10.244.2.0/24 via 10.244.1.183 dev
//   cilium_host src 10.244.1.183`), published as the node annotation
//   network.cilium.io/ipv4-cilium-host.

import { describe, expect, it } from 'vitest';
import { traceRoute } from 'lib/engine/trace';
import type { TraceResult } from 'lib/engine/types';
import {
  DB,
  KUBE_PROXY_IPTABLES,
  WORKER_1,
  WORKER_2,
  calicoPoolYaml,
  ciliumConfigYaml,
  flannelConfigYaml,
  modelFromYaml,
  namespaceYaml,
  nodeYaml,
  podYaml,
} from './dump';

// db admits the node network (kubelet probes, "allow from the nodes").
const FROM_NODES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-nodes, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/24}`;

const withNodes = (w1: Record<string, string>, ...extra: string[]) =>
  modelFromYaml(
    namespaceYaml('shop'),
    nodeYaml({ ...WORKER_1, annotations: w1 }),
    nodeYaml(WORKER_2),
    podYaml(DB),
    FROM_NODES,
    KUBE_PROXY_IPTABLES,
    ...extra,
  );

const nodeHop = (r: TraceResult) => r.hops.find((h) => h.kind === 'node')!;
const ingress = (r: TraceResult) => r.hops.find((h) => h.kind === 'policy-ingress')!;

describe('source address of node traffic to a remote pod', () => {
  it('Calico VXLAN: the vxlan.calico address, so an ipBlock of the node network does not admit it', () => {
    const m = withNodes(
      { 'projectcalico.org/IPv4VXLANTunnelAddr': '10.244.1.0' },
      calicoPoolYaml({ vxlanMode: 'Always' }),
    );
    const r = traceRoute(m, { from: 'node:worker-1', to: 'pod:shop/db-0', port: 5432 });
    expect(nodeHop(r).facts?.['source address']).toBe('10.244.1.0 (vxlan.calico)');
    expect(ingress(r)).toMatchObject({ src: '10.244.1.0', verdict: 'drop' });
    expect(r.findings.find((f) => f.code === 'POLICY_INGRESS_DENIED')!.detail).toContain('10.244.1.0');
  });

  it('Calico IP-in-IP: the tunl0 address; the endpoint sees it', () => {
    const m = modelFromYaml(
      namespaceYaml('shop'),
      nodeYaml({ ...WORKER_1, annotations: { 'projectcalico.org/IPv4IPIPTunnelAddr': '10.244.1.64' } }),
      nodeYaml(WORKER_2),
      podYaml(DB),
      KUBE_PROXY_IPTABLES,
      calicoPoolYaml({ vxlanMode: 'Never', ipipMode: 'Always' }),
    );
    const r = traceRoute(m, { from: 'node:worker-1', to: 'pod:shop/db-0', port: 5432 });
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.244.1.64');
  });

  it('Calico without the annotation: the InternalIP, and the hop says it was assumed', () => {
    const m = withNodes({}, calicoPoolYaml({ vxlanMode: 'Always' }));
    const r = traceRoute(m, { from: 'node:worker-1', to: 'pod:shop/db-0', port: 5432 });
    expect(nodeHop(r).facts?.['assumed']).toContain('projectcalico.org/IPv4VXLANTunnelAddr');
    expect(ingress(r)).toMatchObject({ src: '10.0.0.11', verdict: 'pass' });
  });

  it('flannel VXLAN: flannel.1 = the .0 address of the node pod subnet', () => {
    const m = withNodes({}, flannelConfigYaml());
    const r = traceRoute(m, { from: 'node:worker-1', to: 'pod:shop/db-0', port: 5432 });
    expect(nodeHop(r).facts?.['source address']).toBe('10.244.1.0 (flannel.1)');
  });

  it('Cilium tunnel: the cilium_host address', () => {
    const m = withNodes({ 'network.cilium.io/ipv4-cilium-host': '10.244.1.183' }, ciliumConfigYaml());
    const r = traceRoute(m, { from: 'node:worker-1', to: 'pod:shop/db-0', port: 5432 });
    expect(nodeHop(r).facts?.['source address']).toBe('10.244.1.183 (cilium_host)');
    expect(ingress(r).src).toBe('10.244.1.183');
  });

  it("the same node: the node address (no tunnel), allowed as the pod's own node", () => {
    const m = withNodes({}, calicoPoolYaml({ vxlanMode: 'Always' }));
    const r = traceRoute(m, { from: 'node:worker-2', to: 'pod:shop/db-0', port: 5432 });
    expect(ingress(r)).toMatchObject({ src: '10.0.0.12', verdict: 'pass' });
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.0.0.12');
  });
});
