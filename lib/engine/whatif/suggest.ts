// Least-privilege policy suggestions. For one denied connection: the NetworkPolicies
// that allow exactly it (egress at the source when its egress denies it, ingress at the
// destination when its ingress does), selecting the two workloads by their stable labels.
// For a reach result: default deny per namespace plus one allow per allowed pair, so the
// policies produce that set and nothing more. Kubernetes NetworkPolicies add up
// (https://kubernetes.io/docs/concepts/services-networking/network-policies/: "policies are
// additive"), so a suggestion never needs to touch an existing policy.

import type { ClusterModel, KubeObject, Pod, Protocol } from '../../model/types';
import { ownerWorkload } from '../../model/keys';
import { parse } from 'yaml';
import { calicoFixPolicy } from '../policy/calico';
import { evaluateConnection } from '../policy/evaluate';
import type { DirectionVerdict, PeerEndpoint } from '../policy/types';
import type { ReachResult, TraceResult } from '../types';

/** Labels a controller stamps on each pod or revision: selecting by them would pin one pod or one rollout. */
const UNSTABLE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
]);

export interface PolicySuggestion {
  /** NetworkPolicies to apply (none when the connection is already allowed or cannot be allowed by one). */
  readonly objects: readonly KubeObject[];
  /** What the suggestion rests on and where it may open more than asked. */
  readonly notes: readonly string[];
}

/** The pod's labels without the per-pod and per-revision ones a controller adds. */
export function stableLabels(pod: Pod): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pod.labels)
      .filter(([k]) => !UNSTABLE_LABELS.has(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** A DNS-1123 name of at most 63 characters. */
function policyName(parts: readonly string[]): string {
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name.slice(0, 63).replace(/-$/, '') || 'allow';
}

function peerOf(ep: PeerEndpoint): Record<string, unknown> {
  if (ep.type === 'ip') return { ipBlock: { cidr: ep.ip.includes(':') ? `${ep.ip}/128` : `${ep.ip}/32` } };
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ep.pod.namespace } },
    podSelector: { matchLabels: stableLabels(ep.pod) },
  };
}

/** The workload's name as people say it: a Deployment's ReplicaSet without its pod-template-hash suffix. */
export function appName(pod: Pod): string {
  return ownerWorkload(pod.workload, pod.labels).name;
}

function shortName(ep: PeerEndpoint): string {
  return ep.type === 'ip' ? ep.ip.replace(/[.:]/g, '-') : appName(ep.pod);
}

/** Pods the stable labels select beyond the pod's own workload: the suggestion opens them too. */
function alsoSelected(model: ClusterModel, pod: Pod): Pod[] {
  const labels = stableLabels(pod);
  const keys = Object.keys(labels);
  return (model.index.podsByNamespace.get(pod.namespace) ?? []).filter(
    (p) =>
      !p.hostNetwork &&
      keys.every((k) => p.labels[k] === labels[k]) &&
      (p.workload.kind !== pod.workload.kind || p.workload.name !== pod.workload.name),
  );
}

function selectionNotes(model: ClusterModel, pod: Pod): string[] {
  const notes: string[] = [];
  if (Object.keys(stableLabels(pod)).length === 0) {
    notes.push(
      `${pod.key} has no labels of its own, so the policy selects every pod in namespace ${pod.namespace}; label the workload to narrow it.`,
    );
  }
  const more = alsoSelected(model, pod);
  if (more.length > 0) {
    const names = [...new Set(more.map((p) => `${p.workload.kind} ${p.namespace}/${p.workload.name}`))];
    notes.push(
      `The labels of ${pod.key} also select ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}.`,
    );
  }
  return notes;
}

/**
 * The NetworkPolicies that allow `protocol`/`port` from `from` to `to` and nothing else:
 * an egress policy in the source's namespace when its egress denies the connection, an
 * ingress policy in the destination's namespace when its ingress does. An address cannot
 * be given a policy, so only pod sides get one. Deterministic names and key order.
 */
export function suggestAllowPolicies(
  model: ClusterModel,
  from: PeerEndpoint,
  to: PeerEndpoint,
  protocol: Protocol,
  port: number,
): PolicySuggestion {
  const verdict = evaluateConnection(model, from, to, protocol, port);
  const objects: KubeObject[] = [];
  const notes: string[] = [];
  const ports = [{ protocol, port }];
  const name = policyName([
    'allow',
    shortName(from),
    'to',
    shortName(to),
    protocol === 'TCP' ? '' : protocol,
    String(port),
  ]);
  // On Calico the direction was decided in a tier: the allow goes there, as a Calico policy
  // ordered before the rule that denied it (a Kubernetes policy would sit in the default tier, too late).
  const calicoAllow = (v: DirectionVerdict, subject: Pod, peer: PeerEndpoint): boolean => {
    if (!v.calico) return false;
    const fix = calicoFixPolicy(model, v, subject, peer, protocol, port);
    if (fix) {
      objects.push(parse(fix.yaml) as KubeObject);
      notes.push(fix.note);
    } else {
      notes.push(
        `${v.direction} is decided in Calico tier ${v.calico.tier}, where no added policy can allow it; change the deciding policy instead.`,
      );
    }
    return true;
  };
  // Cilium deny rules take precedence over every allow (docs.cilium.io "Deny Policies"):
  // no added policy opens what one denies; the deny itself has to be narrowed.
  const ciliumDenied = (v: DirectionVerdict): boolean => {
    const rule = v.decidedBy.find((r) => r.ruleList === 'egressDeny' || r.ruleList === 'ingressDeny');
    if (rule)
      notes.push(
        `${v.direction} is denied by ${rule.policy.kind} ${rule.policy.namespace ? `${rule.policy.namespace}/` : ''}${rule.policy.name} ${rule.ruleList} rule #${rule.ruleIndex}, which no allow overrides: narrow that deny instead.`,
      );
    return rule !== undefined;
  };
  if (
    !verdict.egress.allowed &&
    from.type === 'pod' &&
    !ciliumDenied(verdict.egress) &&
    !calicoAllow(verdict.egress, from.pod, to)
  ) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${name.slice(0, 56).replace(/-$/, '')}-egress`, namespace: from.pod.namespace },
      spec: {
        podSelector: { matchLabels: stableLabels(from.pod) },
        policyTypes: ['Egress'],
        egress: [{ to: [peerOf(to)], ports }],
      },
    });
    notes.push(...selectionNotes(model, from.pod));
  }
  if (
    !verdict.ingress.allowed &&
    to.type === 'pod' &&
    !ciliumDenied(verdict.ingress) &&
    !calicoAllow(verdict.ingress, to.pod, from)
  ) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${name.slice(0, 55).replace(/-$/, '')}-ingress`, namespace: to.pod.namespace },
      spec: {
        podSelector: { matchLabels: stableLabels(to.pod) },
        policyTypes: ['Ingress'],
        ingress: [{ from: [peerOf(from)], ports }],
      },
    });
    notes.push(...selectionNotes(model, to.pod));
  }
  const adminDecided = [verdict.egress, verdict.ingress].find((v) => !v.allowed && v.decidedAt === 'admin');
  if (adminDecided) {
    notes.push(
      `${adminDecided.direction} is denied by an AdminNetworkPolicy, which no NetworkPolicy can override: change ${adminDecided.decidedBy.map((r) => r.policy.name).join(', ')} instead.`,
    );
  }
  if (verdict.allowed) notes.push('The connection is already allowed; nothing to add.');
  return { objects, notes };
}

function endpointAt(model: ClusterModel, address: string | undefined): PeerEndpoint | undefined {
  if (!address) return undefined;
  // `10.0.0.1:5432` or `[fd00::1]:5432`: the address without its port.
  const ip = address.startsWith('[') ? address.slice(1, address.indexOf(']')) : address.replace(/:\d+$/, '');
  const pod = model.index.podByIP.get(ip);
  // A host-network pod is node traffic: no podSelector selects it, an ipBlock of its address does.
  return pod && !pod.hostNetwork ? { type: 'pod', pod } : { type: 'ip', ip };
}

function portOf(address: string | undefined): number | undefined {
  const m = /:(\d+)$/.exec(address ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * The suggestion for a traced path, read off its policy hops: the addresses there are
 * the ones policy sees (after Service DNAT, before or after SNAT as the data plane does it).
 */
export function suggestForTrace(model: ClusterModel, trace: TraceResult): PolicySuggestion {
  const egressHop = trace.hops.find((h) => h.kind === 'policy-egress');
  const ingressHop = trace.hops.find((h) => h.kind === 'policy-ingress');
  const hop = egressHop ?? ingressHop;
  const from = endpointAt(model, (ingressHop?.reached !== false ? ingressHop : undefined)?.src ?? hop?.src);
  const to = endpointAt(model, hop?.dst);
  const port = portOf(hop?.dst) ?? trace.query?.port;
  if (!from || !to || port === undefined)
    return { objects: [], notes: ['This path has no policy hop to suggest a policy for.'] };
  return suggestAllowPolicies(model, from, to, trace.query?.protocol ?? 'TCP', port);
}

/**
 * NetworkPolicy `ports` for a reach connection string (`TCP 80,8080-8090,UDP 53`, as
 * formatConnections writes it); undefined for `All Connections` (a rule without ports).
 */
function policyPorts(conn: string): Record<string, unknown>[] | undefined {
  if (conn === 'All Connections') return undefined;
  const ports: Record<string, unknown>[] = [];
  let protocol: string | undefined;
  for (const token of conn.split(',')) {
    const m = /^(SCTP|TCP|UDP) (.+)$/.exec(token.trim());
    const range = m ? m[2]! : token.trim();
    if (m) protocol = m[1];
    if (!protocol) continue;
    const [a, b] = range.split('-').map(Number) as [number, number | undefined];
    if (a === 1 && b === 65535) ports.push({ protocol });
    else ports.push(b === undefined ? { protocol, port: a } : { protocol, port: a, endPort: b });
  }
  return ports;
}

/** A reach peer name (`ns/pod` at pod granularity, `ns/name[Kind]` at workload granularity) → one of its pods. */
function podOfPeer(model: ClusterModel, name: string): Pod | undefined {
  const direct = model.pods.get(name);
  if (direct) return direct.hostNetwork ? undefined : direct;
  const m = /^([^/]+)\/(.+)\[(\w+)\]$/.exec(name);
  const pod = m ? model.index.podsByWorkload.get(`${m[1]}/${m[3]}/${m[2]}`)?.[0] : undefined;
  return pod && !pod.hostNetwork ? pod : undefined;
}

/**
 * Policies that produce `reach` between the workloads of the model when they are the
 * only policies: a default deny (both directions) per namespace that has pods, and for
 * each allowed pod-to-pod pair an egress rule at the source and an ingress rule at the
 * destination with its ports. Pods are selected by their workload's stable labels, so
 * replicas of one workload are one peer (as reach at workload granularity has them).
 * Pairs with an address range are left out and listed in the notes: an ipBlock allow
 * would need the range's exceptions spelled out.
 */
export function suggestForReach(model: ClusterModel, reach: ReachResult): PolicySuggestion {
  const notes: string[] = [];
  const egress = new Map<string, { pod: Pod; rules: Record<string, unknown>[] }>();
  const ingress = new Map<string, { pod: Pod; rules: Record<string, unknown>[] }>();
  const add = (map: typeof egress, pod: Pod, rule: Record<string, unknown>) => {
    const key = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`;
    const entry = map.get(key) ?? { pod, rules: [] };
    entry.rules.push(rule);
    map.set(key, entry);
  };
  for (const pair of reach.pairs) {
    const src = podOfPeer(model, pair.from);
    const dst = podOfPeer(model, pair.to);
    if (!src || !dst) {
      notes.push(
        `${pair.from} => ${pair.to}: only pod-to-pod pairs are turned into policies (address ranges and nodes are not).`,
      );
      continue;
    }
    const ports = policyPorts(pair.conn);
    const withPorts = (rule: Record<string, unknown>) => (ports ? { ...rule, ports } : rule);
    add(egress, src, withPorts({ to: [peerOf({ type: 'pod', pod: dst })] }));
    add(ingress, dst, withPorts({ from: [peerOf({ type: 'pod', pod: src })] }));
  }
  const objects: KubeObject[] = [];
  const namespaces = [
    ...new Set([...model.pods.values()].filter((p) => !p.hostNetwork).map((p) => p.namespace)),
  ].sort();
  for (const ns of namespaces) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
  const perWorkload = (map: typeof egress, direction: 'Egress' | 'Ingress') => {
    for (const [, { pod, rules }] of [...map].sort(([a], [b]) => a.localeCompare(b))) {
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: policyName(['allow', appName(pod), direction]), namespace: pod.namespace },
        spec: {
          podSelector: { matchLabels: stableLabels(pod) },
          policyTypes: [direction],
          [direction === 'Egress' ? 'egress' : 'ingress']: rules,
        },
      });
      notes.push(...selectionNotes(model, pod));
    }
  };
  perWorkload(egress, 'Egress');
  perWorkload(ingress, 'Ingress');
  return { objects, notes: [...new Set(notes)] };
}
