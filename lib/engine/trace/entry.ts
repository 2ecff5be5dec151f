// Entry from outside the cluster through a Service: the client, the load balancer
// (when the Service is one), the node port / node receiving it, the service
// translation under externalTrafficPolicy, the SNAT that Cluster implies, then the pod.

import type { Service, ServicePort } from '../../model/types';
import type { TraceContext } from './context';
import { hostPort } from './context';
import type { Backend } from './endpoints';
import { backendsOf } from './endpoints';
import { categorize } from './topology';
import { toPod } from './in-cluster';
import { loadBalancerHop } from './load-balancer';
import { masqueradeSource } from './transit';
import { serviceHop } from './service-hop';
import { underlayMTU } from '../platform/mtu';
import { cidrContains } from '../platform/net';
import { iptablesChains, nftablesChains } from '../platform/proxy-names';
import { keepsClientAddress } from '../platform/cni-cilium';

export type EntryPoint =
  | { readonly kind: 'lb'; readonly ip?: string }
  /** spec.externalIPs: the network routes the address to a node; kube-proxy treats it like an LB address. */
  | { readonly kind: 'external-ip'; readonly ip: string }
  | { readonly kind: 'node-port'; readonly node: string; readonly nodeIP: string };

export interface Entered {
  readonly backend: Backend;
  /** The node that received the packet and translated it. */
  readonly node: string;
}

/** Adds the `client` hop for an outside client. */
export function clientHop(ctx: TraceContext, label: string, target: string): string {
  return ctx.path.add({
    kind: 'client',
    label,
    src: ctx.packet.src,
    dst: target,
    explain: `The client ${ctx.packet.src} opens a ${ctx.protocol} connection to ${target}${ctx.request ? ` and sends ${ctx.request.method} ${target}` : ''}.`,
    facts: {
      'client IP': ctx.packet.src,
      ...(ctx.request
        ? { method: `${ctx.request.method}${ctx.request.methodAssumed ? ' (assumed)' : ''}` }
        : {}),
      ...(ctx.request?.headers.size
        ? { headers: [...ctx.request.headers].map(([k, v]) => `${k}: ${v}`).join('; ') }
        : {}),
    },
  });
}

/**
 * Outside → Service (LoadBalancer address or a node port) → the chosen backend, which
 * is handed back: the caller delivers to it, or (an ingress controller or gateway)
 * proxies from it.
 */
export function enterService(
  ctx: TraceContext,
  svc: Service,
  port: ServicePort,
  at: EntryPoint,
): Entered | undefined {
  const { model, path, packet, platform } = ctx;
  const backends = backendsOf(model, svc, port).backends;
  let node: string;
  let vip: string;
  let single = false;
  if (at.kind === 'lb') {
    const arrival = loadBalancerHop(ctx, svc, at.ip, backends);
    if (!arrival) return undefined;
    if (!sourceRangeAllows(ctx, path.lastId()!, svc, arrival.ip)) return undefined;
    node = arrival.node;
    single = arrival.single;
    vip = hostPort(arrival.ip, port.port);
  } else if (at.kind === 'external-ip') {
    node = externalIPNode(ctx, svc, backends);
    vip = hostPort(at.ip, port.port);
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
    label:
      at.kind === 'node-port'
        ? `node port ${port.nodePort ?? '?'} on ${node}`
        : at.kind === 'external-ip'
          ? `${node} receives ${vip} (externalIP)`
          : `${node} receives ${vip}`,
    node,
    mtu: under.value,
    src: packet.src,
    dst: vip,
    explain:
      at.kind === 'node-port'
        ? `The client connects to ${node}'s address ${nodeIP} on node port ${port.nodePort}; kube-proxy on ${node} matches it in KUBE-NODEPORTS.`
        : at.kind === 'external-ip'
          ? `The network routes ${at.ip}, an externalIP of ${svc.key}, to a node (Kubernetes does not announce externalIPs; this trace assumes ${node}). kube-proxy on every node matches ${vip} in KUBE-SERVICES and sends it through the Service's external chain (KUBE-EXT), exactly like a load-balancer address.`
          : `${node} receives the packet for ${vip}; kube-proxy on ${node} matches the load-balancer address.`,
    facts: {
      'node IP': nodeIP,
      ...(port.nodePort ? { nodePort: String(port.nodePort) } : {}),
      externalTrafficPolicy: svc.externalTrafficPolicy,
      ...(at.kind === 'external-ip'
        ? {
            externalIP: at.ip,
            'receiving node': `${node} (assumed: the route to an externalIP is outside the cluster)`,
          }
        : {}),
    },
    refs: [
      { kind: 'Service', namespace: svc.namespace, name: svc.name },
      { kind: 'Node', name: node },
    ],
  });
  if (
    port.nodePort !== undefined &&
    (svc.type === 'NodePort' || at.kind === 'node-port' || platform.lbProvider.kind === 'cloud')
  ) {
    path.raise(
      npId,
      'NODEPORT_EXPOSED',
      {
        service: svc.key,
        type: svc.type,
        nodePort: port.nodePort,
        nodes: model.nodes.size,
        sampleNodeIP: nodeIP,
      },
      [
        {
          kind: 'Service',
          namespace: svc.namespace,
          name: svc.name,
          field: 'spec.ports[].nodePort',
          value: String(port.nodePort),
        },
        { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.type', value: svc.type },
      ],
    );
  }
  const ready = backends.filter((b) => b.ready);
  // Local policy: ready local endpoints, else serving+terminating local ones (pkg/proxy/topology.go).
  if (
    svc.externalTrafficPolicy === 'Local' &&
    ready.length > 0 &&
    categorize(model, backends, node, true).usable.length === 0
  ) {
    const endpointNodes = [...new Set(ready.map((b) => b.node ?? '?'))].sort();
    path.raise(
      npId,
      'ETP_LOCAL_NO_LOCAL_ENDPOINT',
      {
        service: svc.key,
        node,
        nodeIP,
        endpointNodes,
        nodeCount: model.nodes.size,
        healthCheckNodePort: svc.healthCheckNodePort,
      },
      [
        {
          kind: 'Service',
          namespace: svc.namespace,
          name: svc.name,
          field: 'spec.externalTrafficPolicy',
          value: 'Local',
        },
        {
          kind: 'EndpointSlice',
          namespace: svc.namespace,
          name: svc.name,
          field: 'endpoints[].nodeName',
          value: endpointNodes.join(','),
        },
      ],
    );
    path.drop(npId, true);
    return undefined;
  }
  if (svc.externalTrafficPolicy === 'Local') unevenSpread(ctx, npId, svc, ready, single ? node : undefined);
  const backend = serviceHop(ctx, svc, port, { node, external: true, vip });
  if (!backend) return undefined;
  const kept = platform.cni.externalClientKept;
  if (svc.externalTrafficPolicy === 'Cluster' && kept) {
    // Calico eBPF: the ingress node's BPF program sends the packet to the backend's node
    // with the client address intact (bpfExternalServiceMode Tunnel: the reply returns
    // through the ingress node; DSR: the backend's node replies directly).
    path.patch(npId, {
      facts: {
        'client address': `kept (${platform.cni.name} eBPF, bpfExternalServiceMode ${kept.mode})`,
        'reply path':
          kept.mode === 'DSR'
            ? `direct from ${backend.node ?? "the backend's node"} (DSR)`
            : `back through ${node} (Tunnel)`,
      },
      explain: `${node} receives the packet for ${vip}; the ${platform.cni.name} eBPF program there picks the endpoint and forwards to ${backend.node ?? "the backend's node"} without SNAT, so the backend sees the client ${packet.src}${kept.mode === 'DSR' ? ' and replies directly (DSR)' : ' and the reply returns through ' + node}.`,
    });
  } else if (svc.externalTrafficPolicy === 'Cluster' && !keepsClientAddress(platform.cni, ctx.protocol)) {
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
      facts: {
        'src before': before,
        'src after': masq.ip,
        ...(masq.device ? { 'outgoing device': masq.device } : {}),
      },
    });
    path.raise(
      id,
      'CLIENT_IP_LOST_ETP_CLUSTER',
      { service: svc.key, node, nodeIP: masq.ip, clientIP: before, device: masq.device },
      [
        {
          kind: 'Service',
          namespace: svc.namespace,
          name: svc.name,
          field: 'spec.externalTrafficPolicy',
          value: 'Cluster',
        },
        ...(masq.evidence ? [masq.evidence] : []),
      ],
    );
  }
  return { backend, node };
}

/** The node an externalIP arrives at: a node with a ready endpoint under eTP Local, else the first ready node. */
function externalIPNode(ctx: TraceContext, svc: Service, backends: readonly Backend[]): string {
  const nodes = [...ctx.model.nodes.values()].filter((n) => n.ready).map((n) => n.name);
  const withEndpoint = backends.find((b) => b.ready && b.node)?.node;
  return (
    (svc.externalTrafficPolicy === 'Local' ? withEndpoint : undefined) ?? nodes[0] ?? withEndpoint ?? '(node)'
  );
}

/**
 * spec.loadBalancerSourceRanges on the LB address: kube-proxy's firewall chain (iptables
 * KUBE-FW-*, nftables firewall-*, the IPVS KUBE-LOAD-BALANCER-SOURCE-CIDR set) lets listed
 * sources on to the external chain and drops the rest; a cloud LB filters as well. Node
 * ports are not filtered (pkg/proxy/nftables/proxier.go: "nodeports are not subject to
 * loadBalancerSourceRanges").
 */
function sourceRangeAllows(ctx: TraceContext, hopId: string, svc: Service, lbIP: string): boolean {
  const ranges = svc.loadBalancerSourceRanges ?? [];
  if (ranges.length === 0) return true;
  const client = ctx.packet.src;
  const inside = ranges.some((r) => cidrContains(r, client));
  ctx.path.patch(hopId, {
    facts: {
      loadBalancerSourceRanges: `${ranges.join(', ')} (client ${client} ${inside ? 'inside' : 'outside'})`,
    },
  });
  if (inside) return true;
  const kp = ctx.platform.kubeProxy;
  const sp = svc.ports[0];
  const id = {
    namespace: svc.namespace,
    name: svc.name,
    portName: sp?.name,
    protocol: sp?.protocol ?? 'TCP',
  };
  const chain =
    kp.mode === 'iptables'
      ? iptablesChains(id).fw
      : kp.mode === 'nftables'
        ? nftablesChains(id).firewall
        : kp.mode === 'ipvs'
          ? 'KUBE-SOURCE-RANGES-FIREWALL'
          : 'eBPF source-range check';
  // iptables: KUBE-FW-* sends listed sources on to KUBE-EXT-*; the rest stay un-DNATed and
  // the filter table's KUBE-PROXY-FIREWALL drops them ("… traffic not accepted by KUBE-FW-…").
  const proxyWords =
    kp.mode === 'ebpf'
      ? `the eBPF load balancer's source-range check`
      : kp.mode === 'iptables'
        ? `kube-proxy (${chain} lets only the listed ranges on, KUBE-PROXY-FIREWALL drops the rest)`
        : kp.mode === 'ipvs'
          ? `kube-proxy's ${chain} chain (ipset KUBE-LOAD-BALANCER-SOURCE-CIDR, then DROP)`
          : `kube-proxy's firewall chain ${chain}`;
  const enforcer =
    ctx.platform.lbProvider.kind === 'cloud'
      ? `the ${ctx.platform.lbProvider.cloud} load balancer (and ${proxyWords} on the node)`
      : proxyWords;
  const dataPlane =
    kp.mode === 'iptables'
      ? [
          `iptables -t nat -S ${chain}   # -s RANGE -j KUBE-EXT-…`,
          `iptables -t filter -S KUBE-PROXY-FIREWALL | grep -F 'not accepted by ${chain}'`,
        ]
      : kp.mode === 'nftables'
        ? [`nft list chain ip kube-proxy ${chain}   # ip saddr != { … } drop`]
        : kp.mode === 'ipvs'
          ? ['ipset list KUBE-LOAD-BALANCER-SOURCE-CIDR', `iptables -t filter -S ${chain}`]
          : [];
  ctx.path.raise(
    hopId,
    'LB_SOURCE_RANGE_DENIED',
    { service: svc.key, clientIP: client, ranges, lbIP, enforcer, dataPlane },
    [
      {
        kind: 'Service',
        namespace: svc.namespace,
        name: svc.name,
        field: 'spec.loadBalancerSourceRanges',
        value: ranges.join(','),
      },
    ],
  );
  ctx.path.drop(hopId, true);
  return false;
}

/**
 * externalTrafficPolicy: Local balances per node (each node that passes the health check
 * gets an equal share, then splits it among its own endpoints), so different endpoint
 * counts per node mean different load per pod. `onlyNode`: MetalLB L2's single node.
 */
function unevenSpread(
  ctx: TraceContext,
  hopId: string,
  svc: Service,
  ready: readonly Backend[],
  onlyNode: string | undefined,
): void {
  const perNode = new Map<string, number>();
  for (const b of ready) if (b.node) perNode.set(b.node, (perNode.get(b.node) ?? 0) + 1);
  const nodes = [...perNode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, endpoints]) => ({ node, endpoints }));
  ctx.path.patch(hopId, {
    facts: { 'local endpoints': nodes.map((n) => `${n.node} ${n.endpoints}`).join(', ') || '(none)' },
  });
  // With MetalLB L2 one node receives everything: there is no spread between nodes to be uneven.
  if (onlyNode || new Set(nodes.map((n) => n.endpoints)).size <= 1) return;
  ctx.path.raise(hopId, 'ETP_LOCAL_UNEVEN_SPREAD', { service: svc.key, nodes }, [
    {
      kind: 'Service',
      namespace: svc.namespace,
      name: svc.name,
      field: 'spec.externalTrafficPolicy',
      value: 'Local',
    },
    {
      kind: 'EndpointSlice',
      namespace: svc.namespace,
      name: svc.name,
      field: 'endpoints[].nodeName',
      value: nodes.map((n) => `${n.node}×${n.endpoints}`).join(','),
    },
  ]);
}

/** Outside → Service → backend pod, following the backend to delivery. */
export function enterAndDeliver(ctx: TraceContext, svc: Service, port: ServicePort, at: EntryPoint): void {
  const entered = enterService(ctx, svc, port, at);
  if (entered?.backend.pod)
    toPod(
      ctx,
      { type: 'node', node: entered.node, ip: ctx.packet.src },
      entered.backend.pod,
      entered.backend.port,
    );
}
