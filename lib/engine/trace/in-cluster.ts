// In-cluster legs shared by every path type: from a source (a pod whose hops are
// already on the path, or a node) to a destination pod or node.

import type { NodeInfo, Pod } from '../../model/types';
import type { PeerEndpoint } from '../policy';
import { podMTU } from '../platform/mtu';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { masqueradeHop } from './egress';
import { ASSUMED_FACT, SEEN_SOURCE_FACT } from './facts';
import { nodeSourceTowardsPod } from './node-source';
import { deliverToHostNetworkPod, deliverToPod, podIP } from './pod-legs';
import { policyHop } from './policy-legs';
import { crossNode, nodeHop } from './transit';

export type Source =
  | { readonly type: 'pod'; readonly pod: Pod }
  /** A node sending (or forwarding after NAT); `ip` is the source address policy sees. */
  | { readonly type: 'node'; readonly node: string; readonly ip: string };

function sourceNode(src: Source): string | undefined {
  return src.type === 'pod' ? src.pod.nodeName : src.node;
}

function peerOf(src: Source): PeerEndpoint {
  return src.type === 'pod' ? { type: 'pod', pod: src.pod } : { type: 'ip', ip: src.ip };
}

/** Destination port when none was asked: the pod's first declared port of the protocol, else 80. */
export function defaultPort(ctx: TraceContext, pod: Pod): number {
  return pod.ports.find((p) => p.protocol === ctx.protocol)?.containerPort ?? 80;
}

/** From `src` to pod `dst` on `port`: egress policy, routing, overlay, ingress policy, delivery. */
export function toPod(ctx: TraceContext, src: Source, dst: Pod, port: number, egressChecked = false): void {
  if (dst.hostNetwork) return toHostNetworkPod(ctx, src, dst, port, egressChecked);
  if (src.type === 'pod' && !egressChecked) {
    if (!policyHop(ctx, 'egress', src.pod, { type: 'pod', pod: dst }, port)) return;
  }
  // TCP negotiates its MSS from both ends, so traffic into a pod is sized by the pod's MTU.
  if (src.type === 'node' && ctx.explicitSize === undefined)
    ctx.packet.size = Math.min(ctx.packet.size, podMTU(ctx.model, ctx.platform.cni, dst.nodeName).value);
  const from = sourceNode(src);
  let peer = peerOf(src);
  if (from) {
    const hop = nodeHop(ctx, from, `${podIP(dst)} (${dst.key})`, dst.nodeName);
    // Traffic the node itself sends (not forwarded after NAT) leaves with the route's source.
    if (src.type === 'node' && src.ip === ctx.model.nodes.get(from)?.internalIPs[0])
      peer = nodeSource(ctx, hop, from, dst);
    if (dst.nodeName) crossNode(ctx, from, { node: dst.nodeName, podTarget: true, ip: podIP(dst) });
  }
  if (ctx.path.stopped) return;
  if (!policyHop(ctx, 'ingress', dst, peer, port)) return;
  deliverToPod(ctx, dst, port);
}

/**
 * The source of a packet node `from` sends to pod `dst`: across an encapsulating
 * overlay the tunnel device's address, else the node's own. Sets it on the packet and
 * on the node hop (with what was assumed when the snapshot lacks the tunnel address).
 */
function nodeSource(ctx: TraceContext, hopId: string, from: string, dst: Pod): PeerEndpoint {
  const picked = nodeSourceTowardsPod(ctx, from, dst.nodeName);
  ctx.packet.src = picked.ip;
  ctx.path.patch(hopId, {
    src: picked.ip,
    facts: {
      'source address': picked.device ? `${picked.ip} (${picked.device})` : picked.ip,
      ...(picked.assumed ? { [ASSUMED_FACT]: picked.assumed } : {}),
    },
    ...(picked.device
      ? {
          explain: `The kernel on ${from} looks up the route to ${podIP(dst)} (${dst.key}, on ${dst.nodeName}): it leaves through ${picked.device}, so the node sends from that device's address ${picked.ip}, not its InternalIP.`,
        }
      : {}),
  });
  return { type: 'ip', ip: picked.ip };
}

/**
 * To a host-network pod: node traffic. Egress policy of a source pod judges the node
 * address (selectors never match the pod); no veth, no ingress policy at the pod.
 */
function toHostNetworkPod(
  ctx: TraceContext,
  src: Source,
  dst: Pod,
  port: number,
  egressChecked: boolean,
): void {
  ctx.packet.dst = hostPort(podIP(dst), port);
  if (
    src.type === 'pod' &&
    !egressChecked &&
    !policyHop(ctx, 'egress', src.pod, { type: 'pod', pod: dst }, port)
  ) {
    deliverToHostNetworkPod(ctx, dst, port); // drawn after the drop: where the packet was going
    return;
  }
  const from = sourceNode(src);
  if (from) {
    nodeHop(ctx, from, `${podIP(dst)} (${dst.key}, host network on ${dst.nodeName ?? '?'})`, dst.nodeName);
    if (src.type === 'pod' && dst.nodeName !== from)
      masqueradeHop(ctx, from, ctx.model.nodes.get(from)?.internalIPs[0] ?? from, podIP(dst));
    if (dst.nodeName) crossNode(ctx, from, { node: dst.nodeName, podTarget: false, ip: podIP(dst) });
  }
  if (ctx.path.stopped) return;
  deliverToHostNetworkPod(ctx, dst, port);
}

/** From `src` to a node's own address (kubelet, host-network services). */
export function toNode(ctx: TraceContext, src: Source, node: NodeInfo, port: number | undefined): void {
  const ip = node.internalIPs[0] ?? node.name;
  if (src.type === 'pod') {
    if (!policyHop(ctx, 'egress', src.pod, { type: 'ip', ip }, port ?? 10250)) return;
  }
  const from = sourceNode(src);
  if (from) {
    nodeHop(ctx, from, `${ip} (node ${node.name})`, node.name);
    // Calico natOutgoing / flannel --ip-masq: another node's address is outside the pools.
    if (src.type === 'pod' && node.name !== from)
      masqueradeHop(ctx, from, ctx.model.nodes.get(from)?.internalIPs[0] ?? from, ip);
    crossNode(ctx, from, { node: node.name, podTarget: false, ip });
  }
  ctx.path.add({
    kind: 'endpoint',
    label: `node ${node.name}${port !== undefined ? `:${port}` : ''}`,
    node: node.name,
    src: ctx.packet.src,
    dst: hostPort(ip, port),
    explain: `The packet reaches ${node.name}'s own address ${ip}${port !== undefined ? ` on port ${port}` : ''} (host network).`,
    facts: {
      'node IP': ip,
      [SEEN_SOURCE_FACT]: ctx.packet.src,
      ...(node.kernelVersion ? { kernel: node.kernelVersion } : {}),
    },
    refs: [{ kind: 'Node', name: node.name }],
  });
}
