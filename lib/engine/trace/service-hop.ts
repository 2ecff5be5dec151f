// The `service` hop: ClusterIP / node port / LB address resolved to one endpoint the
// way the data plane does it (iptables probability chain, IPVS scheduler, nftables
// verdict map, eBPF), with a branch per candidate endpoint and its share.

import type { ClusterModel, Service, ServicePort } from '../../model/types';
import type { HopBranch } from '../types';
import type { KubeProxyInfo } from '../platform/types';
import type { TraceContext } from './context';
import { hostPort } from './context';
import type { Backend, BackendSet } from './endpoints';
import { backendsOf, checkTargetPort, selectedPods, selectorText } from './endpoints';
import type { Categorized } from './topology';
import { assumedHints, categorize } from './topology';
import type { ServicePortId } from '../platform/proxy-names';
import { servicePortNameString } from '../platform/proxy-names';
import { affinityMechanism } from './session-affinity';
import { raisePlatformNotes } from './service-notes';
import { checkDsrRouting } from './dsr-check';
import { proxyView } from './proxy-view';

export interface ServiceOptions {
  /** Node where the translation happens (source pod's node, or the receiving node). */
  readonly node?: string;
  /** The packet came from outside (externalTrafficPolicy applies) or from inside (internalTrafficPolicy). */
  readonly external: boolean;
  /** The address the client used (VIP, LB IP, node IP:nodePort). */
  readonly vip: string;
}

const MECHANISM: Readonly<
  Record<
    KubeProxyInfo['mode'],
    (kp: KubeProxyInfo, svc: Service, port: ServicePort) => { label: string; how: string }
  >
> = {
  iptables: (_kp, svc, port) => ({
    label: 'kube-proxy iptables DNAT',
    how: `netfilter walks KUBE-SERVICES to the service chain of ${svc.key}:${port.name ?? port.port}, whose KUBE-SEP-… rules pick an endpoint with "statistic --mode random" and DNAT to it`,
  }),
  ipvs: (kp) => ({
    label: `IPVS virtual server (${kp.scheduler ?? 'rr'})`,
    how: `IPVS finds the virtual server by hash lookup and its ${kp.scheduler ?? 'rr'} scheduler picks a real server`,
  }),
  nftables: () => ({
    label: 'kube-proxy nftables verdict map',
    how: 'the nftables service-ips verdict map jumps to the service chain, which picks an endpoint with "numgen random mod N" and DNATs to it',
  }),
  ebpf: () => ({
    label: 'eBPF service translation',
    how: 'the eBPF program translates the service address to a backend (socket-level at connect() for pods, tc/XDP for traffic from outside)',
  }),
};

export interface BackendChoice {
  readonly set: BackendSet;
  readonly ready: readonly Backend[];
  /** The Local traffic policy applies (external or internal, by where the packet came from). */
  readonly local: boolean;
  /** Endpoints the data plane may pick on `opts.node` (topology.go CategorizeEndpoints). */
  readonly usable: readonly Backend[];
  readonly chosen?: Backend;
  readonly topology: Categorized;
  /** Hints were filled in from trafficDistribution because the slices carry none. */
  readonly hintsAssumed: boolean;
}

/**
 * The endpoints a Service port resolves to on `opts.node`, and the one a trace follows:
 * an endpoint on another node when there is one (the worst case, crossing the overlay).
 */
export function chooseBackend(
  model: ClusterModel,
  svc: Service,
  port: ServicePort,
  opts: Pick<ServiceOptions, 'node' | 'external'>,
): BackendChoice {
  const raw = backendsOf(model, svc, port);
  const { backends, assumed } = assumedHints(svc, raw.backends);
  const set: BackendSet = assumed ? { ...raw, backends } : raw;
  const ready = set.backends.filter((b) => b.ready);
  const local = opts.external ? svc.externalTrafficPolicy === 'Local' : svc.internalTrafficPolicy === 'Local';
  const topology = categorize(model, set.backends, opts.node, local && opts.node !== undefined);
  const usable = topology.usable;
  const chosen = usable.find((b) => b.node !== undefined && b.node !== opts.node) ?? usable[0];
  return { set, ready, local, usable, chosen, topology, hintsAssumed: assumed };
}

/** Adds the service hop; returns the endpoint the trace follows, or undefined when nothing serves it. */
export function serviceHop(
  ctx: TraceContext,
  svc: Service,
  port: ServicePort,
  opts: ServiceOptions,
): Backend | undefined {
  const { model, platform, path, packet } = ctx;
  const kp = platform.kubeProxy;
  const mech = MECHANISM[kp.mode](kp, svc, port);
  const choice = chooseBackend(model, svc, port, opts);
  const { set, ready, local, usable, chosen, topology } = choice;
  const view = proxyView(kp, platform.cni.name, svc, port, {
    external: opts.external,
    local,
    vip: opts.vip,
    chosen,
  });
  const id: ServicePortId = {
    namespace: svc.namespace,
    name: svc.name,
    portName: port.name,
    protocol: port.protocol,
  };
  const affinity =
    svc.sessionAffinity && usable.length > 0
      ? {
          ...affinityMechanism(
            kp,
            id,
            { vip: opts.vip, protocol: port.protocol, local },
            usable,
            svc.sessionAffinity.timeoutSeconds,
          ),
          timeout: svc.sessionAffinity.timeoutSeconds,
        }
      : undefined;
  const branches: HopBranch[] = usable.map((b, i) => ({
    label: b.pod ? `${b.pod.key}` : b.ip,
    share: 1 / usable.length,
    target: b.pod ? { kind: 'Pod', namespace: b.pod.namespace, name: b.pod.name } : undefined,
    address: hostPort(b.ip, b.port),
    node: b.node,
    chosen: b === chosen,
    note: [
      view.note(b, i, usable.length),
      ...(affinity
        ? [`one endpoint per client, pinned for ${affinity.timeout} s (${affinity.note(b)})`]
        : []),
      ...(b.terminating ? ['terminating, still serving (used because no endpoint is ready)'] : []),
      ...(topology.mode === 'PreferSameZone'
        ? [`hinted for zone ${topology.zone}`]
        : topology.mode === 'PreferSameNode'
          ? [`hinted for node ${opts.node}`]
          : []),
    ].join('; '),
  }));
  if (chosen) packet.dst = hostPort(chosen.ip, chosen.port);
  const unused = set.backends.filter((b) => (b.ready || (b.serving && b.terminating)) && !usable.includes(b));
  const hopId = path.add({
    kind: 'service',
    label: `${svc.key}:${port.port} via ${mech.label}`,
    node: opts.node,
    src: packet.src,
    dst: packet.dst,
    explain:
      `${opts.vip} is ${svc.key}'s address; ${mech.how}.` +
      (topology.mode
        ? ` Every ready endpoint carries a topology hint, so kube-proxy on ${opts.node} programs only the ${usable.length} hinted for ${topology.mode === 'PreferSameZone' ? `its zone ${topology.zone}` : 'this node'}${unused.length ? ` (not ${unused.map((b) => b.pod?.key ?? b.ip).join(', ')})` : ''}.`
        : '') +
      (topology.hintsIgnored
        ? ` Topology hints are ignored (${topology.hintsIgnored}), so every ready endpoint is used.`
        : '') +
      (topology.terminatingFallback
        ? ` No endpoint${local ? ` on ${opts.node}` : ''} is ready, so kube-proxy falls back to the serving endpoints that are terminating (ProxyTerminatingEndpoints).`
        : '') +
      (affinity
        ? ` sessionAffinity: ClientIP pins each client address to one endpoint for ${affinity.timeout} s: ${affinity.text}.`
        : '') +
      (chosen
        ? ` This trace follows ${chosen.pod?.key ?? chosen.ip}${usable.length > 1 ? `, one of ${usable.length} endpoints` : ''}.`
        : ''),
    facts: {
      mode: kp.mode + (kp.assumed ? ' (assumed)' : ''),
      'dst before': opts.vip,
      'dst after': chosen ? hostPort(chosen.ip, chosen.port) : '(none)',
      'target port': String(port.targetPort),
      endpoints: `${ready.length} ready of ${set.backends.length} (${set.source})`,
      ...(local ? { [opts.external ? 'externalTrafficPolicy' : 'internalTrafficPolicy']: 'Local' } : {}),
      ...(topology.mode || topology.hintsIgnored || svc.trafficDistribution
        ? {
            topology: `${topology.mode || 'none (all endpoints)'}${topology.zone ? `, node zone ${topology.zone}` : ''}${svc.trafficDistribution ? `, trafficDistribution ${svc.trafficDistribution}` : ''}${choice.hintsAssumed ? ' (hints assumed from trafficDistribution: the slices carry none)' : ''}`,
          }
        : {}),
      ...(topology.mode && unused.length
        ? {
            'not used from this node': unused
              .map((b) => `${b.pod?.key ?? b.ip}${b.zone ? ` (${b.zone})` : ''}`)
              .join(', '),
          }
        : {}),
      ...(topology.terminatingFallback
        ? {
            'terminating fallback': `${usable.length} serving, terminating endpoint${usable.length === 1 ? '' : 's'}`,
          }
        : {}),
      ...(affinity ? { sessionAffinity: `ClientIP, ${affinity.timeout} s` } : {}),
      ...view.facts,
    },
    verify: [...view.verify, ...(affinity?.verify ?? [])],
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }],
    branches,
  });
  raisePlatformNotes(ctx, hopId, opts.node);
  if (!checkDsrRouting(ctx, hopId, svc)) return undefined;
  if (affinity) {
    path.raise(
      hopId,
      'SESSION_AFFINITY',
      {
        service: svc.key,
        timeoutSeconds: affinity.timeout,
        endpoints: usable.length,
        mechanism: affinity.text,
        clientIP: packet.src,
        dataPlane: affinity.verify,
      },
      [
        {
          kind: 'Service',
          namespace: svc.namespace,
          name: svc.name,
          field: 'spec.sessionAffinity',
          value: 'ClientIP',
        },
        {
          kind: 'Service',
          namespace: svc.namespace,
          name: svc.name,
          field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          value: String(affinity.timeout),
        },
      ],
    );
  }
  const ok = diagnoseBackends(ctx, hopId, svc, port, choice, {
    node: opts.node,
    external: opts.external,
    dataPlane: view.verify,
    noEndpoints: view.noEndpoints,
  });
  return ok ? chosen : undefined;
}

export interface DiagnoseOptions {
  readonly node?: string;
  readonly external: boolean;
  /** Commands that show the translation (or the proxy's upstream) on a live node. */
  readonly dataPlane: readonly string[];
  /** Command that shows the Service port has no usable endpoint. */
  readonly noEndpoints: string;
  /** An L7 proxy picks the endpoints (it answers 503/502 instead of kube-proxy rejecting). */
  readonly proxy?: string;
}

/**
 * Raises TARGET_PORT_MISMATCH / TARGET_PORT_UNDECLARED / NAMED_PORT_UNRESOLVED /
 * NO_READY_ENDPOINTS at hop `id` and drops there when nothing can serve; true when the
 * chosen endpoint is usable.
 */
export function diagnoseBackends(
  ctx: TraceContext,
  id: string,
  svc: Service,
  port: ServicePort,
  choice: Pick<BackendChoice, 'set' | 'ready' | 'local' | 'chosen'> & { readonly topology?: Categorized },
  opts: DiagnoseOptions,
): boolean {
  const { model, path } = ctx;
  const { set, ready, local, chosen } = choice;
  const svcEvidence = { kind: 'Service', namespace: svc.namespace, name: svc.name };
  const portIndex = Math.max(0, svc.ports.indexOf(port));
  const pods = selectedPods(model, svc);
  const check = checkTargetPort(pods, port);
  if (!check.ok) {
    const missingPod = check.pods[0]!;
    const named = typeof port.targetPort === 'string' && !/^\d+$/.test(port.targetPort);
    if (named) {
      path.raise(
        id,
        'NAMED_PORT_UNRESOLVED',
        {
          owner: `Service ${svc.key}`,
          portName: String(port.targetPort),
          pod: missingPod.key,
          declared: missingPod.ports.map((c) => c.name ?? String(c.containerPort)),
        },
        [
          { ...svcEvidence, field: 'spec.ports[].targetPort', value: String(port.targetPort) },
          {
            kind: 'Pod',
            namespace: missingPod.namespace,
            name: missingPod.name,
            field: 'spec.containers[].ports[].name',
            value: missingPod.ports.map((c) => c.name ?? '-').join(',') || '(none)',
          },
        ],
      );
    }
    const podEvidence = check.pods.slice(0, 3).map((p) => ({
      kind: 'Pod',
      namespace: p.namespace,
      name: p.name,
      field: 'spec.containers[].ports[].containerPort',
      value: p.ports.map((c) => String(c.containerPort)).join(','),
    }));
    if (check.kind === 'mismatch' && !named) {
      // Container ports are informational (core/v1 ContainerPort docs): the EndpointSlice
      // still lists the numeric port and kube-proxy DNATs to it, so delivery depends on
      // whether the process listens, which the snapshot cannot tell.
      path.raise(
        id,
        'TARGET_PORT_UNDECLARED',
        {
          service: svc.key,
          port: port.port,
          targetPort: Number(port.targetPort),
          pods: check.pods.map((p) => p.key),
          declared: check.declared,
          portIndex,
        },
        [
          { ...svcEvidence, field: 'spec.ports[].targetPort', value: String(port.targetPort) },
          ...podEvidence,
        ],
      );
    } else if (check.kind === 'mismatch') {
      path.raise(
        id,
        'TARGET_PORT_MISMATCH',
        {
          service: svc.key,
          port: port.port,
          targetPort: String(port.targetPort),
          pods: check.pods.map((p) => p.key),
          declared: check.declared,
          dataPlane: opts.dataPlane,
          portIndex,
          named,
          proxy: opts.proxy,
        },
        [
          { ...svcEvidence, field: 'spec.ports[].targetPort', value: String(port.targetPort) },
          ...podEvidence,
        ],
      );
      path.drop(id, true);
      return false;
    }
  }
  if (!chosen) {
    // kube-proxy tells "no endpoints anywhere" (REJECT) from "none on this node under a
    // Local policy" (DROP): CategorizeEndpoints' hasAnyEndpoints.
    const hasAny = choice.topology?.hasAny ?? ready.length > 0;
    const itpLocal = local && hasAny && opts.node !== undefined;
    const reason = itpLocal
      ? 'itp-local'
      : !svc.selector
        ? 'no-selector'
        : pods.length === 0
          ? 'no-match'
          : 'not-ready';
    const endpointNodes = [
      ...new Set(set.backends.filter((b) => b.ready && b.node).map((b) => b.node!)),
    ].sort();
    if (!(opts.external && itpLocal)) {
      path.raise(
        id,
        'NO_READY_ENDPOINTS',
        {
          service: svc.key,
          reason,
          selector: selectorText(svc.selector),
          notReady: pods.filter((p) => !p.ready).map((p) => p.key),
          node: opts.node,
          dataPlane: opts.noEndpoints,
          proxy: opts.proxy,
          ...(itpLocal ? { endpointNodes } : {}),
        },
        [
          ...(itpLocal
            ? [{ ...svcEvidence, field: 'spec.internalTrafficPolicy', value: 'Local' }]
            : [{ ...svcEvidence, field: 'spec.selector', value: selectorText(svc.selector) }]),
          ...set.evidence,
        ],
      );
    }
    if (!opts.proxy)
      path.patch(id, { facts: { 'no-endpoint verdict': noEndpointVerdict(ctx, svc, port, itpLocal) } });
    path.drop(id, true);
    return false;
  }
  return true;
}

/**
 * What kube-proxy programs for a Service port without usable endpoints on this node
 * (pkg/proxy/iptables/proxier.go, pkg/proxy/nftables/proxier.go): REJECT when the Service
 * has none anywhere, DROP when a Local policy has none here; no service chain is jumped to.
 */
function noEndpointVerdict(ctx: TraceContext, svc: Service, port: ServicePort, localOnly: boolean): string {
  const name = servicePortNameString({
    namespace: svc.namespace,
    name: svc.name,
    portName: port.name,
    protocol: port.protocol,
  });
  switch (ctx.platform.kubeProxy.mode) {
    case 'iptables':
      return localOnly
        ? `DROP in the filter table ("${name} has no local endpoints")`
        : `REJECT in the filter table ("${name} has no endpoints"): ICMP port unreachable`;
    case 'nftables':
      return localOnly
        ? 'no-endpoint-services map: drop'
        : 'no-endpoint-services map: goto reject-chain (ICMP port unreachable)';
    case 'ipvs':
      return localOnly
        ? 'virtual server without a local real server: dropped'
        : `no real server; "${name} has no endpoints" REJECT in the filter table`;
    case 'ebpf':
      return localOnly
        ? 'no local backend in the eBPF service map: dropped'
        : 'no backend in the eBPF service map: rejected';
  }
}

/** The Service port the query addresses: by number, else the only/first port. */
export function pickServicePort(
  svc: Service,
  port: number | undefined,
  protocol: string,
): ServicePort | undefined {
  if (port !== undefined)
    return (
      svc.ports.find((p) => (p.port === port || p.nodePort === port) && p.protocol === protocol) ??
      svc.ports.find((p) => p.port === port || p.nodePort === port)
    );
  return svc.ports.find((p) => p.protocol === protocol) ?? svc.ports[0];
}
