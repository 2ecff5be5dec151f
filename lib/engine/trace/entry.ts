// Entry from outside the cluster through a Service: the client, the load balancer
// (when the Service is one), the node port / node receiving it, the service
// translation under externalTrafficPolicy, the SNAT that Cluster implies, then the pod.

import type { Service, ServicePort } from '../../model/types';
import type { TraceContext } from './context';
import { hostPort } from './context';
import type { Backend } from './endpoints';
import { backendsOf } from './endpoints';
import { toPod } from './in-cluster';
import { loadBalancerHop } from './load-balancer';
import { masqueradeSource } from './transit';
import { serviceHop } from './service-hop';
import { underlayMTU } from '../platform/mtu';
import { keepsClientAddress } from '../platform/cni-cilium';

export type EntryPoint =
  | { readonly kind: 'lb'; readonly ip?: string }
  | { readonly kind: 'node-port'; readonly node: string; readonly nodeIP: string };

export interface Entered {
  readonly backend: Backend;
  /** The node that received the packet and translated it. */
  readonly node: string;
}

/** Adds the `client` hop for an outside client. */
export function clientHop(ctx: TraceContext, label: string, target: string): void {
  ctx.path.add({
    kind: 'client',
    label,
    src: ctx.packet.src,
    dst: target,
    explain: `The client ${ctx.packet.src} opens a ${ctx.protocol} connection to ${target}${ctx.request ? ` and sends ${ctx.request.method} ${target}` : ''}.`,
    facts: {
      'client IP': ctx.packet.src,
      ...(ctx.request ? { method: `${ctx.request.method}${ctx.request.methodAssumed ? ' (assumed)' : ''}` } : {}),
      ...(ctx.request?.headers.size ? { headers: [...ctx.request.headers].map(([k, v]) => `${k}: ${v}`).join('; ') } : {}),
    },
  });
}

/**
 * Outside → Service (LoadBalancer address or a node port) → the chosen backend, which
 * is handed back: the caller delivers to it, or (an ingress controller or gateway)
 * proxies from it.
 */
export function enterService(ctx: TraceContext, svc: Service, port: ServicePort, at: EntryPoint): Entered | undefined {
  const { model, path, packet, platform } = ctx;
  const backends = backendsOf(model, svc, port).backends;
  let node: string;
  let vip: string;
  let single = false;
  if (at.kind === 'lb') {
    const arrival = loadBalancerHop(ctx, svc, at.ip, backends);
    if (!arrival) return undefined;
    node = arrival.node;
    single = arrival.single;
    vip = hostPort(arrival.ip, port.port);
  } else {
    node = at.node;
    vip = hostPort(at.nodeIP, port.nodePort);
  }
  packet.dst = vip;
  const info = model.nodes.get(node);
  const nodeIP = info?.internalIPs[0] ?? node;
  const under = underlayMTU(model, node);
  const npId = path.add({
    kind: 'node-port',
    label: at.kind === 'node-port' ? `node port ${port.nodePort ?? '?'} on ${node}` : `${node} receives ${vip}`,
    node,
    mtu: under.value,
    src: packet.src,
    dst: vip,
    explain:
      at.kind === 'node-port'
        ? `The client connects to ${node}'s address ${nodeIP} on node port ${port.nodePort}; kube-proxy on ${node} matches it in KUBE-NODEPORTS.`
        : `${node} receives the packet for ${vip}; kube-proxy on ${node} matches the load-balancer address.`,
    facts: { 'node IP': nodeIP, ...(port.nodePort ? { nodePort: String(port.nodePort) } : {}), externalTrafficPolicy: svc.externalTrafficPolicy },
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }, { kind: 'Node', name: node }],
  });
  if (port.nodePort !== undefined && (svc.type === 'NodePort' || at.kind === 'node-port' || platform.lbProvider.kind === 'cloud')) {
    path.raise(npId, 'NODEPORT_EXPOSED', { service: svc.key, type: svc.type, nodePort: port.nodePort, nodes: model.nodes.size, sampleNodeIP: nodeIP }, [
      { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.ports[].nodePort', value: String(port.nodePort) },
      { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.type', value: svc.type },
    ]);
  }
  const ready = backends.filter((b) => b.ready);
  if (svc.externalTrafficPolicy === 'Local' && ready.length > 0 && !ready.some((b) => b.node === node)) {
    const endpointNodes = [...new Set(ready.map((b) => b.node ?? '?'))].sort();
    path.raise(npId, 'ETP_LOCAL_NO_LOCAL_ENDPOINT', { service: svc.key, node, nodeIP, endpointNodes, nodeCount: model.nodes.size, healthCheckNodePort: svc.healthCheckNodePort }, [
      { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.externalTrafficPolicy', value: 'Local' },
      { kind: 'EndpointSlice', namespace: svc.namespace, name: svc.name, field: 'endpoints[].nodeName', value: endpointNodes.join(',') },
    ]);
    path.drop(npId, true);
    return undefined;
  }
  if (svc.externalTrafficPolicy === 'Local') unevenSpread(ctx, npId, svc, ready, single ? node : undefined);
  const backend = serviceHop(ctx, svc, port, { node, external: true, vip });
  if (!backend) return undefined;
  if (svc.externalTrafficPolicy === 'Cluster' && !keepsClientAddress(platform.cni, ctx.protocol)) {
    const before = packet.src;
    // MASQUERADE takes the address of the device the packet leaves by: across an
    // encapsulating overlay that is the node's tunnel address, not its InternalIP.
    const masq = masqueradeSource(ctx, node, backend.node);
    packet.src = masq.ip;
    const id = path.add({
      kind: 'snat',
      label: `SNAT to ${masq.ip}${masq.device ? ` (${masq.device})` : ''}`,
      node,
      src: packet.src,
      dst: packet.dst,
      explain: `externalTrafficPolicy: Cluster: kube-proxy marks the packet and ${node} masquerades the client ${before} to ${masq.device ? `the address of ${masq.device}, the device the packet leaves by (${masq.ip})` : `its own address ${masq.ip}`}, so the reply comes back through it.`,
      facts: { 'src before': before, 'src after': masq.ip, ...(masq.device ? { 'outgoing device': masq.device } : {}) },
    });
    path.raise(id, 'CLIENT_IP_LOST_ETP_CLUSTER', { service: svc.key, node, nodeIP: masq.ip, clientIP: before, device: masq.device }, [
      { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.externalTrafficPolicy', value: 'Cluster' },
      ...(masq.evidence ? [masq.evidence] : []),
    ]);
  }
  return { backend, node };
}

/**
 * externalTrafficPolicy: Local balances per node (each node that passes the health check
 * gets an equal share, then splits it among its own endpoints), so different endpoint
 * counts per node mean different load per pod. `onlyNode`: MetalLB L2's single node.
 */
function unevenSpread(ctx: TraceContext, hopId: string, svc: Service, ready: readonly Backend[], onlyNode: string | undefined): void {
  const perNode = new Map<string, number>();
  for (const b of ready) if (b.node) perNode.set(b.node, (perNode.get(b.node) ?? 0) + 1);
  const nodes = [...perNode].sort(([a], [b]) => a.localeCompare(b)).map(([node, endpoints]) => ({ node, endpoints }));
  ctx.path.patch(hopId, { facts: { 'local endpoints': nodes.map((n) => `${n.node} ${n.endpoints}`).join(', ') || '(none)' } });
  // With MetalLB L2 one node receives everything: there is no spread between nodes to be uneven.
  if (onlyNode || new Set(nodes.map((n) => n.endpoints)).size <= 1) return;
  ctx.path.raise(hopId, 'ETP_LOCAL_UNEVEN_SPREAD', { service: svc.key, nodes }, [
    { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.externalTrafficPolicy', value: 'Local' },
    { kind: 'EndpointSlice', namespace: svc.namespace, name: svc.name, field: 'endpoints[].nodeName', value: nodes.map((n) => `${n.node}×${n.endpoints}`).join(',') },
  ]);
}

/** Outside → Service → backend pod, following the backend to delivery. */
export function enterAndDeliver(ctx: TraceContext, svc: Service, port: ServicePort, at: EntryPoint): void {
  const entered = enterService(ctx, svc, port, at);
  if (entered?.backend.pod) toPod(ctx, { type: 'node', node: entered.node, ip: ctx.packet.src }, entered.backend.pod, entered.backend.port);
}
