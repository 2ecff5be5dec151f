// A Service's backends for one port: from its EndpointSlices (ready endpoints, the
// slice port of the same name), else from the pods its selector matches. Also the
// diagnosis when there are none, and the targetPort checks against container ports.

import type { ClusterModel, Pod, Service, ServicePort } from '../../model/types';
import { selectPods } from '../../model/selectors';
import type { Evidence } from '../types';

export interface Backend {
  readonly ip: string;
  readonly port: number;
  readonly node?: string;
  readonly pod?: Pod;
  readonly ready: boolean;
  /** EndpointSlice conditions: a terminating endpoint may still serve (KEP-1669). */
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly zone?: string;
  readonly hints?: { readonly forZones: readonly string[]; readonly forNodes: readonly string[] };
}

export interface BackendSet {
  readonly backends: readonly Backend[];
  /** Where they came from: EndpointSlice names, or `selector`. */
  readonly source: string;
  readonly evidence: readonly Evidence[];
}

/** Pods the Service's selector matches (sorted), via the label index. */
export function selectedPods(model: ClusterModel, svc: Service): readonly Pod[] {
  if (!svc.selector) return [];
  return selectPods(model, svc.namespace, { matchLabels: svc.selector });
}

/** Container port of `pod` that `targetPort` names or numbers, for `protocol`. */
export function resolveTargetPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const t = svcPort.targetPort;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  return pod.ports.find((p) => p.name === t && p.protocol === svcPort.protocol)?.containerPort;
}

export function backendsOf(model: ClusterModel, svc: Service, svcPort: ServicePort): BackendSet {
  const slices = model.index.slicesByService.get(svc.key) ?? [];
  if (slices.length > 0) {
    const backends: Backend[] = [];
    const evidence: Evidence[] = [];
    for (const slice of slices) {
      const sp =
        slice.ports.find((p) => (p.name ?? '') === (svcPort.name ?? '') && p.protocol === svcPort.protocol) ??
        (slice.ports.length === 1 && svc.ports.length === 1 ? slice.ports[0] : undefined);
      for (const ep of slice.endpoints) {
        const ip = ep.addresses[0];
        if (!ip) continue;
        const pod =
          ep.targetRef?.kind === 'Pod'
            ? model.pods.get(`${ep.targetRef.namespace ?? svc.namespace}/${ep.targetRef.name}`)
            : model.index.podByIP.get(ip);
        const port =
          sp?.port ??
          (pod
            ? resolveTargetPort(pod, svcPort)
            : typeof svcPort.targetPort === 'number'
              ? svcPort.targetPort
              : undefined);
        if (port === undefined) continue;
        const node = ep.nodeName ?? pod?.nodeName;
        const zone =
          ep.zone ?? (node ? model.nodes.get(node)?.labels['topology.kubernetes.io/zone'] : undefined);
        backends.push({
          ip,
          port,
          node,
          pod,
          ready: ep.ready,
          serving: ep.serving,
          terminating: ep.terminating,
          ...(zone ? { zone } : {}),
          ...(ep.hints ? { hints: ep.hints } : {}),
        });
      }
      evidence.push({
        kind: 'EndpointSlice',
        namespace: slice.namespace,
        name: slice.name,
        field: 'endpoints[].conditions.ready',
        value:
          slice.endpoints.map((e) => `${e.addresses[0] ?? '?'}=${e.ready}`).join(', ') || '(no endpoints)',
      });
    }
    backends.sort((a, b) => (a.pod?.key ?? a.ip).localeCompare(b.pod?.key ?? b.ip));
    return { backends, source: slices.map((s) => s.name).join(', '), evidence };
  }
  const pods = selectedPods(model, svc);
  const backends: Backend[] = [];
  for (const pod of pods) {
    const port = resolveTargetPort(pod, svcPort);
    if (port === undefined) continue;
    const zone = pod.nodeName
      ? model.nodes.get(pod.nodeName)?.labels['topology.kubernetes.io/zone']
      : undefined;
    backends.push({
      ip: pod.ips[0] ?? `(${pod.key})`,
      port,
      node: pod.nodeName,
      pod,
      ready: pod.ready,
      serving: pod.ready,
      terminating: false,
      ...(zone ? { zone } : {}),
    });
  }
  return {
    backends,
    source: 'selector',
    evidence: svc.selector
      ? [
          {
            kind: 'Service',
            namespace: svc.namespace,
            name: svc.name,
            field: 'spec.selector',
            value: selectorText(svc.selector),
          },
        ]
      : [],
  };
}

export function selectorText(selector: Readonly<Record<string, string>> | undefined): string {
  if (!selector) return '(none)';
  return (
    Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '{}'
  );
}

export type PortCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly kind: 'mismatch';
      readonly pods: readonly Pod[];
      readonly declared: readonly string[];
    }
  | {
      readonly ok: false;
      readonly kind: 'named-partial';
      readonly pods: readonly Pod[];
      readonly declared: readonly string[];
    };

/** Checks the targetPort against the declared container ports of the selected pods. */
export function checkTargetPort(pods: readonly Pod[], svcPort: ServicePort): PortCheck {
  const declaring = pods.filter((p) => p.ports.length > 0);
  if (declaring.length === 0) return { ok: true };
  const declared = [
    ...new Set(
      declaring.flatMap((p) =>
        p.ports.map((c) => `${c.containerPort}/${c.protocol}${c.name ? ` (${c.name})` : ''}`),
      ),
    ),
  ].sort();
  const missing = declaring.filter(
    (p) =>
      resolveTargetPort(p, svcPort) === undefined ||
      !p.ports.some(
        (c) => c.containerPort === resolveTargetPort(p, svcPort) && c.protocol === svcPort.protocol,
      ),
  );
  if (missing.length === 0) return { ok: true };
  if (missing.length === declaring.length) return { ok: false, kind: 'mismatch', pods: missing, declared };
  return typeof svcPort.targetPort === 'string' && !/^\d+$/.test(svcPort.targetPort)
    ? { ok: false, kind: 'named-partial', pods: missing, declared }
    : { ok: true };
}
