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

const MECHANISM: Readonly<Record<KubeProxyInfo['mode'], (kp: KubeProxyInfo, svc: Service, port: ServicePort) => { label: string; how: string }>> = {
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
  /** Endpoints the data plane may pick on `opts.node`. */
  readonly usable: readonly Backend[];
  readonly chosen?: Backend;
}

/**
 * The endpoints a Service port resolves to on `opts.node`, and the one a trace follows:
 * an endpoint on another node when there is one (the worst case, crossing the overlay).
 */
export function chooseBackend(model: ClusterModel, svc: Service, port: ServicePort, opts: Pick<ServiceOptions, 'node' | 'external'>): BackendChoice {
  const set = backendsOf(model, svc, port);
  const ready = set.backends.filter((b) => b.ready);
  const local = opts.external ? svc.externalTrafficPolicy === 'Local' : svc.internalTrafficPolicy === 'Local';
  const usable = local && opts.node ? ready.filter((b) => b.node === opts.node) : ready;
  const chosen = usable.find((b) => b.node !== undefined && b.node !== opts.node) ?? usable[0];
  return { set, ready, local, usable, chosen };
}

/** Adds the service hop; returns the endpoint the trace follows, or undefined when nothing serves it. */
export function serviceHop(ctx: TraceContext, svc: Service, port: ServicePort, opts: ServiceOptions): Backend | undefined {
  const { model, platform, path, packet } = ctx;
  const kp = platform.kubeProxy;
  const mech = MECHANISM[kp.mode](kp, svc, port);
  const { set, ready, local, usable, chosen } = chooseBackend(model, svc, port, opts);
  const view = proxyView(kp, platform.cni.name, svc, port, { external: opts.external, local, vip: opts.vip, chosen });
  const branches: HopBranch[] = usable.map((b, i) => ({
    label: b.pod ? `${b.pod.key}` : b.ip,
    share: 1 / usable.length,
    target: b.pod ? { kind: 'Pod', namespace: b.pod.namespace, name: b.pod.name } : undefined,
    address: hostPort(b.ip, b.port),
    node: b.node,
    chosen: b === chosen,
    note: view.note(b, i, usable.length),
  }));
  if (chosen) packet.dst = hostPort(chosen.ip, chosen.port);
  const id = path.add({
    kind: 'service',
    label: `${svc.key}:${port.port} via ${mech.label}`,
    node: opts.node,
    src: packet.src,
    dst: packet.dst,
    explain: `${opts.vip} is ${svc.key}'s address; ${mech.how}.${chosen ? ` This trace follows ${chosen.pod?.key ?? chosen.ip}${usable.length > 1 ? `, one of ${usable.length} endpoints` : ''}.` : ''}`,
    facts: {
      mode: kp.mode + (kp.assumed ? ' (assumed)' : ''),
      'dst before': opts.vip,
      'dst after': chosen ? hostPort(chosen.ip, chosen.port) : '(none)',
      'target port': String(port.targetPort),
      endpoints: `${ready.length} ready of ${set.backends.length} (${set.source})`,
      ...(local ? { [opts.external ? 'externalTrafficPolicy' : 'internalTrafficPolicy']: 'Local' } : {}),
      ...view.facts,
    },
    verify: view.verify,
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }],
    branches,
  });
  raisePlatformNotes(ctx, id, opts.node);
  if (!checkDsrRouting(ctx, id, svc)) return undefined;
  const ok = diagnoseBackends(ctx, id, svc, port, { set, ready, local, chosen }, { node: opts.node, external: opts.external, dataPlane: view.verify, noEndpoints: view.noEndpoints });
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
 * Raises TARGET_PORT_MISMATCH / NAMED_PORT_UNRESOLVED / NO_READY_ENDPOINTS at hop `id`
 * and drops there when nothing can serve; true when the chosen endpoint is usable.
 */
export function diagnoseBackends(ctx: TraceContext, id: string, svc: Service, port: ServicePort, choice: Pick<BackendChoice, 'set' | 'ready' | 'local' | 'chosen'>, opts: DiagnoseOptions): boolean {
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
      path.raise(id, 'NAMED_PORT_UNRESOLVED', { owner: `Service ${svc.key}`, portName: String(port.targetPort), pod: missingPod.key, declared: missingPod.ports.map((c) => c.name ?? String(c.containerPort)) }, [
        { ...svcEvidence, field: 'spec.ports[].targetPort', value: String(port.targetPort) },
        { kind: 'Pod', namespace: missingPod.namespace, name: missingPod.name, field: 'spec.containers[].ports[].name', value: missingPod.ports.map((c) => c.name ?? '-').join(',') || '(none)' },
      ]);
    }
    if (check.kind === 'mismatch') {
      path.raise(id, 'TARGET_PORT_MISMATCH', { service: svc.key, port: port.port, targetPort: String(port.targetPort), pods: check.pods.map((p) => p.key), declared: check.declared, dataPlane: opts.dataPlane, portIndex, named, proxy: opts.proxy }, [
        { ...svcEvidence, field: 'spec.ports[].targetPort', value: String(port.targetPort) },
        ...check.pods.slice(0, 3).map((p) => ({ kind: 'Pod', namespace: p.namespace, name: p.name, field: 'spec.containers[].ports[].containerPort', value: p.ports.map((c) => String(c.containerPort)).join(',') })),
      ]);
      path.drop(id, true);
      return false;
    }
  }
  if (!chosen) {
    const reason = local && ready.length > 0 && opts.node ? 'itp-local' : !svc.selector ? 'no-selector' : pods.length === 0 ? 'no-match' : 'not-ready';
    if (!(opts.external && local && ready.length > 0)) {
      path.raise(id, 'NO_READY_ENDPOINTS', { service: svc.key, reason, selector: selectorText(svc.selector), notReady: pods.filter((p) => !p.ready).map((p) => p.key), node: opts.node, dataPlane: opts.noEndpoints, proxy: opts.proxy }, [
        { ...svcEvidence, field: 'spec.selector', value: selectorText(svc.selector) },
        ...set.evidence,
      ]);
    }
    path.drop(id, true);
    return false;
  }
  return true;
}

/** The Service port the query addresses: by number, else the only/first port. */
export function pickServicePort(svc: Service, port: number | undefined, protocol: string): ServicePort | undefined {
  if (port !== undefined) return svc.ports.find((p) => (p.port === port || p.nodePort === port) && p.protocol === protocol) ?? svc.ports.find((p) => p.port === port || p.nodePort === port);
  return svc.ports.find((p) => p.protocol === protocol) ?? svc.ports[0];
}
