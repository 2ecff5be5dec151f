// Pod objects → model Pods, and the workload peer each pod is reported as.

import { objectKey } from '../../model/keys';
import type { ContainerPort, KubeObject, Origin, Pod, WorkloadRef } from '../../model/types';
import { condition, labels, map, maps, nameOf, namespaceOf, num, protocol, str } from './util';

/**
 * The peer a pod belongs to: the first ownerReference with `controller: true`
 * (its kind, or `Pod` when the kind is empty), ignoring a `Node` owner (static
 * pods); otherwise the pod itself. Matches netpol-analyzer's peer naming.
 */
export function workloadOfPod(o: KubeObject): WorkloadRef {
  const namespace = namespaceOf(o);
  for (const ref of o.metadata.ownerReferences ?? []) {
    if (ref.controller !== true) continue;
    if (ref.kind === 'Node') break;
    return { namespace, name: ref.name, kind: ref.kind || 'Pod' };
  }
  return { namespace, name: nameOf(o), kind: 'Pod' };
}

/** Container ports of a pod spec (containers only: init containers serve no traffic). */
export function containerPorts(spec: unknown): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of maps(map(spec)?.containers)) {
    const container = str(c.name) ?? '';
    for (const p of maps(c.ports)) {
      const containerPort = num(p.containerPort ?? caseInsensitive(p, 'containerport'));
      if (containerPort === undefined) continue;
      const name = str(p.name);
      out.push({ ...(name ? { name } : {}), containerPort, protocol: protocol(p.protocol), container });
    }
  }
  return out;
}

/**
 * Readiness: the Ready condition when the pod has one; else Running counts as ready;
 * a pod with no status at all (a manifest not yet applied) stands for one that runs.
 */
function isReady(status: Record<string, unknown> | undefined): boolean {
  if (!status) return true;
  const ready = condition(status.conditions, 'Ready');
  if (ready !== undefined) return ready === 'True';
  const phase = str(status.phase);
  return phase === undefined || phase === 'Running';
}

function podIPs(status: Record<string, unknown> | undefined): string[] {
  if (!status) return [];
  const ips = maps(status.podIPs).flatMap((p) => (typeof p.ip === 'string' && p.ip ? [p.ip] : []));
  const single = str(status.podIP);
  if (single && !ips.includes(single)) ips.unshift(single);
  return ips;
}

export function normalizePod(o: KubeObject, origin: Origin): Pod {
  const namespace = namespaceOf(o);
  const name = nameOf(o);
  const spec = map(o.spec);
  const status = map(o.status);
  const nodeName = str(spec?.nodeName);
  const hostIP = str(status?.hostIP);
  const phase = str(status?.phase);
  const serviceAccount = str(spec?.serviceAccountName) ?? str(spec?.serviceAccount);
  return {
    key: objectKey(namespace, name),
    namespace,
    name,
    labels: labels(o.metadata.labels),
    annotations: labels(o.metadata.annotations),
    ...(nodeName ? { nodeName } : {}),
    ips: podIPs(status),
    ...(hostIP ? { hostIP } : {}),
    hostNetwork: spec?.hostNetwork === true,
    ready: isReady(status),
    ...(phase ? { phase } : {}),
    ports: containerPorts(spec),
    workload: workloadOfPod(o),
    synthesized: false,
    origin,
    ...(serviceAccount ? { serviceAccount } : {}),
  };
}

/** Go's JSON decoding matches field names case-insensitively (see validate/check.ts fieldOf). */
function caseInsensitive(obj: Record<string, unknown>, lower: string): unknown {
  for (const k in obj) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}
