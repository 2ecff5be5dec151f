// Node-to-node legs: host routing on the source node, then encapsulation (VXLAN,
// IP-in-IP, WireGuard, Geneve) or plain routing, the underlay, and decapsulation.
// A same-node path never touches the overlay. MTU is checked where bytes are added.

import type { NodeInfo } from '../../model/types';
import type { Evidence } from '../types';
import { mtuFixCommand, mtuSettingFor } from '../findings/fixes';
import { restartCommands } from '../findings/restart';
import { CALICO_WIREGUARD_ADDR, CALICO_WIREGUARD_KEY } from '../platform/cni-calico';
import { isIPv6, networkOf } from '../platform/net';
import { addressOfFamily } from '../net/ip';
import {
  OVERLAY_NAME,
  layersName,
  layersOverhead,
  podMTU,
  underlayFamily,
  underlayMTU,
} from '../platform/mtu';
import type { CniInfo, WireLayer } from '../platform/types';
import type { TraceContext } from './context';

export interface TransitEnd {
  readonly node: string;
  /** The destination is a pod IP (encapsulated when the overlay applies) or a node address (routed). */
  readonly podTarget: boolean;
  /** Destination address (decides IPv4 vs IPv6 overhead). */
  readonly ip: string;
}

const CALICO_ADDR = 'projectcalico.org/IPv4Address';
// Calico IPv6 pools compare the nodes' IPv6 subnets for CrossSubnet.
const CALICO_ADDR_V6 = 'projectcalico.org/IPv6Address';
const FLANNEL_PUBLIC_IP = 'flannel.alpha.coreos.com/public-ip';
/**
 * Node annotation stating the node's underlay subnet (`10.0.1.0/24`), for CNIs that do not
 * publish one (flannel). The Kubernetes API holds node addresses but not their prefix.
 */
export const NODE_SUBNET_ANNOTATION = 'packetpath.dev/node-subnet';
/** Prefix assumed around a node's address when nothing states its subnet. */
const ASSUMED_PREFIX = 24;

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
      ctx.path.raise(
        id,
        'MTU_MISMATCH_NODES',
        {
          what: 'underlay',
          nodes: [
            { node: nodeName, mtu: under.value },
            { node: remoteNode, mtu: other.value },
          ],
        },
        [...under.evidence, ...other.evidence],
      );
    }
  }
  return id;
}

export interface NodeSubnet {
  readonly subnet?: string;
  /** The address the CNI uses for the node (flannel public-ip, Calico IPv4Address, InternalIP). */
  readonly address?: string;
  readonly evidence: readonly Evidence[];
  /** Set when the prefix was assumed. */
  readonly assumed?: string;
}

/**
 * The underlay subnet of `node`: Calico's `projectcalico.org/IPv4Address` (address/prefix),
 * else the `packetpath.dev/node-subnet` annotation, else — for flannel, which publishes only
 * the address (`flannel.alpha.coreos.com/public-ip`) — that address or the InternalIP with a
 * /24 assumed. Calico without its annotation stays unknown (encapsulation assumed).
 */
export function nodeSubnet(cni: CniInfo, node: NodeInfo | undefined, ipv6 = false): NodeSubnet {
  if (!node) return { evidence: [] };
  const calicoKey = ipv6 ? CALICO_ADDR_V6 : CALICO_ADDR;
  const calico = node.annotations[calicoKey];
  if (calico)
    return {
      subnet: networkOf(calico),
      address: calico.slice(0, calico.lastIndexOf('/')),
      evidence: [
        { kind: 'Node', name: node.name, field: `metadata.annotations.${calicoKey}`, value: calico },
      ],
    };
  const publicIP = node.annotations[FLANNEL_PUBLIC_IP];
  const address = publicIP ?? node.internalIPs.find((a) => !a.includes(':'));
  const addrEvidence: Evidence[] = publicIP
    ? [{ kind: 'Node', name: node.name, field: `metadata.annotations.${FLANNEL_PUBLIC_IP}`, value: publicIP }]
    : address
      ? [{ kind: 'Node', name: node.name, field: 'status.addresses[InternalIP]', value: address }]
      : [];
  const stated = node.annotations[NODE_SUBNET_ANNOTATION];
  const statedNet = stated ? networkOf(stated) : undefined;
  if (stated && statedNet)
    return {
      subnet: statedNet,
      address,
      evidence: [
        ...addrEvidence,
        {
          kind: 'Node',
          name: node.name,
          field: `metadata.annotations.${NODE_SUBNET_ANNOTATION}`,
          value: stated,
        },
      ],
    };
  if (cni.name !== 'flannel' || !address) return { address, evidence: addrEvidence };
  return {
    subnet: networkOf(`${address}/${ASSUMED_PREFIX}`),
    address,
    evidence: addrEvidence,
    assumed: `the node subnets are not in the snapshot, so a /${ASSUMED_PREFIX} around each node's address was assumed (state it with the ${NODE_SUBNET_ANNOTATION} node annotation)`,
  };
}

/** What a packet between two nodes travels in, and why. */
interface Link {
  readonly layers: readonly WireLayer[];
  /** The tunnel applies (always, or across subnets). */
  readonly tunnelled: boolean;
  readonly srcSubnet?: string;
  readonly dstSubnet?: string;
  readonly sameSubnet?: boolean;
  readonly subnetAssumed?: string;
  readonly dstAddress?: string;
  readonly evidence: readonly Evidence[];
  /** Encryption is on, but these nodes of the pair publish no key: sent in the clear. */
  readonly unencrypted?: readonly string[];
}

/**
 * The layers a packet from `src` to `dst` carries. The tunnel: always, never, or only
 * across subnets (Calico CrossSubnet, flannel DirectRouting). Encryption on top of it
 * (Cilium) or instead of it (Calico, flannel wireguard) — for Calico only when both nodes
 * publish a WireGuard key.
 */
function linkBetween(
  ctx: TraceContext,
  src: NodeInfo | undefined,
  dst: NodeInfo | undefined,
  podTarget: boolean,
  ipv6 = false,
): Link {
  const { cni } = ctx.platform;
  if (!podTarget) return { layers: [], tunnelled: false, evidence: [] };
  const evidence: Evidence[] = [...cni.evidence];
  let tunnelled = cni.mode === 'always';
  let subnets: {
    srcSubnet?: string;
    dstSubnet?: string;
    sameSubnet?: boolean;
    subnetAssumed?: string;
    dstAddress?: string;
  } = {};
  if (cni.mode === 'cross-subnet' || cni.routing === 'host-gw') {
    const a = nodeSubnet(cni, src, ipv6);
    const b = nodeSubnet(cni, dst, ipv6);
    evidence.push(...a.evidence, ...b.evidence);
    const known = a.subnet !== undefined && b.subnet !== undefined;
    subnets = {
      srcSubnet: a.subnet,
      dstSubnet: b.subnet,
      dstAddress: b.address,
      ...(known ? { sameSubnet: a.subnet === b.subnet } : {}),
      ...(a.assumed || b.assumed ? { subnetAssumed: a.assumed ?? b.assumed } : {}),
    };
    // Unknown subnets: assume encapsulation, the case where MTU matters.
    if (cni.mode === 'cross-subnet') tunnelled = !known || a.subnet !== b.subnet;
  }
  const tunnel: WireLayer[] = tunnelled && cni.overlay !== 'none' ? [cni.overlay] : [];
  const enc = cni.encryption;
  if (!enc) return { layers: tunnel, tunnelled, evidence, ...subnets };
  evidence.push(...enc.evidence);
  const missing = enc.perPeerKey
    ? [src, dst]
        .filter((n): n is NodeInfo => n !== undefined && !n.annotations[CALICO_WIREGUARD_KEY]?.trim())
        .map((n) => n.name)
    : [];
  if (missing.length > 0) {
    // Calico without a WireGuard peer: the pool's own path (encapsulation per its mode).
    const plain: WireLayer[] =
      cni.mode !== 'never' && cni.overlay !== 'none' && (cni.mode === 'always' || tunnelled)
        ? [cni.overlay]
        : [];
    return { layers: plain, tunnelled: plain.length > 0, evidence, ...subnets, unencrypted: missing };
  }
  return { layers: enc.overTunnel ? [...tunnel, enc.kind] : [enc.kind], tunnelled, evidence, ...subnets };
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
  const innerV6 = isIPv6(dst.ip);
  // The overhead is the outer header's: the underlay family, not the inner one.
  const outerFamily = underlayFamily(cni, innerV6 ? 'IPv6' : 'IPv4');
  const ipv6 = outerFamily === 'IPv6';
  const outerAddr = (info: NodeInfo | undefined, name: string): string =>
    addressOfFamily(info?.internalIPs ?? [], outerFamily) ?? info?.internalIPs[0] ?? name;
  const srcUnder = underlayMTU(model, srcNode);
  const dstUnder = underlayMTU(model, dst.node);
  const pathUnder = Math.min(srcUnder.value, dstUnder.value);
  const underEvidence = [...srcUnder.evidence, ...(dstUnder.value < srcUnder.value ? dstUnder.evidence : [])];
  const link = linkBetween(ctx, srcInfo, dstInfo, dst.podTarget, innerV6);
  const encap = link.layers.length > 0;
  const overhead = layersOverhead(cni, link.layers, ipv6);
  const inner = pathUnder - overhead;
  const pod = podMTU(model, cni, srcNode, innerV6);
  const name = layersName(link.layers);
  const podFacts: Record<string, string> =
    pod.route !== undefined
      ? { 'pod route MTU': String(pod.route), 'pod eth0 MTU': String(pod.device) }
      : { 'pod MTU': String(pod.value) };

  const hopId = encap
    ? path.add({
        kind: 'encap',
        label: `${name} encapsulation`,
        node: srcNode,
        mtu: inner,
        src: packet.src,
        dst: packet.dst,
        explain: `${srcNode} wraps the packet in ${name} (${overhead} B of outer headers) addressed to ${dst.node}, so the inner packet may be at most ${inner} bytes.`,
        facts: {
          overlay: name,
          overhead: `${overhead} B`,
          'inner MTU': String(inner),
          ...podFacts,
          'outer dst': outerAddr(dstInfo, dst.node),
          ...(cni.encryption?.assumption ? { assumed: cni.encryption.assumption } : {}),
        },
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
        facts: {
          routing: routedLabel(ctx, dst.podTarget),
          ...(link.subnetAssumed ? { assumed: link.subnetAssumed } : {}),
        },
        refs: cniRefs(ctx),
      });

  if (cni.mode === 'cross-subnet' && dst.podTarget) {
    const setting = cni.name === 'flannel' ? 'DirectRouting' : undefined;
    path.raise(
      hopId,
      'OVERLAY_CROSS_SUBNET',
      {
        srcNode,
        dstNode: dst.node,
        srcSubnet: link.srcSubnet,
        dstSubnet: link.dstSubnet,
        encapsulated: link.tunnelled,
        overlay: OVERLAY_NAME[cni.overlay],
        dstIP: dst.ip,
        ...(setting ? { setting } : {}),
        ...(link.subnetAssumed ? { assumed: link.subnetAssumed } : {}),
      },
      link.evidence,
    );
  }
  if (link.unencrypted) {
    path.raise(
      hopId,
      'WIREGUARD_PEER_UNENCRYPTED',
      {
        srcNode,
        dstNode: dst.node,
        missing: link.unencrypted,
        fallback: encap ? name : 'plain routing',
        dstIP: dst.ip,
      },
      [
        ...link.unencrypted.map((n) => ({
          kind: 'Node',
          name: n,
          field: `metadata.annotations.${CALICO_WIREGUARD_KEY}`,
          value: '(absent)',
        })),
        ...(cni.encryption?.evidence ?? []),
      ],
    );
  }
  if (cni.routing === 'host-gw' && !encap && dst.podTarget && link.sameSubnet === false) {
    path.raise(
      hopId,
      'HOST_GW_NEEDS_L2',
      {
        srcNode,
        dstNode: dst.node,
        dstAddr: link.dstAddress ?? dst.node,
        srcSubnet: link.srcSubnet!,
        dstSubnet: link.dstSubnet!,
        podCIDR: dstInfo?.podCIDRs.find((c) => !c.includes(':')),
        dstIP: dst.ip,
        ...(link.subnetAssumed ? { assumed: link.subnetAssumed } : {}),
      },
      link.evidence,
    );
    path.drop(
      hopId,
      true,
      `no route from ${srcNode} (${link.srcSubnet}) to ${dst.node}'s pod CIDR via ${link.dstAddress ?? dst.node} (${link.dstSubnet}): host-gw needs one layer-2 segment`,
    );
    return;
  }
  if (dst.podTarget && pod.value + overhead > pathUnder) {
    const target = pathUnder - overhead;
    const setting = mtuSettingFor(cni, target);
    // The sending pod, when the packet still carries its address: the probes run from it.
    const sender = model.index.podByIP.get(packet.src);
    path.raise(
      hopId,
      'MTU_BLACKHOLE',
      {
        node: srcNode,
        podMTU: pod.value,
        size: packet.size,
        overlay: encap ? name : 'routing',
        overhead,
        underlay: pathUnder,
        dst: dst.ip,
        target,
        fixCommand: mtuFixCommand(cni, target),
        ...(setting ? { setting } : {}),
        ...(sender && !sender.hostNetwork ? { pod: sender.key } : {}),
        restart: restartCommands(model, srcNode),
      },
      [...pod.evidence, ...link.evidence, ...underEvidence],
    );
    if (packet.size + overhead > pathUnder)
      path.drop(
        hopId,
        false,
        `${packet.size}-byte packet + ${overhead} B ${encap ? name : 'routing'} > ${pathUnder} underlay MTU`,
      );
  } else if (packet.size > inner) {
    path.raise(
      hopId,
      'MTU_FRAGMENTATION_RISK',
      {
        hop: `${encap ? name : 'routing'} on ${srcNode}`,
        node: srcNode,
        size: packet.size,
        mtu: inner,
        dst: dst.ip,
      },
      underEvidence,
    );
  } else if (dst.podTarget && pathUnder - overhead - pod.value >= 1000) {
    const target = pathUnder - overhead;
    path.raise(
      hopId,
      'MTU_UNDERUSED',
      {
        node: srcNode,
        podMTU: pod.value,
        underlay: pathUnder,
        overhead,
        target,
        fixCommand: mtuFixCommand(cni, target),
        dst: dst.ip,
      },
      [...pod.evidence, ...underEvidence],
    );
  }

  const srcAddr = outerAddr(srcInfo, srcNode);
  const dstAddr = outerAddr(dstInfo, dst.node);
  const underId = path.add({
    kind: 'underlay',
    label: `node network ${srcNode} → ${dst.node}`,
    mtu: pathUnder,
    src: encap ? srcAddr : packet.src,
    dst: encap ? dstAddr : packet.dst,
    explain: encap
      ? `The outer packet (${Math.min(packet.size, inner) + overhead} B) crosses the physical network from ${srcAddr} to ${dstAddr}.`
      : `The packet crosses the physical network from ${srcNode} to ${dst.node}.`,
    facts: {
      'underlay MTU': String(pathUnder),
      [`${srcNode} MTU`]: `${srcUnder.value}${srcUnder.assumed ? ' (assumed)' : ''}`,
      [`${dst.node} MTU`]: `${dstUnder.value}${dstUnder.assumed ? ' (assumed)' : ''}`,
    },
  });
  noteAssumed(ctx, underId, [srcNode, dst.node], [srcUnder.assumed, dstUnder.assumed]);

  if (encap) {
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
export function noteAssumed(
  ctx: TraceContext,
  hopId: string,
  nodes: readonly string[],
  assumed: readonly boolean[],
): void {
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
  return r === 'bgp'
    ? 'routed (BGP)'
    : r === 'host-gw'
      ? 'routed (host-gw)'
      : r === 'native'
        ? 'routed (native)'
        : 'routed';
}

function cniRefs(ctx: TraceContext): { kind: string; name: string; namespace?: string }[] {
  const seen = new Set<string>();
  const refs: { kind: string; name: string; namespace?: string }[] = [];
  for (const e of ctx.platform.cni.evidence) {
    const key = `${e.kind}/${e.namespace ?? ''}/${e.name}`;
    if (seen.has(key) || e.kind === 'Node') continue;
    seen.add(key);
    refs.push(
      e.namespace ? { kind: e.kind, name: e.name, namespace: e.namespace } : { kind: e.kind, name: e.name },
    );
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
export function masqueradeSource(
  ctx: TraceContext,
  srcNode: string,
  dstNode: string | undefined,
): MasqueradeSource {
  const src = ctx.model.nodes.get(srcNode);
  const nodeIP = src?.internalIPs[0] ?? srcNode;
  const { cni, kubeProxy } = ctx.platform;
  if (!src || !dstNode || dstNode === srcNode || cni.ebpf || kubeProxy.mode === 'ebpf') return { ip: nodeIP };
  // IPv6 traffic leaves through the IPv6 tunnel devices (Calico vxlan-v6.calico with the
  // node's projectcalico.org/IPv6VXLANTunnelAddr, Flannel flannel-v6.1 on the IPv6 podCIDR).
  const v6 = ctx.family === 'IPv6';
  const layers = linkBetween(ctx, src, ctx.model.nodes.get(dstNode), true, v6).layers;
  if (layers.length === 0) return { ip: nodeIP };
  const annotated = (key: string, device: string): MasqueradeSource | undefined => {
    const v = src.annotations[key];
    return v
      ? {
          ip: v.split('/')[0]!,
          device,
          evidence: { kind: 'Node', name: src.name, field: `metadata.annotations.${key}`, value: v },
        }
      : undefined;
  };
  if (cni.name === 'calico') {
    const tunnel = layers.includes('wireguard')
      ? annotated(CALICO_WIREGUARD_ADDR, 'wireguard.cali')
      : layers.includes('vxlan')
        ? v6
          ? annotated('projectcalico.org/IPv6VXLANTunnelAddr', 'vxlan-v6.calico')
          : annotated('projectcalico.org/IPv4VXLANTunnelAddr', 'vxlan.calico')
        : layers.includes('ipip')
          ? annotated('projectcalico.org/IPv4IPIPTunnelAddr', 'tunl0')
          : undefined;
    return tunnel ?? { ip: nodeIP };
  }
  if (cni.name === 'flannel' && layers.includes('vxlan')) {
    const cidr = src.podCIDRs.find((c) => c.includes(':') === v6);
    const net = cidr ? networkOf(cidr) : undefined;
    if (cidr && net)
      return {
        ip: net.slice(0, net.lastIndexOf('/')),
        device: v6 ? 'flannel-v6.1' : 'flannel.1',
        evidence: { kind: 'Node', name: src.name, field: v6 ? 'spec.podCIDRs' : 'spec.podCIDR', value: cidr },
      };
  }
  return { ip: nodeIP };
}

/** Whether traffic between two nodes is tunnelled (for the source address of node-sent traffic), with the subnet reasoning. */
export function encapsulates(
  ctx: TraceContext,
  src: NodeInfo | undefined,
  dst: NodeInfo | undefined,
  ipv6 = false,
): { encap: boolean; srcSubnet?: string; dstSubnet?: string; evidence: Evidence[] } {
  const link = linkBetween(ctx, src, dst, true, ipv6);
  return {
    encap: link.tunnelled,
    ...(link.srcSubnet ? { srcSubnet: link.srcSubnet } : {}),
    ...(link.dstSubnet ? { dstSubnet: link.dstSubnet } : {}),
    evidence: [...link.evidence],
  };
}
