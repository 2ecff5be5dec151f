// Type-ahead search for the endpoint pickers: workloads and services first, then nodes,
// the ways in from outside (Ingress hosts, Gateway listeners, LoadBalancer addresses),
// and pods, each listed under the workload it belongs to. Server-side and capped, so a
// cluster with thousands of pods never ships them all to the browser.

import type { ClusterModel, KubeObject, Protocol } from '../model/types';
import { pickerWorkloads } from './endpoint-workloads';

export type EndpointKind = 'workload' | 'pod' | 'service' | 'node' | 'ingress' | 'gateway' | 'load-balancer';

/** A Service port the picker fills in when the Service is chosen. */
export interface EndpointPort {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

export interface EndpointOption {
  /** The endpoint as the CLI and `/api/trace` take it: `pod:NS/NAME`, `svc:NS/NAME`, a URL. */
  readonly value: string;
  readonly kind: EndpointKind;
  readonly label: string;
  readonly detail: string;
  /** Pods: the workload endpoint (`deploy:NS/NAME`) they are listed under. */
  readonly parent?: string;
  /** Services: their ports, in spec order (the first is filled in). */
  readonly ports?: readonly EndpointPort[];
}

interface Candidate extends EndpointOption {
  /** Lower-case text the query is matched against: names, namespace, labels, addresses. */
  readonly haystack: string;
}

const labelsText = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function ingressCandidates(obj: KubeObject): Candidate[] {
  const ns = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name ?? '';
  const spec = rec(obj.spec);
  const tls = new Set(arr(spec.tls).flatMap((t) => arr(rec(t).hosts).map(String)));
  return arr(spec.rules).flatMap((rule) => {
    const host = str(rec(rule).host);
    if (!host) return [];
    const paths = arr(rec(rec(rule).http).paths).map((p) => str(rec(p).path) ?? '/');
    const scheme = tls.has(host) ? 'https' : 'http';
    return (paths.length ? paths : ['/']).map((path) => ({
      value: `${scheme}://${host}${path.startsWith('/') ? path : `/${path}`}`,
      kind: 'ingress' as const,
      label: `${host}${path}`,
      detail: `Ingress ${ns}/${name}`,
      haystack: `${host} ${path} ${ns} ${name} ingress`.toLowerCase(),
    }));
  });
}

function gatewayCandidates(obj: KubeObject): Candidate[] {
  const ns = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name ?? '';
  const addresses = arr(rec(obj.status).addresses)
    .map((a) => str(rec(a).value))
    .filter((a): a is string => !!a);
  return arr(rec(obj.spec).listeners).flatMap((l) => {
    const listener = rec(l);
    const protocol = String(listener.protocol ?? 'HTTP').toUpperCase();
    if (protocol !== 'HTTP' && protocol !== 'HTTPS') return [];
    const scheme = protocol === 'HTTPS' ? 'https' : 'http';
    const port = Number(listener.port ?? (scheme === 'https' ? 443 : 80));
    const host = str(listener.hostname)?.replace(/^\*\./, 'www.') ?? addresses[0];
    if (!host) return [];
    const defaultPort = (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80);
    return [
      {
        value: `${scheme}://${host}${defaultPort ? '' : `:${port}`}/`,
        kind: 'gateway' as const,
        label: `${host}${defaultPort ? '' : `:${port}`}`,
        detail: `Gateway ${ns}/${name} listener ${String(listener.name ?? '')}`,
        haystack: `${host} ${ns} ${name} gateway ${addresses.join(' ')}`.toLowerCase(),
      },
    ];
  });
}

function workloadCandidates(model: ClusterModel): { workloads: Candidate[]; parentOf: Map<string, string> } {
  const workloads: Candidate[] = [];
  const parentOf = new Map<string, string>();
  const all = [...pickerWorkloads(model).values()].sort((a, b) => a.value.localeCompare(b.value));
  for (const w of all) {
    for (const p of w.pods) parentOf.set(p.key, w.value);
    const nodes = [...new Set(w.pods.map((p) => p.nodeName).filter(Boolean))].sort();
    const ready = w.pods.filter((p) => p.ready).length;
    workloads.push({
      value: w.value,
      kind: 'workload',
      label: `${w.namespace}/${w.name}`,
      detail: [
        w.kind,
        `${ready} of ${w.pods.length} pod${w.pods.length === 1 ? '' : 's'} ready`,
        nodes.length ? `on ${nodes.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      haystack:
        `${w.namespace}/${w.name} ${w.value} ${w.kind} workload ${labelsText(w.pods[0]?.labels ?? {})}`.toLowerCase(),
    });
  }
  return { workloads, parentOf };
}

function buildCandidates(model: ClusterModel): Candidate[] {
  const { workloads, parentOf } = workloadCandidates(model);
  const out: Candidate[] = [...workloads];
  for (const svc of model.services.values()) {
    const ports = svc.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
    out.push({
      value: `svc:${svc.namespace}/${svc.name}`,
      kind: 'service',
      label: `${svc.namespace}/${svc.name}`,
      detail: [svc.type, svc.clusterIPs[0], ports].filter(Boolean).join(' · '),
      ports: svc.ports.map((p) => ({
        port: p.port,
        protocol: p.protocol,
        ...(p.name ? { name: p.name } : {}),
      })),
      haystack:
        `${svc.namespace}/${svc.name} svc service ${svc.type} ${svc.clusterIPs.join(' ')} ${labelsText(svc.labels)}`.toLowerCase(),
    });
    for (const ing of svc.loadBalancerIngress) {
      const host = ing.ip ?? ing.hostname;
      const port = svc.ports[0]?.port;
      if (!host || port === undefined) continue;
      const scheme = port === 443 ? 'https' : 'http';
      out.push({
        value: `${scheme}://${host}${port === 80 || port === 443 ? '' : `:${port}`}/`,
        kind: 'load-balancer',
        label: `${host}:${port}`,
        detail: `LoadBalancer ${svc.namespace}/${svc.name}`,
        haystack: `${host} ${svc.namespace}/${svc.name} loadbalancer lb`.toLowerCase(),
      });
    }
  }
  for (const node of model.nodes.values()) {
    out.push({
      value: `node:${node.name}`,
      kind: 'node',
      label: node.name,
      detail: ['node', node.internalIPs[0]].filter(Boolean).join(' · '),
      haystack:
        `${node.name} node ${node.internalIPs.join(' ')} ${node.externalIPs.join(' ')} ${labelsText(node.labels)}`.toLowerCase(),
    });
  }
  for (const obj of model.objectsByKind.get('Ingress') ?? []) out.push(...ingressCandidates(obj));
  for (const obj of model.objectsByKind.get('Gateway') ?? []) out.push(...gatewayCandidates(obj));
  for (const pod of model.pods.values()) {
    const parent = parentOf.get(pod.key);
    out.push({
      ...(parent ? { parent } : {}),
      value: `pod:${pod.namespace}/${pod.name}`,
      kind: 'pod',
      label: `${pod.namespace}/${pod.name}`,
      detail:
        [pod.ips[0], pod.nodeName].filter(Boolean).join(' · ') || `${pod.workload.kind} ${pod.workload.name}`,
      haystack:
        `${pod.namespace}/${pod.name} pod ${pod.ips.join(' ')} ${pod.nodeName ?? ''} ${labelsText(pod.labels)}`.toLowerCase(),
    });
  }
  return out;
}

// Candidates are built once per model (models are immutable and cached).
const candidatesByModel = new WeakMap<ClusterModel, Candidate[]>();

/**
 * Endpoints whose name, namespace, labels or addresses contain every word of `query`,
 * best first (a name that starts with the query wins), at most `limit` of them.
 */
export function searchEndpoints(
  model: ClusterModel,
  query: string,
  limit = 20,
): { results: EndpointOption[]; total: number } {
  let candidates = candidatesByModel.get(model);
  if (!candidates) {
    candidates = buildCandidates(model);
    candidatesByModel.set(model, candidates);
  }
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: Array<{ c: Candidate; score: number }> = [];
  for (const c of candidates) {
    if (!words.every((w) => c.haystack.includes(w))) continue;
    const label = c.label.toLowerCase();
    const first = words[0] ?? '';
    const score = label === first ? 0 : label.startsWith(first) || label.includes(`/${first}`) ? 1 : 2;
    scored.push({ c, score });
  }
  // Stable sort keeps the kind order (workloads, services, nodes, ways in, pods) within a score.
  scored.sort((a, b) => a.score - b.score);
  const results = underParents(scored.map((s) => s.c))
    .slice(0, limit)
    .map(({ haystack: _h, ...option }) => option);
  return { results, total: scored.length };
}

/** Each matching pod right after its workload when that matched too; the other pods keep their place. */
function underParents(ranked: readonly Candidate[]): Candidate[] {
  const listed = new Set(ranked.filter((c) => c.kind === 'workload').map((c) => c.value));
  const children = new Map<string, Candidate[]>();
  for (const c of ranked)
    if (c.kind === 'pod' && c.parent && listed.has(c.parent))
      children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const out: Candidate[] = [];
  for (const c of ranked) {
    if (c.kind === 'pod' && c.parent && listed.has(c.parent)) continue;
    out.push(c, ...(children.get(c.value) ?? []));
  }
  return out;
}
