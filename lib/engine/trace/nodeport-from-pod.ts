// A pod connecting to a node's address on a node port. kube-proxy matches node ports
// only for the node's own addresses (KUBE-SERVICES ends in "-m addrtype --dst-type LOCAL
// -j KUBE-NODEPORTS"; nftables "fib daddr type local" before the service-nodeports map),
// so the node that owns the address DNATs: the pod's own node when it dials itself, else
// the packet travels to that node first. An eBPF replacement translates at connect(), for
// any node's address (cilium/cilium bpf/bpf_sock.c: "When connecting to node port services
// in our cluster that have either {REMOTE_NODE,HOST}_ID or loopback address, we do a
// wild-card lookup"), so egress policy then sees the backend, as for a ClusterIP.

import type { NodeInfo, Pod, Service, ServicePort } from '../../model/types';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { toPod } from './in-cluster';
import { podIP, sourcePodHops } from './pod-legs';
import { policyHop } from './policy-legs';
import { serviceHop } from './service-hop';
import { crossNode, masqueradeSource, nodeHop } from './transit';

export function podToNodePort(
  ctx: TraceContext,
  pod: Pod,
  node: NodeInfo,
  svc: Service,
  port: ServicePort,
): void {
  const { path, packet, platform } = ctx;
  const nodeIP = node.internalIPs[0] ?? node.name;
  const vip = hostPort(nodeIP, port.nodePort);
  packet.dst = vip;
  const from = pod.nodeName ?? node.name;
  const ebpf = platform.kubeProxy.mode === 'ebpf';
  const dnatNode = ebpf ? from : node.name;
  sourcePodHops(ctx, pod);
  if (dnatNode !== from) {
    // Before DNAT the packet is for the other node's address: egress policy sees that.
    if (!policyHop(ctx, 'egress', pod, { type: 'ip', ip: nodeIP }, port.nodePort ?? 0)) return;
    nodeHop(ctx, from, `${nodeIP} (node ${node.name})`, node.name);
    crossNode(ctx, from, { node: node.name, podTarget: false, ip: nodeIP });
    if (path.stopped) return;
  }
  // Pod traffic to a node port: KUBE-EXT masquerades under externalTrafficPolicy Cluster;
  // under Local it "short-circuits pod traffic" to the cluster chain without SNAT
  // (pkg/proxy/iptables/proxier.go, pkg/proxy/nftables/proxier.go, detect-local-mode ClusterCIDR).
  const local = svc.externalTrafficPolicy === 'Local';
  path.add({
    kind: 'node-port',
    label: `node port ${port.nodePort} on ${node.name}`,
    node: dnatNode,
    src: packet.src,
    dst: vip,
    explain: ebpf
      ? `The eBPF load balancer on ${from} translates ${vip} at connect(), before the packet leaves ${pod.key}.`
      : `${nodeIP} is ${node.name}'s own address, so kube-proxy on ${node.name} matches node port ${port.nodePort} in KUBE-NODEPORTS (node ports match only local addresses${dnatNode === from ? '; here the pod dials its own node' : `; ${from} routes the packet to ${node.name} untranslated`}).`,
    facts: {
      'node IP': nodeIP,
      nodePort: String(port.nodePort),
      externalTrafficPolicy: svc.externalTrafficPolicy,
      'DNAT on': dnatNode,
      ...(local ? { 'pod traffic': 'short-circuited to the cluster chain (no SNAT)' } : {}),
    },
    refs: [
      { kind: 'Service', namespace: svc.namespace, name: svc.name },
      { kind: 'Node', name: node.name },
    ],
  });
  viaExternalChain(ctx, pod, svc, port, dnatNode, vip);
}

/**
 * A pod connecting to a LoadBalancer address or an externalIP of a Service: kube-proxy on
 * the pod's own node captures those addresses in KUBE-SERVICES (no local-address match, as
 * for node ports), so the DNAT happens before the packet leaves the node, and the Service's
 * external chain applies (masquerade under externalTrafficPolicy Cluster).
 */
export function podToServiceIP(
  ctx: TraceContext,
  pod: Pod,
  svc: Service,
  port: ServicePort,
  ip: string,
): void {
  const vip = hostPort(ip, port.port);
  ctx.packet.dst = vip;
  sourcePodHops(ctx, pod);
  viaExternalChain(ctx, pod, svc, port, pod.nodeName ?? '(node)', vip);
}

/** DNAT through the external chain on `dnatNode`, then SNAT (eTP Cluster) and delivery. */
function viaExternalChain(
  ctx: TraceContext,
  pod: Pod,
  svc: Service,
  port: ServicePort,
  dnatNode: string,
  vip: string,
): void {
  const { path, packet, platform } = ctx;
  const from = pod.nodeName ?? dnatNode;
  const ebpf = platform.kubeProxy.mode === 'ebpf';
  const local = svc.externalTrafficPolicy === 'Local';
  const backend = serviceHop(ctx, svc, port, { node: dnatNode, external: !local, vip });
  if (!backend?.pod) return;
  if (dnatNode === from && !policyHop(ctx, 'egress', pod, { type: 'pod', pod: backend.pod }, backend.port))
    return;
  if (!local && !ebpf) {
    const before = packet.src;
    const masq = masqueradeSource(ctx, dnatNode, backend.node);
    packet.src = masq.ip;
    path.add({
      kind: 'snat',
      label: `SNAT to ${masq.ip}${masq.device ? ` (${masq.device})` : ''}`,
      node: dnatNode,
      src: packet.src,
      dst: packet.dst,
      explain: `externalTrafficPolicy: Cluster: the Service's KUBE-EXT chain marks every node-port packet for masquerade, so ${dnatNode} rewrites ${before} to ${masq.ip} and replies come back through it.`,
      facts: {
        'src before': before,
        'src after': masq.ip,
        ...(masq.device ? { 'outgoing device': masq.device } : {}),
      },
    });
    toPod(ctx, { type: 'node', node: dnatNode, ip: masq.ip }, backend.pod, backend.port);
    return;
  }
  if (dnatNode === from) toPod(ctx, { type: 'pod', pod }, backend.pod, backend.port, true);
  else toPod(ctx, { type: 'node', node: dnatNode, ip: podIP(pod) }, backend.pod, backend.port);
}
