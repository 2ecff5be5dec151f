// The naive baseline the benchmark compares against: the same semantics written the
// straightforward way. Every query finds its pods by scanning all pods, finds the
// selecting policies by scanning all policies and namespaces, and reach evaluates
// every pair of peers separately (no equivalence classes, no memoisation). Rule
// matching and port resolution reuse the engine's pure helpers, so only the search
// strategy differs.

import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  containsConnection,
  formatConnections,
  formatIPv4Interval,
  intersectConnections,
  isEmptyConnections,
  numberToIPv4,
  subtractConnections,
  unionConnections,
  type ConnectionSet,
} from '../lib/engine/net';
import { adminPeerMatches, policyPeerMatches } from '../lib/engine/policy/peers';
import { adminRuleConnections, policyRuleConnections } from '../lib/engine/policy/ports';
import type { PeerEndpoint } from '../lib/engine/policy/types';
import { destinationRanges, sourceRanges } from '../lib/engine/reach/ip-ranges';
import type { ReachPair, ReachResult } from '../lib/engine/types';
import { matchesSelector } from '../lib/model/selectors';
import type {
  AdminNetworkPolicy,
  ClusterModel,
  Labels,
  Pod,
  PolicyDirection,
  Protocol,
} from '../lib/model/types';

function nsLabels(model: ClusterModel, name: string): Labels {
  const ns = [...model.namespaces.values()].find((n) => n.name === name);
  return { 'kubernetes.io/metadata.name': name, ...(ns?.labels ?? {}) };
}

function subjectSelects(model: ClusterModel, p: AdminNetworkPolicy, pod: Pod): boolean {
  if (!matchesSelector(p.subject.namespaceSelector, nsLabels(model, pod.namespace))) return false;
  return p.subject.type === 'namespaces' || matchesSelector(p.subject.podSelector, pod.labels);
}

/** Allowed connections in one direction, scanning every policy (ANP → NP → BANP → allow). */
function naiveDirection(
  model: ClusterModel,
  src: PeerEndpoint,
  dst: PeerEndpoint,
  dir: PolicyDirection,
): ConnectionSet {
  const ingress = dir === 'Ingress';
  const subject = ingress ? dst : src;
  const peer = ingress ? src : dst;
  if (subject.type !== 'pod') return ALL_CONNECTIONS;
  const pod = subject.pod;
  let open = ALL_CONNECTIONS;
  let allowed = NO_CONNECTIONS;
  let passed = NO_CONNECTIONS;
  for (const anp of model.adminPolicies) {
    if (!subjectSelects(model, anp, pod)) continue;
    for (const rule of ingress ? anp.ingress : anp.egress) {
      if (!rule.peers.some((p) => adminPeerMatches(model, p, peer))) continue;
      const conns = intersectConnections(adminRuleConnections(rule, dst), open);
      open = subtractConnections(open, conns);
      if (rule.action === 'Allow') allowed = unionConnections(allowed, conns);
      if (rule.action === 'Pass') passed = unionConnections(passed, conns);
    }
  }
  open = unionConnections(open, passed);
  const selecting = model.networkPolicies.filter(
    (p) =>
      p.namespace === pod.namespace &&
      p.policyTypes.includes(dir) &&
      matchesSelector(p.podSelector, pod.labels),
  );
  if (selecting.length > 0) {
    let np = NO_CONNECTIONS;
    for (const p of selecting) {
      for (const rule of ingress ? p.ingress : p.egress) {
        if (rule.peers.length > 0 && !rule.peers.some((x) => policyPeerMatches(model, p, x, peer, {})))
          continue;
        np = unionConnections(np, policyRuleConnections(rule, dst));
      }
    }
    return unionConnections(allowed, intersectConnections(np, open));
  }
  const base = model.baselinePolicy;
  if (base && subjectSelects(model, base, pod)) {
    for (const rule of ingress ? base.ingress : base.egress) {
      if (!rule.peers.some((p) => adminPeerMatches(model, p, peer))) continue;
      const conns = intersectConnections(adminRuleConnections(rule, dst), open);
      open = subtractConnections(open, conns);
      if (rule.action === 'Allow') allowed = unionConnections(allowed, conns);
    }
  }
  return unionConnections(allowed, open);
}

/** The connections allowed from one peer to another, every policy scanned (the per-pair evaluator). */
export function naiveConnections(model: ClusterModel, src: PeerEndpoint, dst: PeerEndpoint): ConnectionSet {
  return intersectConnections(
    naiveDirection(model, src, dst, 'Egress'),
    naiveDirection(model, src, dst, 'Ingress'),
  );
}

/** One connection, finding both pods by scanning the pod list. */
export function naiveEvaluate(
  model: ClusterModel,
  fromKey: string,
  toKey: string,
  protocol: Protocol,
  port: number,
): boolean {
  const pods = [...model.pods.values()];
  const from = pods.find((p) => p.key === fromKey);
  const to = pods.find((p) => p.key === toKey);
  if (!from || !to) throw new Error(`unknown pod ${fromKey} or ${toKey}`);
  return containsConnection(
    naiveConnections(model, { type: 'pod', pod: from }, { type: 'pod', pod: to }),
    protocol,
    port,
  );
}

/** Reach at workload granularity, every pair evaluated on its own. */
export function naiveReach(model: ClusterModel): ReachResult {
  const peers = new Map<string, Pod>();
  for (const pod of [...model.pods.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
    if (!peers.has(name)) peers.set(name, pod);
  }
  const pairs: ReachPair[] = [];
  const add = (from: string, to: string, conns: ConnectionSet) => {
    if (!isEmptyConnections(conns)) pairs.push({ from, to, conn: formatConnections(conns) });
  };
  const ip = (n: number): PeerEndpoint => ({ type: 'ip', ip: numberToIPv4(n) });
  for (const r of sourceRanges(model)) {
    for (const [name, pod] of peers)
      add(
        `${formatIPv4Interval(r)}[External]`,
        name,
        naiveConnections(model, ip(r[0]), { type: 'pod', pod }),
      );
  }
  const dstRanges = destinationRanges(model);
  for (const [from, src] of peers) {
    for (const r of dstRanges)
      add(
        from,
        `${formatIPv4Interval(r)}[External]`,
        naiveConnections(model, { type: 'pod', pod: src }, ip(r[0])),
      );
    for (const [to, dst] of peers)
      if (to !== from)
        add(from, to, naiveConnections(model, { type: 'pod', pod: src }, { type: 'pod', pod: dst }));
  }
  return {
    pairs: pairs.sort((x, y) =>
      x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0,
    ),
  };
}
