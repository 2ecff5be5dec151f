// Node-to-node legs: host routing on the source node, then encapsulation (VXLAN,
// IP-in-IP, WireGuard, Geneve) or plain routing, the underlay, and decapsulation.
// A same-node path never touches the overlay. MTU is checked where bytes are added.

import type { NodeInfo } from '../../model/types';
import type { Evidence } from '../types';
import { mtuFixCommand } from '../findings/fixes';
import { isIPv6, networkOf } from '../platform/net';
import { addressOfFamily } from '../net/ip';
import { OVERLAY_NAME, overheadOf, podMTU, underlayFamily, underlayMTU } from '../platform/mtu';
import type { TraceContext } from './context';

export interface TransitEnd {
  readonly node: string;
  /** The destination is a pod IP (encapsulated when the overlay applies) or a node address (routed). */
  readonly podTarget: boolean;
  /** Destination address (decides IPv4 vs IPv6 overhead). */
  readonly ip: string;
}

const CALICO_ADDR_V4 = 'projectcalico.org/IPv4Address';
const CALICO_ADDR_V6 = 'projectcalico.org/IPv6Address';

/** Adds the `node` hop of `nodeName` (host routing towards the destination). */
export function nodeHop(ctx: TraceContext, nodeName: string, towards: string, remoteNode?: string): string {
  const under = underlayMTU(ctx.model, nodeName);
  const id = ctx.path.add({
    kind: 'node',
    label: `${nodeName} routing`,
    node: nodeName,
    mtu: under.value,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: `The kernel on ${nodeName} looks up the route to ${towards}${remoteNode && remoteNode !== nodeName ? `, which lives on ${remoteNode}` : ''}.`,
    facts: { 'underlay MTU': `${under.value}${under.assumed ? ' (assumed)' : ''}` },
    refs: [{ kind: 'Node', name: nodeName }],
  });
  if (remoteNode && remoteNode !== nodeName) {
    const other = underlayMTU(ctx.model, remoteNode);
    if (other.value !== under.value) {
      ctx.path.raise(id, 'MTU_MISMATCH_NODES', { what: 'underlay', nodes: [{ node: nodeName, mtu: under.value }, { node: remoteNode, mtu: other.value }] }, [...under.evidence, ...other.evidence]);
    }
  }
  return id;
}

/** Whether traffic between the two nodes is encapsulated, with the CrossSubnet reasoning. */
function encapsulates(ctx: TraceContext, src: NodeInfo | undefined, dst: NodeInfo | undefined, ipv6 = false): { encap: boolean; srcSubnet?: string; dstSubnet?: string; evidence: Evidence[] } {
  const { cni } = ctx.platform;
  if (cni.mode === 'always') return { encap: true, evidence: [...cni.evidence] };
  if (cni.mode === 'never') return { encap: false, evidence: [...cni.evidence] };
  // CrossSubnet compares the subnets of the family being tunnelled (Calico IPv6 pools use
  // the nodes' projectcalico.org/IPv6Address).
  const CALICO_ADDR = ipv6 ? CALICO_ADDR_V6 : CALICO_ADDR_V4;
  const sa = src?.annotations[CALICO_ADDR];
  const da = dst?.annotations[CALICO_ADDR];
  const srcSubnet = sa ? networkOf(sa) : undefined;
  const dstSubnet = da ? networkOf(da) : undefined;
  const evidence: Evidence[] = [...cni.evidence];
  if (src && sa) evidence.push({ kind: 'Node', name: src.name, field: `metadata.annotations.${CALICO_ADDR}`, value: sa });
  if (dst && da) evidence.push({ kind: 'Node', name: dst.name, field: `metadata.annotations.${CALICO_ADDR}`, value: da });
  // Unknown subnets: assume encapsulation, the case where MTU matters.
  const encap = !srcSubnet || !dstSubnet || srcSubnet !== dstSubnet;
  return { encap, srcSubnet, dstSubnet, evidence };
}

/**
 * Hops from `srcNode` to `dst.node` after the source node's routing hop: nothing on the
 * same node; else encap|routed, underlay, decap (decap only when encapsulated).
 */
export function crossNode(ctx: TraceContext, srcNode: string, dst: TransitEnd): void {
  if (srcNode === dst.node) return;
  const { model, platform, path, packet } = ctx;
  const { cni } = platform;
  const srcInfo = model.nodes.get(srcNode);
  const dstInfo = model.nodes.get(dst.node);
  // The overhead is the outer header's: the underlay family, not the inner one.
  const outerFamily = underlayFamily(cni, isIPv6(dst.ip) ? 'IPv6' : 'IPv4');
  const ipv6 = outerFamily === 'IPv6';
  const outerAddr = (info: NodeInfo | undefined, name: string): string => addressOfFamily(info?.internalIPs ?? [], outerFamily) ?? info?.internalIPs[0] ?? name;
  const srcUnder = underlayMTU(model, srcNode);
  const dstUnder = underlayMTU(model, dst.node);
  const pathUnder = Math.min(srcUnder.value, dstUnder.value);
  const underEvidence = [...srcUnder.evidence, ...(dstUnder.value < srcUnder.value ? dstUnder.evidence : [])];
  const decision = dst.podTarget ? encapsulates(ctx, srcInfo, dstInfo, isIPv6(dst.ip)) : { encap: false, evidence: [] as Evidence[] };
  const overlay = decision.encap ? cni.overlay : 'none';
  const overhead = decision.encap ? overheadOf(cni, ipv6) : 0;
  const inner = pathUnder - overhead;
  const pod = podMTU(model, cni, srcNode, isIPv6(dst.ip));
  const name = OVERLAY_NAME[overlay];

  const hopId = decision.encap
    ? path.add({
        kind: 'encap',
        label: `${name} encapsulation`,
        node: srcNode,
        mtu: inner,
        src: packet.src,
        dst: packet.dst,
        explain: `${srcNode} wraps the packet in ${name} (${overhead} B of outer headers) addressed to ${dst.node}, so the inner packet may be at most ${inner} bytes.`,
        facts: { overlay: name, overhead: `${overhead} B`, 'inner MTU': String(inner), 'pod MTU': String(pod.value), 'outer dst': outerAddr(dstInfo, dst.node) },
        refs: cniRefs(ctx),
      })
    : path.add({
        kind: 'routed',
        label: routedLabel(ctx, dst.podTarget),
        node: srcNode,
        mtu: pathUnder,
        src: packet.src,
        dst: packet.dst,
        explain: dst.podTarget
          ? `${srcNode} forwards the packet unencapsulated to ${dst.node}, which the route for the destination's pod CIDR points at.`
          : `${srcNode} sends the packet over the node network to ${dst.node} without encapsulation.`,
        facts: { routing: routedLabel(ctx, dst.podTarget) },
        refs: cniRefs(ctx),
      });

  if (cni.mode === 'cross-subnet' && dst.podTarget) {
    path.raise(hopId, 'OVERLAY_CROSS_SUBNET', { srcNode, dstNode: dst.node, srcSubnet: decision.srcSubnet, dstSubnet: decision.dstSubnet, encapsulated: decision.encap, overlay: OVERLAY_NAME[cni.overlay], dstIP: dst.ip }, decision.evidence);
  }
  if (dst.podTarget && pod.value + overhead > pathUnder) {
    const target = pathUnder - overhead;
    path.raise(
      hopId,
      'MTU_BLACKHOLE',
      { node: srcNode, podMTU: pod.value, size: packet.size, overlay: name === 'none' ? 'routing' : name, overhead, underlay: pathUnder, dst: dst.ip, target, fixCommand: mtuFixCommand(cni, target) },
      [...pod.evidence, ...decision.evidence, ...underEvidence],
    );
    if (packet.size + overhead > pathUnder) path.drop(hopId, false, `${packet.size}-byte packet + ${overhead} B ${name === 'none' ? 'routing' : name} > ${pathUnder} underlay MTU`);
  } else if (packet.size > inner) {
    path.raise(hopId, 'MTU_FRAGMENTATION_RISK', { hop: `${name === 'none' ? 'routing' : name} on ${srcNode}`, size: packet.size, mtu: inner, dst: dst.ip }, underEvidence);
  } else if (dst.podTarget && pathUnder - overhead - pod.value >= 1000) {
    const target = pathUnder - overhead;
    path.raise(hopId, 'MTU_UNDERUSED', { podMTU: pod.value, underlay: pathUnder, overhead, target, fixCommand: mtuFixCommand(cni, target), dst: dst.ip }, [...pod.evidence, ...underEvidence]);
  }

  const srcAddr = outerAddr(srcInfo, srcNode);
  const dstAddr = outerAddr(dstInfo, dst.node);
  const underId = path.add({
    kind: 'underlay',
    label: `node network ${srcNode} → ${dst.node}`,
    mtu: pathUnder,
    src: decision.encap ? srcAddr : packet.src,
    dst: decision.encap ? dstAddr : packet.dst,
    explain: decision.encap
      ? `The outer packet (${Math.min(packet.size, inner) + overhead} B) crosses the physical network from ${srcAddr} to ${dstAddr}.`
      : `The packet crosses the physical network from ${srcNode} to ${dst.node}.`,
    facts: { 'underlay MTU': String(pathUnder), [`${srcNode} MTU`]: `${srcUnder.value}${srcUnder.assumed ? ' (assumed)' : ''}`, [`${dst.node} MTU`]: `${dstUnder.value}${dstUnder.assumed ? ' (assumed)' : ''}` },
  });
  noteAssumed(ctx, underId, [srcNode, dst.node], [srcUnder.assumed, dstUnder.assumed]);

  if (decision.encap) {
    path.add({
      kind: 'decap',
      label: `${name} decapsulation`,
      node: dst.node,
      mtu: dstUnder.value - overhead,
      src: packet.src,
      dst: packet.dst,
      explain: `${dst.node} strips the ${name} headers and routes the inner packet to the destination.`,
      facts: { overlay: name },
    });
  }
}

/** MTU_ASSUMED once per trace, at the first hop that relies on an assumed underlay MTU. */
export function noteAssumed(ctx: TraceContext, hopId: string, nodes: readonly string[], assumed: readonly boolean[]): void {
  const missing = [...new Set(nodes.filter((_, i) => assumed[i]))];
  if (missing.length === 0 || ctx.assumedNoted.size > 0) return;
  for (const n of missing) ctx.assumedNoted.add(n);
  ctx.path.raise(hopId, 'MTU_ASSUMED', missing.length === 1 ? { node: missing[0] } : {}, [
    { kind: 'Settings', name: 'snapshot', field: 'settings.underlayMTU', value: '(unset: 1500 assumed)' },
  ]);
}

function routedLabel(ctx: TraceContext, podTarget: boolean): string {
  if (!podTarget) return 'routed over the node network';
  const r = ctx.platform.cni.routing;
  return r === 'bgp' ? 'routed (BGP)' : r === 'host-gw' ? 'routed (host-gw)' : r === 'native' ? 'routed (native)' : 'routed';
}

function cniRefs(ctx: TraceContext): { kind: string; name: string; namespace?: string }[] {
  const seen = new Set<string>();
  const refs: { kind: string; name: string; namespace?: string }[] = [];
  for (const e of ctx.platform.cni.evidence) {
    const key = `${e.kind}/${e.namespace ?? ''}/${e.name}`;
    if (seen.has(key) || e.kind === 'Node') continue;
    seen.add(key);
    refs.push(e.namespace ? { kind: e.kind, name: e.name, namespace: e.namespace } : { kind: e.kind, name: e.name });
  }
  return refs;
}

export interface MasqueradeSource {
  readonly ip: string;
  /** The interface whose address MASQUERADE picks, when it is not the node's own uplink. */
  readonly device?: string;
  readonly evidence?: Evidence;
}

/**
 * The address iptables MASQUERADE gives a packet leaving `srcNode` for a pod on `dstNode`:
 * the primary address of the outgoing device. Across an encapsulating overlay that is the
 * tunnel device (Calico vxlan.calico / tunl0 tunnel address, Flannel flannel.1 = the
 * node's pod subnet .0), not the node's InternalIP; on the same node or routed, the node IP.
 * eBPF NodePort SNAT (Cilium, Calico eBPF) uses the node IP.
 */
export function masqueradeSource(ctx: TraceContext, srcNode: string, dstNode: string | undefined): MasqueradeSource {
  const src = ctx.model.nodes.get(srcNode);
  const nodeIP = src?.internalIPs[0] ?? srcNode;
  const { cni, kubeProxy } = ctx.platform;
  if (!src || !dstNode || dstNode === srcNode || cni.ebpf || kubeProxy.mode === 'ebpf' || cni.overlay === 'none') return { ip: nodeIP };
  // IPv6 traffic leaves through the IPv6 tunnel devices (Calico vxlan-v6.calico with the
  // node's projectcalico.org/IPv6VXLANTunnelAddr, Flannel flannel-v6.1 on the IPv6 podCIDR).
  const v6 = ctx.family === 'IPv6';
  if (!encapsulates(ctx, src, ctx.model.nodes.get(dstNode), v6).encap) return { ip: nodeIP };
  const annotated = (key: string, device: string): MasqueradeSource | undefined => {
    const v = src.annotations[key];
    return v ? { ip: v.split('/')[0]!, device, evidence: { kind: 'Node', name: src.name, field: `metadata.annotations.${key}`, value: v } } : undefined;
  };
  if (cni.name === 'calico') {
    const tunnel =
      cni.overlay === 'vxlan' ? (v6 ? annotated('projectcalico.org/IPv6VXLANTunnelAddr', 'vxlan-v6.calico') : annotated('projectcalico.org/IPv4VXLANTunnelAddr', 'vxlan.calico'))
      : cni.overlay === 'ipip' ? annotated('projectcalico.org/IPv4IPIPTunnelAddr', 'tunl0')
      : cni.overlay === 'wireguard' ? annotated('projectcalico.org/IPv4WireguardInterfaceAddr', 'wireguard.cali')
      : undefined;
    return tunnel ?? { ip: nodeIP };
  }
  if (cni.name === 'flannel' && cni.overlay === 'vxlan') {
    const cidr = src.podCIDRs.find((c) => c.includes(':') === v6);
    const net = cidr ? networkOf(cidr) : undefined;
    if (cidr && net) return { ip: net.slice(0, net.lastIndexOf('/')), device: v6 ? 'flannel-v6.1' : 'flannel.1', evidence: { kind: 'Node', name: src.name, field: v6 ? 'spec.podCIDRs' : 'spec.podCIDR', value: cidr } };
  }
  return { ip: nodeIP };
}
