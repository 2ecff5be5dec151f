// The NetworkPolicy slot of a cluster that holds Cilium policies. Cilium turns
// Kubernetes NetworkPolicies into its own rules and enforces them with
// CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies as one set
// (docs.cilium.io security/policy/intro "Policy Enforcement Modes",
// security/policy/language "Deny Policies"):
//   1. deny rules (ingressDeny / egressDeny) of every selecting policy win over every
//      allow, whatever policy the allow comes from;
//   2. the allows of all selecting policies, Kubernetes and Cilium, are unioned;
//   3. an endpoint selected for a direction by any policy that enables default deny
//      (a NetworkPolicy listing the direction; a Cilium policy with rules for it, or
//      `enableDefaultDeny`) drops what no allow covers;
//   4. otherwise what is left goes on (to the baseline tier, then the default allow).

import {
  NO_CONNECTIONS,
  intersectConnections,
  isEmptyConnections,
  subtractConnections,
  unionConnections,
  type ConnectionSet,
} from '../../net/connection-set';
import type { CiliumPolicy, CiliumRule, CiliumRuleList } from '../../../model/cilium';
import type { ClusterModel, NodeInfo, Pod, PolicyDirection } from '../../../model/types';
import { labelsKey } from '../selecting';
import type { PeerEndpoint, PolicyRuleRef } from '../types';
import { peerIdentity, podIdentity, type CiliumIdentity } from './identity';
import { ciliumRuleConnections, ciliumRuleMatches, ciliumSelectsNode, ciliumSelectsPod } from './match';

/** What a Cilium policy holds for one direction. */
export function ciliumLists(
  policy: CiliumPolicy,
  direction: PolicyDirection,
): {
  allow: readonly CiliumRule[];
  deny: readonly CiliumRule[];
  allowList: CiliumRuleList;
  denyList: CiliumRuleList;
} {
  return direction === 'Ingress'
    ? { allow: policy.ingress, deny: policy.ingressDeny, allowList: 'ingress', denyList: 'ingressDeny' }
    : { allow: policy.egress, deny: policy.egressDeny, allowList: 'egress', denyList: 'egressDeny' };
}

function hasRulesFor(policy: CiliumPolicy, direction: PolicyDirection): boolean {
  const { allow, deny } = ciliumLists(policy, direction);
  return (
    allow.length + deny.length > 0 ||
    (direction === 'Ingress' ? policy.defaultDeny.ingress : policy.defaultDeny.egress)
  );
}

/** The subject of a Cilium decision: a pod endpoint, or a node (host policies). */
export type CiliumSubject =
  { readonly type: 'pod'; readonly pod: Pod } | { readonly type: 'node'; readonly node: NodeInfo };

const caches = new WeakMap<ClusterModel, Map<string, readonly CiliumPolicy[]>>();

/** Cilium policies selecting the subject with rules (or default deny) for the direction. */
export function ciliumSelecting(
  model: ClusterModel,
  subject: CiliumSubject,
  direction: PolicyDirection,
): readonly CiliumPolicy[] {
  const all = model.ciliumPolicies ?? [];
  if (all.length === 0) return [];
  let cache = caches.get(model);
  if (!cache) caches.set(model, (cache = new Map()));
  const key =
    subject.type === 'pod'
      ? `p${direction}\u0000${subject.pod.namespace}\u0000${labelsKey(subject.pod)}\u0000${subject.pod.hostNetwork}`
      : `n${direction}\u0000${subject.node.name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const list = all.filter(
    (p) =>
      hasRulesFor(p, direction) &&
      (subject.type === 'pod'
        ? ciliumSelectsPod(p, subject.pod, podIdentity(model, subject.pod))
        : ciliumSelectsNode(p, subject.node)),
  );
  cache.set(key, list);
  return list;
}

export function ciliumRef(
  policy: CiliumPolicy,
  direction: PolicyDirection,
  list: CiliumRuleList,
  index: number,
  action: 'Allow' | 'Deny',
): PolicyRuleRef {
  return {
    policy: {
      kind: policy.kind,
      ...(policy.namespace !== undefined ? { namespace: policy.namespace } : {}),
      name: policy.name,
    },
    tier: 'networkpolicy',
    direction,
    ruleIndex: index,
    ruleList: list,
    field: `${policy.specPath}.${list}[${index}]`,
    action,
  };
}

/** The Kubernetes NetworkPolicy part of the slot, computed by decide.ts. */
export interface NetworkPolicyPart {
  /** Some NetworkPolicy selects the subject for the direction. */
  readonly selected: boolean;
  readonly allowed: ConnectionSet;
  readonly by: readonly PolicyRuleRef[];
}

export interface CiliumSegment {
  readonly allowed: boolean;
  readonly conns: ConnectionSet;
  readonly by: readonly PolicyRuleRef[];
}

/**
 * The agent's policy enforcement mode, `enable-policy` in kube-system/cilium-config
 * (docs.cilium.io security/policy/intro): `default` isolates selected endpoints,
 * `always` every endpoint, `never` none (no policy is enforced at all).
 */
export type CiliumEnforcement = 'default' | 'always' | 'never';

const modes = new WeakMap<ClusterModel, CiliumEnforcement>();
export function ciliumEnforcement(model: ClusterModel): CiliumEnforcement {
  let mode = modes.get(model);
  if (!mode) {
    const cm = (model.objectsByKind.get('ConfigMap') ?? []).find(
      (o) => o.metadata.name === 'cilium-config' && o.metadata.namespace === 'kube-system',
    );
    const v = (cm?.data as Record<string, unknown> | undefined)?.['enable-policy'];
    mode = v === 'always' || v === 'never' ? v : 'default';
    modes.set(model, mode);
  }
  return mode;
}

export interface CiliumStageResult {
  readonly segments: readonly CiliumSegment[];
  /** What no policy of the slot decided: goes on to the baseline tier. */
  readonly open: ConnectionSet;
  /** The subject is in default deny for this direction. */
  readonly isolated: boolean;
  readonly policies: readonly CiliumPolicy[];
}

/**
 * Decides `open` for one direction at `subject` against `peer` (`dst` is the
 * destination, whose named ports toPorts resolve).
 */
export function ciliumStage(
  model: ClusterModel,
  subject: CiliumSubject,
  peer: PeerEndpoint,
  dst: PeerEndpoint,
  direction: PolicyDirection,
  open: ConnectionSet,
  np: NetworkPolicyPart,
): CiliumStageResult {
  const mode = ciliumEnforcement(model);
  // enable-policy=never: nothing is enforced, Kubernetes NetworkPolicies included.
  if (mode === 'never') return { segments: [], open, isolated: false, policies: [] };
  const policies = ciliumSelecting(model, subject, direction);
  const subjectNode = subject.type === 'pod' ? subject.pod.nodeName : subject.node.name;
  const id: CiliumIdentity = peerIdentity(model, peer, subjectNode);
  const segments: CiliumSegment[] = [];
  // 1. Deny rules, all of them, before any allow.
  let denied = NO_CONNECTIONS;
  const denyBy: PolicyRuleRef[] = [];
  for (const policy of policies) {
    const { deny, denyList } = ciliumLists(policy, direction);
    deny.forEach((rule, index) => {
      if (!ciliumRuleMatches(model, rule, id)) return;
      const conns = intersectConnections(ciliumRuleConnections(rule, dst), open);
      if (isEmptyConnections(conns)) return;
      denied = unionConnections(denied, conns);
      denyBy.push(ciliumRef(policy, direction, denyList, index, 'Deny'));
    });
  }
  if (!isEmptyConnections(denied)) segments.push({ allowed: false, conns: denied, by: denyBy });
  let rest = subtractConnections(open, denied);
  // 2. Allows: Kubernetes and Cilium unioned.
  let allowed = intersectConnections(np.allowed, rest);
  const allowBy: PolicyRuleRef[] = isEmptyConnections(allowed) ? [] : [...np.by];
  for (const policy of policies) {
    const { allow, allowList } = ciliumLists(policy, direction);
    allow.forEach((rule, index) => {
      if (!ciliumRuleMatches(model, rule, id)) return;
      const conns = intersectConnections(ciliumRuleConnections(rule, dst), rest);
      if (isEmptyConnections(conns)) return;
      allowed = unionConnections(allowed, conns);
      allowBy.push(ciliumRef(policy, direction, allowList, index, 'Allow'));
    });
  }
  if (!isEmptyConnections(allowed)) segments.push({ allowed: true, conns: allowed, by: allowBy });
  rest = subtractConnections(rest, allowed);
  // 3. Default deny once any policy enabling it selects the subject.
  const isolated =
    (mode === 'always' && subject.type === 'pod') ||
    np.selected ||
    policies.some((p) => (direction === 'Ingress' ? p.defaultDeny.ingress : p.defaultDeny.egress));
  if (isolated && !isEmptyConnections(rest)) {
    segments.push({ allowed: false, conns: rest, by: [] });
    rest = NO_CONNECTIONS;
  }
  return { segments, open: rest, isolated, policies };
}
