// Proxy pod → backend: an L7 proxy (ingress controller, gateway) opens a new connection
// whose source is the proxy pod. Most proxies pick the endpoint themselves from the
// backend's EndpointSlices, so the proxy's hop carries the endpoint branches (share =
// route weight × endpoint share) and no kube-proxy `service` hop follows; with the
// ClusterIP (ingress-nginx service-upstream, unknown controllers) kube-proxy picks it.

import type { ObjectRef, Service } from '../../model/types';
import type { HopBranch } from '../types';
import { podMTU } from '../platform/mtu';
import type { TraceContext } from './context';
import { hostPort } from './context';
import type { Backend } from './endpoints';
import { backendsOf } from './endpoints';
import { toPod } from './in-cluster';
import type { L7Proxy } from './l7-controllers';
import { proxyVerify, upstreamMode } from './l7-controllers';
import type { ProxyArrival } from './proxy';
import { proxyToBackend } from './proxy';
import { podIP } from './pod-legs';
import type { pickServicePort } from './service-hop';
import { diagnoseBackends } from './service-hop';

type SvcPort = NonNullable<ReturnType<typeof pickServicePort>>;

/** One backendRef of the matched rule (an Ingress path has exactly one, share 1). */
export interface Upstream {
  /** `namespace/service:port` as the route names it. */
  readonly label: string;
  /** Share of the rule's requests sent to this backendRef. */
  readonly share: number;
  /** `weight 90` for Gateway API backendRefs. */
  readonly weightNote?: string;
  readonly ref: ObjectRef;
  /** The port as the route names it (number or name): ingress-nginx names upstreams by it. */
  readonly routePort?: number | string;
  /** Resolved Service and port, absent when the branch fails before any backend. */
  readonly target?: { readonly svc: Service; readonly port: SvcPort };
  /** What the client gets on this branch when it fails (`500 Internal Server Error: …`). */
  readonly failure?: string;
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** Endpoint the trace follows: one on another node than the proxy when there is one (worst case). */
function pick(ready: readonly Backend[], node: string | undefined): Backend | undefined {
  return ready.find((b) => b.node !== undefined && b.node !== node) ?? ready[0];
}

/**
 * Completes the proxy hop `hopId` with its upstream choice and continues the path from
 * the proxy pod to the endpoint. `chosen` is the index of the upstream the trace follows
 * (it has a target). `annotations` are the route object's (Ingress) annotations.
 */
export function forwardFromProxy(
  ctx: TraceContext,
  hopId: string,
  arrival: ProxyArrival,
  proxy: L7Proxy,
  upstreams: readonly Upstream[],
  chosen: number,
  annotations: Readonly<Record<string, string>>,
): void {
  const main = upstreams[chosen];
  if (!main?.target) return;
  const mode = upstreamMode(proxy, main.target.svc, annotations);
  const failing = upstreams.filter((u) => u.failure).reduce((a, u) => a + u.share, 0);
  const common = {
    controller: proxy.controller || '(unknown)',
    upstream: mode.why,
    'client address seen': ctx.packet.src,
    // The proxy terminates the client's connection: the backend sees the proxy pod, and the
    // client address survives only in headers, as the proxy itself saw it.
    'X-Forwarded-For / X-Real-IP': ctx.packet.src,
    ...(failing > 0
      ? {
          'failing share': `${pct(failing)} of matching requests (${upstreams
            .filter((u) => u.failure)
            .map((u) => `${u.label}: ${u.failure}`)
            .join('; ')})`,
        }
      : {}),
  };
  const failBranch = (u: Upstream): HopBranch => ({
    label: u.label,
    share: u.share,
    target: u.ref,
    chosen: false,
    note: `${u.weightNote ? `${u.weightNote}: ` : ''}${u.failure}`,
    failure: u.failure,
  });
  if (mode.kind === 'cluster-ip') {
    const branches: HopBranch[] = upstreams.map((u, i) =>
      u.failure
        ? failBranch(u)
        : {
            label: u.label,
            share: u.share,
            target: u.ref,
            chosen: i === chosen,
            ...(u.weightNote ? { note: u.weightNote } : {}),
          },
    );
    ctx.path.patch(hopId, { facts: common, ...(upstreams.length > 1 || failing > 0 ? { branches } : {}) });
    return proxyToBackend(ctx, arrival, main.target.svc, main.target.port);
  }
  const branches: HopBranch[] = [];
  let follow: Backend | undefined;
  for (const [i, u] of upstreams.entries()) {
    if (u.failure || !u.target) {
      branches.push(failBranch(u));
      continue;
    }
    const ready = backendsOf(ctx.model, u.target.svc, u.target.port).backends.filter((b) => b.ready);
    const chosenHere = i === chosen ? pick(ready, arrival.node) : undefined;
    if (i === chosen) follow = chosenHere;
    if (ready.length === 0) {
      branches.push({
        label: u.label,
        share: u.share,
        target: u.ref,
        chosen: false,
        note: `${u.weightNote ? `${u.weightNote}: ` : ''}no ready endpoint (503 Service Unavailable)`,
        failure: '503 Service Unavailable',
      });
      continue;
    }
    ready.forEach((b, j) => {
      branches.push({
        label: b.pod?.key ?? b.ip,
        share: u.share / ready.length,
        ...(b.pod ? { target: { kind: 'Pod', namespace: b.pod.namespace, name: b.pod.name } } : {}),
        address: hostPort(b.ip, b.port),
        ...(b.node ? { node: b.node } : {}),
        chosen: b === chosenHere,
        note: `${u.label}${u.weightNote ? ` ${u.weightNote}` : ''}, endpoint ${j + 1} of ${ready.length}`,
        service: u.ref,
      });
    });
  }
  const { svc, port } = main.target;
  const verify = proxyVerify(proxy, arrival.pod, svc, main.routePort ?? port.port);
  const src = arrival.pod ? podIP(arrival.pod) : ctx.packet.src;
  ctx.path.patch(hopId, {
    facts: {
      ...common,
      'upstream connection': `${src} → ${follow ? hostPort(follow.ip, follow.port) : '(no endpoint)'}`,
      endpoints: `${branches.filter((b) => b.service).length} ready (EndpointSlices of ${upstreams
        .filter((u) => u.target)
        .map((u) => u.ref.namespace + '/' + u.ref.name)
        .join(', ')})`,
    },
    branches,
    verify,
  });
  const set = backendsOf(ctx.model, svc, port);
  const ok = diagnoseBackends(
    ctx,
    hopId,
    svc,
    port,
    { set, ready: set.backends.filter((b) => b.ready), local: false, chosen: follow },
    {
      node: arrival.node,
      external: false,
      dataPlane: verify,
      noEndpoints: verify[0] ?? '',
      proxy: proxy.title,
    },
  );
  if (!ok || !follow?.pod) return;
  // The proxy opens a new connection: its packets are sized by the proxy pod's own MTU.
  if (arrival.pod) ctx.packet.src = podIP(arrival.pod);
  if (arrival.pod && ctx.explicitSize === undefined)
    ctx.packet.size = podMTU(ctx.model, ctx.platform.cni, arrival.pod.nodeName).value;
  ctx.packet.dst = hostPort(follow.ip, follow.port);
  if (arrival.pod) toPod(ctx, { type: 'pod', pod: arrival.pod }, follow.pod, follow.port);
  else
    toPod(
      ctx,
      { type: 'node', node: arrival.node ?? follow.pod.nodeName ?? '', ip: ctx.packet.src },
      follow.pod,
      follow.port,
    );
}
