// In-cluster legs shared by every path type: from a source (a pod whose hops are
// already on the path, or a node) to a destination pod or node.

import type { NodeInfo, Pod } from '../../model/types';
import type { PeerEndpoint } from '../policy';
import { podMTU } from '../platform/mtu';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { deliverToPod, podIP } from './pod-legs';
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
  if (src.type === 'pod' && !egressChecked) {
    if (!policyHop(ctx, 'egress', src.pod, { type: 'pod', pod: dst }, port)) return;
  }
  // TCP negotiates its MSS from both ends, so traffic into a pod is sized by the pod's MTU.
  if (src.type === 'node' && ctx.explicitSize === undefined) ctx.packet.size = Math.min(ctx.packet.size, podMTU(ctx.model, ctx.platform.cni, dst.nodeName).value);
  const from = sourceNode(src);
  if (from) {
    nodeHop(ctx, from, `${podIP(dst)} (${dst.key})`, dst.nodeName);
    if (dst.nodeName) crossNode(ctx, from, { node: dst.nodeName, podTarget: true, ip: podIP(dst) });
  }
  if (ctx.path.stopped) return;
  if (!policyHop(ctx, 'ingress', dst, peerOf(src), port)) return;
  deliverToPod(ctx, dst, port);
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
    crossNode(ctx, from, { node: node.name, podTarget: false, ip });
  }
  ctx.path.add({
    kind: 'endpoint',
    label: `node ${node.name}${port !== undefined ? `:${port}` : ''}`,
    node: node.name,
    src: ctx.packet.src,
    dst: hostPort(ip, port),
    explain: `The packet reaches ${node.name}'s own address ${ip}${port !== undefined ? ` on port ${port}` : ''} (host network).`,
    facts: { 'node IP': ip, ...(node.kernelVersion ? { kernel: node.kernelVersion } : {}) },
    refs: [{ kind: 'Node', name: node.name }],
  });
}
