// The part an L7 proxy (ingress controller, gateway) shares: find the proxy's own
// Service and pods, enter through them, then open a new connection from the proxy pod
// to the backend Service it routes to.

import type { Pod, Service } from '../../model/types';
import { podMTU } from '../platform/mtu';
import type { TraceContext } from './context';
import { hostPort } from './context';
import type { EntryPoint } from './entry';
import { clientHop, enterService } from './entry';
import { selectedPods } from './endpoints';
import type { BackendRef } from './l7-objects';
import { toPod } from './in-cluster';
import { pickServicePort, serviceHop } from './service-hop';
import { podIP } from './pod-legs';
import { policyHop } from './policy-legs';
import { crossNode, nodeHop } from './transit';

export interface ProxyArrival {
  /** The proxy pod that handles the request (undefined when the snapshot has none). */
  readonly pod?: Pod;
  readonly node?: string;
}

/**
 * Client → (proxy Service: LB / node port) → proxy pod. Adds the client hop. `inferred`
 * says, on the entry hop, how the proxy Service was found when no status named it.
 */
export function reachProxy(
  ctx: TraceContext,
  proxySvc: Service | undefined,
  urlText: string,
  urlPort: number,
  entryIP: string | undefined,
  inferred?: string,
): ProxyArrival | undefined {
  const clientId = clientHop(ctx, `client ${ctx.packet.src}`, urlText);
  if (!proxySvc) {
    if (inferred) ctx.path.patch(clientId, { facts: { 'entry inferred': inferred } });
    return { pod: undefined, node: undefined };
  }
  const arrival = enterProxy(ctx, proxySvc, urlPort, entryIP);
  const entryId = `h${Number(clientId.slice(1)) + 1}`;
  if (inferred && ctx.path.lastId() !== clientId) {
    ctx.path.patch(entryId, {
      facts: { 'entry inferred': inferred, 'controller Service': `${proxySvc.key} (${proxySvc.type})` },
    });
  }
  return arrival;
}

/**
 * Client → a node's own address → the hostNetwork proxy pod listening there (ingress-nginx
 * "bare-metal considerations", via the host network): no kube-proxy, no SNAT, so the
 * proxy sees the client. Enters at the first such pod's node.
 */
export function reachHostNetworkProxy(
  ctx: TraceContext,
  pods: readonly Pod[],
  urlText: string,
  urlPort: number,
  inferred: string,
): ProxyArrival {
  clientHop(ctx, `client ${ctx.packet.src}`, urlText);
  const pod = pods[0]!;
  const node = pod.nodeName ?? '(node)';
  const nodeIP = ctx.model.nodes.get(node)?.internalIPs[0] ?? pod.hostIP ?? node;
  ctx.packet.dst = hostPort(nodeIP, urlPort);
  ctx.path.add({
    kind: 'node',
    label: `${node} port ${urlPort} (hostNetwork ${pod.key})`,
    node,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: `The client connects to ${node}'s address ${nodeIP} on port ${urlPort}, where the controller pod ${pod.key} listens in the node's network namespace; kube-proxy is not involved and the source stays the client.`,
    facts: {
      'entry inferred': inferred,
      'node IP': nodeIP,
      'controller pods on the host network': pods.map((p) => `${p.key}@${p.nodeName ?? '?'}`).join(', '),
    },
    refs: [
      { kind: 'Node', name: node },
      { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    ],
  });
  return { pod, node };
}

function enterProxy(
  ctx: TraceContext,
  proxySvc: Service,
  urlPort: number,
  entryIP: string | undefined,
): ProxyArrival | undefined {
  const port = pickServicePort(proxySvc, urlPort, ctx.protocol) ?? proxySvc.ports[0];
  if (!port) return { pod: selectedPods(ctx.model, proxySvc)[0] };
  const nodeIP = entryIP ? ctx.model.index.nodeByIP.get(entryIP) : undefined;
  const at: EntryPoint = nodeIP
    ? { kind: 'node-port', node: nodeIP.name, nodeIP: entryIP! }
    : proxySvc.type === 'LoadBalancer'
      ? { kind: 'lb', ip: entryIP }
      : firstNodePort(ctx);
  const entered = enterService(ctx, proxySvc, port, at);
  if (!entered) return undefined;
  const pod = entered.backend.pod;
  if (pod) {
    // The receiving node forwards to the proxy pod, possibly across the overlay.
    if (ctx.explicitSize === undefined)
      ctx.packet.size = Math.min(ctx.packet.size, podMTU(ctx.model, ctx.platform.cni, pod.nodeName).value);
    nodeHop(ctx, entered.node, `${podIP(pod)} (${pod.key})`, pod.nodeName);
    if (pod.nodeName) crossNode(ctx, entered.node, { node: pod.nodeName, podTarget: true, ip: podIP(pod) });
    if (
      ctx.path.stopped ||
      !policyHop(ctx, 'ingress', pod, { type: 'ip', ip: ctx.packet.src }, entered.backend.port)
    )
      return undefined;
  }
  return { pod, node: entered.backend.node ?? entered.node };
}

function firstNodePort(ctx: TraceContext): EntryPoint {
  const node = [...ctx.model.nodes.values()][0];
  return { kind: 'node-port', node: node?.name ?? '(node)', nodeIP: node?.internalIPs[0] ?? '(node IP)' };
}

export type BackendCheck =
  | {
      readonly ok: true;
      readonly svc: Service;
      readonly port: NonNullable<ReturnType<typeof pickServicePort>>;
    }
  | { readonly ok: false; readonly missing: 'service' | 'port'; readonly ports: readonly string[] };

/** The backend Service and port a route names, or what is missing. */
export function checkBackend(ctx: TraceContext, ref: BackendRef): BackendCheck {
  const svc = ctx.model.services.get(`${ref.namespace}/${ref.service}`);
  if (!svc) return { ok: false, missing: 'service', ports: [] };
  const port =
    typeof ref.port === 'string'
      ? svc.ports.find((p) => p.name === ref.port)
      : ref.port === undefined
        ? svc.ports[0]
        : svc.ports.find((p) => p.port === ref.port);
  if (!port)
    return {
      ok: false,
      missing: 'port',
      ports: svc.ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`),
    };
  return { ok: true, svc, port };
}

/** Proxy pod → backend Service → backend pod: a new connection whose source is the proxy pod. */
export function proxyToBackend(
  ctx: TraceContext,
  arrival: ProxyArrival,
  svc: Service,
  port: NonNullable<ReturnType<typeof pickServicePort>>,
): void {
  const vip = hostPort(svc.clusterIPs[0] ?? svc.key, port.port);
  if (arrival.pod) ctx.packet.src = podIP(arrival.pod);
  // The proxy opens a new connection: its packets are sized by the proxy pod's own MTU.
  if (arrival.pod && ctx.explicitSize === undefined)
    ctx.packet.size = podMTU(ctx.model, ctx.platform.cni, arrival.pod.nodeName).value;
  ctx.packet.dst = vip;
  const backend = serviceHop(ctx, svc, port, { node: arrival.node, external: false, vip });
  if (!backend?.pod) return;
  if (arrival.pod) toPod(ctx, { type: 'pod', pod: arrival.pod }, backend.pod, backend.port);
  else
    toPod(
      ctx,
      { type: 'node', node: arrival.node ?? backend.pod.nodeName ?? '', ip: ctx.packet.src },
      backend.pod,
      backend.port,
    );
}
