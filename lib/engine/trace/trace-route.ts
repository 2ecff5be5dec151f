// `traceRoute`: resolve both endpoints, pick the path type, run its legs, and freeze
// the result (verdict, hops, findings, summary). Only objects on the path are touched:
// every lookup goes through ModelIndex or the per-model derived index.

import type { ClusterModel, NodeInfo, Pod, Service } from '../../model/types';
import type { TraceQuery, TraceResult } from '../types';
import { severityRank } from '../findings/catalogue';
import { detectPlatform } from '../platform';
import { UNKNOWN_CNI } from '../platform/detect-cni';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { derivedIndex } from './derived-index';
import { parseEndpoint } from './endpoint';
import { traceReplicas, workloadEnd } from './workload-trace';
import type { TraceOptions } from './workload-trace';
import type { ParsedEndpoint } from './endpoint';
import { clientHop, enterAndDeliver } from './entry';
import { toExternal } from './egress';
import { EndpointError } from './errors';
import { traceGateway } from './gateway-route';
import { defaultPort, toNode, toPod } from './in-cluster';
import type { Source } from './in-cluster';
import { podToNodePort, podToServiceIP } from './nodeport-from-pod';
import { nodeLocalFor, toNodeLocalDns } from './nodelocal-leg';
import { externalNameHop, headlessHop, inClusterTarget, toExternalName } from './service-kinds';
import { traceIngress } from './ingress-route';
import { servesHostlessIngress } from './l7-entry';
import { PathBuilder } from './path';
import { podIP, sourcePodHops } from './pod-legs';
import type { ResolvedEndpoint } from './resolve';
import { resolveEndpoint } from './resolve';
import { pickServicePort, serviceHop } from './service-hop';
import { summarize, traceVerdict } from './summary';
import { httpRequest } from './route-match';
import { underlayMTU } from '../platform/mtu';
import { ipBlockRule } from '../policy/ipblock-rule';
import { hostNetworkSourceHop } from './pod-legs';
import { noteHairpinBranch, traceHairpin } from './hairpin';
import { familyView } from '../platform/family';
import { chooseFamily } from './family';
import { ipFamily } from '../net/ip';

/** Documentation address (RFC 5737) used as the client when a URL is traced from a pod-less source. */
const DEFAULT_CLIENT = '203.0.113.10';

/**
 * Traces `query.from` → `query.to` through `model`: hops in packet order with every
 * finding on the way. When one end names a workload (`deploy:NS/NAME`, ...), every ready
 * replica is traced and the result adds `replicas` (see ./workload-trace.ts). Deterministic.
 * Throws EndpointError when an endpoint does not parse or names nothing.
 */
export function traceRoute(base: ClusterModel, query: TraceQuery, options: TraceOptions = {}): TraceResult {
  const end = workloadEnd(query);
  return end ? traceReplicas(base, query, end, tracePair, options) : tracePair(base, query);
}

/** Pods that stand for an end of the query (one replica of a workload endpoint). */
export interface PinnedEnds {
  readonly from?: Pod;
  readonly to?: Pod;
}

function pinnedEnd(pod: Pod): ParsedEndpoint {
  return { type: 'pod', namespace: pod.namespace, name: pod.name };
}

/**
 * Traces `query.from` → `query.to` through `model` and returns hops in packet order with
 * every finding on the way; an end in `pinned` is that pod instead of what the query
 * names. Deterministic: the same model and query give the same result. Throws
 * EndpointError when an endpoint does not parse or names nothing.
 */
export function tracePair(base: ClusterModel, query: TraceQuery, pinned: PinnedEnds = {}): TraceResult {
  const parsedFrom = pinned.from ? pinnedEnd(pinned.from) : parseEndpoint(query.from);
  const parsedTo = pinned.to ? pinnedEnd(pinned.to) : parseEndpoint(query.to);
  // Dual-stack: trace the data plane of one family (see ./family.ts).
  const family = chooseFamily(base, parsedFrom, parsedTo);
  const model = familyView(base, family.family);
  // The family view holds its own copies of the pods: look the pinned one up there.
  const pinnedPod = (p: Pod): ResolvedEndpoint => ({ type: 'pod', pod: model.pods.get(p.key) ?? p });
  const from = pinned.from ? pinnedPod(pinned.from) : resolveEndpoint(model, parsedFrom, query.from);
  const to = pinned.to ? pinnedPod(pinned.to) : resolveEndpoint(model, parsedTo, query.to);
  const platform = detectPlatform(model);
  const ctx: TraceContext = {
    model,
    platform,
    derived: derivedIndex(model),
    path: new PathBuilder(),
    protocol: query.protocol ?? 'TCP',
    port: query.port,
    explicitSize: query.size,
    packet: { src: sourceAddress(from), dst: '', size: query.size ?? 1500 },
    family: family.family,
    assumedNoted: new Set(),
    ipBlock: ipBlockRule(platform.cni, query.ipblockPods),
  };
  route(ctx, from, to, query);
  if (family.reason && ctx.path.lastId()) {
    // The IP header is 20 B for IPv4 (RFC 791) and 40 B for IPv6 (RFC 8200): the same MTU
    // carries 20 B less TCP payload over IPv6 (MSS = MTU − 40 − 20 TCP).
    const header = family.family === 'IPv6' ? 40 : 20;
    ctx.path.patch('h1', {
      facts: {
        'address family': `${family.family} (${family.reason})`,
        'IP header': `${header} B: a TCP segment carries MTU − ${header + 20} B`,
      },
    });
  }
  if (platform.cni === UNKNOWN_CNI && ctx.path.lastId()) {
    ctx.path.raise('h1', 'CNI_ASSUMED', {}, [
      { kind: 'Snapshot', name: model.meta.title, field: 'objects', value: 'no CNI object found' },
    ]);
  }
  const hops = ctx.path.hops();
  const findings = [...ctx.path.findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      Number((a.hop ?? 'h0').slice(1)) - Number((b.hop ?? 'h0').slice(1)),
  );
  const verdict = traceVerdict(hops, findings);
  return {
    verdict,
    hops,
    findings,
    summary: summarize(verdict, hops, findings, ctx.path.causes, ctx.path.findingCauses),
    query,
  };
}

function sourceAddress(e: ResolvedEndpoint): string {
  switch (e.type) {
    case 'pod':
      return podIP(e.pod);
    case 'node':
      return e.node.internalIPs[0] ?? e.node.name;
    case 'external':
      return e.ip;
    default:
      return DEFAULT_CLIENT;
  }
}

function route(ctx: TraceContext, from: ResolvedEndpoint, to: ResolvedEndpoint, query: TraceQuery): void {
  if (from.type === 'service' || from.type === 'service-ip' || from.type === 'url') {
    throw new EndpointError(
      `${query.from} cannot be a source: trace from a pod, a node or an ip: address`,
      query.from,
    );
  }
  // A host-network pod sends as its node does: one hop for the pod, then node traffic.
  if (
    from.type === 'pod' &&
    from.pod.hostNetwork &&
    from.pod.nodeName &&
    ctx.model.nodes.has(from.pod.nodeName)
  ) {
    const node = ctx.model.nodes.get(from.pod.nodeName)!;
    ctx.packet.src = node.internalIPs[0] ?? ctx.packet.src;
    hostNetworkSourceHop(ctx, from.pod);
    return route(ctx, { type: 'node', node }, to, query);
  }
  const family = ctx.family ?? 'IPv4';
  if (
    from.type === 'pod' &&
    !from.pod.hostNetwork &&
    from.pod.ips.length > 0 &&
    !from.pod.ips.some((ip) => ipFamily(ip) === family)
  ) {
    // A single-stack pod has no address (and no route) of the other family: connect() fails.
    sourcePodHops(ctx, from.pod);
    return noRoute(
      ctx,
      podIP(from.pod),
      query.to,
      `${from.pod.key} has no ${family} address (status.podIPs: ${from.pod.ips.join(', ')}), so it has no ${family} route either: the pod network is single-stack. Enable dual-stack in the CNI's IP pools (and the cluster's pod/service CIDRs) or connect over ${ipFamily(from.pod.ips[0]!) ?? 'IPv4'}`,
    );
  }
  if (
    to.type === 'pod' &&
    !to.pod.hostNetwork &&
    to.pod.ips.length > 0 &&
    !to.pod.ips.some((ip) => ipFamily(ip) === family)
  ) {
    if (from.type === 'pod') sourcePodHops(ctx, from.pod);
    return noRoute(
      ctx,
      ctx.packet.src,
      to.pod.key,
      `${to.pod.key} has no ${family} address (status.podIPs: ${to.pod.ips.join(', ')}): nothing in the cluster routes ${family} to it`,
    );
  }
  switch (to.type) {
    case 'pod':
      return toPodTarget(ctx, from, to.pod);
    case 'service':
      return toServiceTarget(ctx, from, to.service);
    case 'service-ip':
      return toServiceAddress(ctx, from, to.service, to.ip, query.port);
    case 'node':
      return toNodeTarget(ctx, from, to.node);
    case 'external':
      return toExternalTarget(ctx, from, to.ip, query);
    case 'url':
      return toUrl(ctx, from, to, query);
  }
}

type Sender = Extract<ResolvedEndpoint, { type: 'pod' | 'node' | 'external' }>;

function toPodTarget(ctx: TraceContext, from: Sender, dst: Pod): void {
  const port = ctx.port ?? defaultPort(ctx, dst);
  ctx.packet.dst = hostPort(podIP(dst), port);
  if (from.type === 'pod') {
    sourcePodHops(ctx, from.pod);
    toPod(ctx, { type: 'pod', pod: from.pod }, dst, port);
  } else if (from.type === 'node') {
    startAtNode(ctx, from.node);
    toPod(ctx, { type: 'node', node: from.node.name, ip: ctx.packet.src }, dst, port);
  } else {
    clientHop(ctx, `client ${from.ip}`, ctx.packet.dst);
    noRoute(
      ctx,
      from.ip,
      podIP(dst),
      `pod IPs are not routed outside the cluster (${ctx.platform.cni.name} ${ctx.platform.cni.overlay === 'none' ? 'routes them only between nodes' : 'keeps them inside the overlay'}); expose the pod through a Service of type LoadBalancer or NodePort, an Ingress or a Gateway`,
    );
  }
}

function toServiceTarget(ctx: TraceContext, from: Sender, svc: Service): void {
  const port = pickServicePort(svc, ctx.port, ctx.protocol);
  const vip = hostPort(svc.clusterIPs[0] ?? '(headless)', port?.port ?? ctx.port);
  ctx.packet.dst = vip;
  if (from.type === 'external') {
    clientHop(ctx, `client ${from.ip}`, vip);
    return noRoute(
      ctx,
      from.ip,
      svc.clusterIPs[0] ?? svc.key,
      'a ClusterIP answers only inside the cluster; reach the Service through its LoadBalancer address, a node port, an Ingress or a Gateway',
    );
  }
  if (svc.type === 'ExternalName' || svc.headless || svc.clusterIPs.length === 0)
    return toUntranslatedService(ctx, from, svc);
  if (!port)
    throw new EndpointError(
      `service ${svc.key} has no port ${ctx.port ?? ''}${ctx.port ? '' : '(it declares no ports)'}; ports: ${svc.ports.map((p) => p.port).join(', ')}`,
      `svc:${svc.key}`,
    );
  const cache =
    from.type === 'pod' && svc.clusterIPs[0]
      ? nodeLocalFor(ctx, from.pod, svc.clusterIPs[0], port.port)
      : undefined;
  if (cache && from.type === 'pod')
    return toNodeLocalDns(ctx, from.pod, cache, svc.clusterIPs[0]!, port.port);
  const node = from.type === 'pod' ? from.pod.nodeName : from.node.name;
  const ebpf = ctx.platform.kubeProxy.mode === 'ebpf';
  let backend;
  if (from.type === 'pod') {
    // eBPF socket-LB translates at connect(), before the packet exists; kube-proxy does it on the host.
    if (ebpf) backend = serviceHop(ctx, svc, port, { node, external: false, vip });
    if (!ebpf || backend) sourcePodHops(ctx, from.pod);
    if (!ebpf) backend = serviceHop(ctx, svc, port, { node, external: false, vip });
    if (backend?.pod && backend.pod.key === from.pod.key)
      return traceHairpin(ctx, from.pod, svc, backend.port);
    const svcHop = backend ? findServiceHop(ctx) : undefined;
    if (svcHop) noteHairpinBranch(ctx, svcHop, from.pod);
    if (backend?.pod) toPod(ctx, { type: 'pod', pod: from.pod }, backend.pod, backend.port);
  } else {
    startAtNode(ctx, from.node);
    backend = serviceHop(ctx, svc, port, { node, external: false, vip });
    if (backend?.pod)
      toPod(ctx, { type: 'node', node: from.node.name, ip: ctx.packet.src }, backend.pod, backend.port);
  }
}

/** ExternalName and headless Services: DNS decides the destination, kube-proxy is not involved. */
function toUntranslatedService(
  ctx: TraceContext,
  from: Extract<Sender, { type: 'pod' | 'node' }>,
  svc: Service,
): void {
  const node = from.type === 'pod' ? from.pod.nodeName : from.node.name;
  const src: Source =
    from.type === 'pod'
      ? { type: 'pod', pod: from.pod }
      : { type: 'node', node: from.node.name, ip: ctx.packet.src };
  const start = () => (from.type === 'pod' ? sourcePodHops(ctx, from.pod) : startAtNode(ctx, from.node));
  if (svc.type === 'ExternalName') {
    externalNameHop(ctx, svc, node);
    const inside = svc.externalName ? inClusterTarget(ctx, svc.externalName) : undefined;
    if (inside && inside !== svc) return toServiceTarget(ctx, from, inside);
    start();
    return toExternalName(ctx, src, svc.externalName ?? svc.key, ctx.port ?? svc.ports[0]?.port);
  }
  const port = ctx.port ?? svc.ports.find((p) => p.protocol === ctx.protocol)?.port ?? svc.ports[0]?.port;
  const { chosen } = headlessHop(ctx, svc, node, port);
  if (!chosen) return;
  start();
  if (chosen.pod) toPod(ctx, src, chosen.pod, port ?? chosen.port);
}

function toServiceAddress(
  ctx: TraceContext,
  from: Sender,
  svc: Service,
  ip: string,
  port: number | undefined,
): void {
  if (from.type === 'pod' && !svc.clusterIPs.includes(ip)) {
    const psp = pickServicePort(svc, port, ctx.protocol);
    if (!psp) throw new EndpointError(`service ${svc.key} has no port ${port ?? ''} at ${ip}`, `ip:${ip}`);
    return podToServiceIP(ctx, from.pod, svc, psp, ip);
  }
  if (from.type !== 'external') return toServiceTarget(ctx, from, svc);
  const sp = pickServicePort(svc, port, ctx.protocol);
  if (!sp) throw new EndpointError(`service ${svc.key} has no port ${port ?? ''} at ${ip}`, `ip:${ip}`);
  ctx.packet.dst = hostPort(ip, sp.port);
  clientHop(ctx, `client ${from.ip}`, ctx.packet.dst);
  const isExternalIP =
    svc.externalIPs.includes(ip) &&
    !svc.loadBalancerIngress.some((i) => i.ip === ip) &&
    svc.loadBalancerIP !== ip;
  enterAndDeliver(ctx, svc, sp, isExternalIP ? { kind: 'external-ip', ip } : { kind: 'lb', ip });
}

function toNodeTarget(ctx: TraceContext, from: Sender, node: NodeInfo): void {
  ctx.packet.dst = hostPort(node.internalIPs[0] ?? node.name, ctx.port);
  if (from.type === 'pod') {
    const np = ctx.port !== undefined ? ctx.derived.servicesByNodePort.get(ctx.port) : undefined;
    const npPort = np?.ports.find((p) => p.nodePort === ctx.port);
    if (np && npPort) return podToNodePort(ctx, from.pod, node, np, npPort);
    sourcePodHops(ctx, from.pod);
    return toNode(ctx, { type: 'pod', pod: from.pod }, node, ctx.port);
  }
  if (from.type === 'node') {
    startAtNode(ctx, from.node);
    return toNode(ctx, { type: 'node', node: from.node.name, ip: ctx.packet.src }, node, ctx.port);
  }
  clientHop(ctx, `client ${from.ip}`, ctx.packet.dst);
  const port = ctx.port;
  const svc = port !== undefined ? ctx.derived.servicesByNodePort.get(port) : undefined;
  const sp = svc?.ports.find((p) => p.nodePort === port);
  if (svc && sp)
    return enterAndDeliver(ctx, svc, sp, {
      kind: 'node-port',
      node: node.name,
      nodeIP: node.internalIPs[0] ?? node.name,
    });
  toNode(ctx, { type: 'node', node: node.name, ip: ctx.packet.src }, node, port);
}

function toExternalTarget(ctx: TraceContext, from: Sender, ip: string, query: TraceQuery): void {
  ctx.packet.dst = hostPort(ip, ctx.port);
  if (from.type === 'external')
    throw new EndpointError(`neither ${query.from} nor ${query.to} is in the cluster`, query.to);
  if (from.type === 'pod') {
    const cache = nodeLocalFor(ctx, from.pod, ip, ctx.port);
    if (cache) return toNodeLocalDns(ctx, from.pod, cache, ip, ctx.port!);
    sourcePodHops(ctx, from.pod);
    return toExternal(ctx, { type: 'pod', pod: from.pod }, ip, ctx.port);
  }
  startAtNode(ctx, from.node);
  toExternal(ctx, { type: 'node', node: from.node.name, ip: ctx.packet.src }, ip, ctx.port);
}

function toUrl(
  ctx: TraceContext,
  from: Sender,
  url: Extract<ResolvedEndpoint, { type: 'url' }>,
  query: TraceQuery,
): void {
  const parts = {
    scheme: url.scheme,
    host: url.host,
    port: url.port,
    path: url.path,
    text: `${url.scheme}://${url.host}${(url.scheme === 'https' ? url.port !== 443 : url.port !== 80) ? `:${url.port}` : ''}${url.path}${url.query ? `?${url.query}` : ''}`,
  };
  ctx.request = httpRequest(url.path, url.query, query.method, query.headers);
  ctx.packet.dst = hostPort(url.host, url.port);
  if (from.type === 'pod' && ctx.explicitSize === undefined) ctx.packet.size = 1500;
  const ip = /^[\d.]+$|:/.test(url.host) ? url.host : undefined;
  // An address names its entry point directly; a host name goes to the Ingress or Gateway serving it.
  if (ip) {
    const svc = ctx.model.index.serviceByIP.get(ip);
    // A pod or node calling a ClusterIP URL takes the in-cluster path; the request stays
    // on the context for L7 policy checks at the backend.
    if (svc && from.type !== 'external' && svc.clusterIPs.includes(ip))
      return toServiceTarget(ctx, from, svc);
    if (
      svc &&
      !ctx.derived.gateways.some((g) => g.addresses.includes(ip)) &&
      !hasHostlessIngressAt(ctx, ip)
    ) {
      const sp = pickServicePort(svc, url.port, ctx.protocol);
      if (!sp) throw new EndpointError(`service ${svc.key} at ${ip} has no port ${url.port}`, query.to);
      clientHop(ctx, `client ${ctx.packet.src}`, parts.text);
      return enterAndDeliver(ctx, svc, sp, { kind: 'lb', ip });
    }
    const node = ctx.model.index.nodeByIP.get(ip);
    if (node) {
      const np = ctx.derived.servicesByNodePort.get(url.port);
      const sp = np?.ports.find((p) => p.nodePort === url.port);
      if (!np || !sp)
        throw new EndpointError(
          `no Service has node port ${url.port} (node ${node.name} at ${ip})`,
          query.to,
        );
      clientHop(ctx, `client ${ctx.packet.src}`, parts.text);
      return enterAndDeliver(ctx, np, sp, { kind: 'node-port', node: node.name, nodeIP: ip });
    }
  }
  if (traceIngress(ctx, { ...parts }, ip)) return;
  if (traceGateway(ctx, parts, ip)) return;
  if (ctx.derived.ingresses.length > 0 && traceIngress(ctx, { ...parts, host: '*' }, ip)) return;
  throw new EndpointError(
    `nothing serves ${parts.text}: no LoadBalancer, node port, Ingress rule or Gateway listener for host "${url.host}" port ${url.port}`,
    query.to,
  );
}

function hasHostlessIngressAt(ctx: TraceContext, ip: string): boolean {
  if ((ctx.derived.ingressesByHost.get('*') ?? []).some((i) => i.lbIPs.includes(ip))) return true;
  // Without status (GitOps manifests) the Ingress is still behind its controller's Service.
  const svc = ctx.model.index.serviceByIP.get(ip);
  return svc !== undefined && servesHostlessIngress(ctx, svc);
}

function startAtNode(ctx: TraceContext, node: NodeInfo): void {
  if (ctx.explicitSize === undefined) ctx.packet.size = underlayMTU(ctx.model, node.name).value;
}

function noRoute(ctx: TraceContext, from: string, to: string, reason: string): void {
  const id = ctx.path.add({
    kind: 'external',
    label: `no route to ${to}`,
    src: from,
    dst: to,
    explain: reason,
  });
  ctx.path.raise(id, 'NO_ROUTE', { from, to, reason }, [
    { kind: 'Network', name: to, field: 'route', value: 'none from outside the cluster' },
  ]);
  ctx.path.drop(id, true, `no route from ${from} to ${to}`);
}

/** Id of the last service hop on the path (eBPF translates before the pod hops are drawn). */
function findServiceHop(ctx: TraceContext): string | undefined {
  for (let n = Number((ctx.path.lastId() ?? 'h0').slice(1)); n >= 1; n--)
    if (ctx.path.inputOf(`h${n}`).kind === 'service') return `h${n}`;
  return undefined;
}
