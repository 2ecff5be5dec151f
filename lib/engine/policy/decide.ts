// The evaluation order of one direction of a connection, in one place.

import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  intersectConnections,
  isEmptyConnections,
  subtractConnections,
  unionAllConnections,
  unionConnections,
  type ConnectionSet,
} from '../net/connection-set';
import type { ClusterModel, NetworkPolicy, PolicyDirection } from '../../model/types';
import type { CiliumPolicy } from '../../model/cilium';
import { decideCalicoDirection, type CalicoTrail } from './calico/decide';
import { ciliumEnforcement, ciliumSelecting, ciliumStage } from './cilium/stage';
import { adminRef } from './refs';
import { adminPeerMatches, policyRuleMatches } from './peers';
import { adminRuleConnections, policyRuleConnections } from './ports';
import { selectingPolicies, type SelectingPolicies } from './selecting';
import type { EvaluateOptions, PeerEndpoint, PolicyRuleRef } from './types';

/** `calico`: a Calico tier decided (see `calicoTier`); `profile`: Calico's profiles (the last step). */
export type DecisionTier = 'admin' | 'networkpolicy' | 'baseline' | 'default' | 'calico' | 'profile';

/** A part of the evaluated connections and the tier/rules that decided it. */
export interface DecisionSegment {
  readonly tier: DecisionTier;
  readonly allowed: boolean;
  readonly conns: ConnectionSet;
  /** Rules that decided this part; empty for NetworkPolicy's implicit deny and the default. */
  readonly by: readonly PolicyRuleRef[];
  /** ANP `Pass` rules this part went through before a lower tier decided it. */
  readonly passedBy: readonly PolicyRuleRef[];
  // Additive (Calico evaluation only):
  /** The Calico tier that decided (`default`, `kube-admin`, `platform`, ...). */
  readonly calicoTier?: string;
  /** Set when no rule of the tier matched and the tier's default action decided. */
  readonly tierDefault?: 'Deny' | 'Pass';
}

export interface DirectionDecision {
  readonly direction: PolicyDirection;
  /** The side whose policies apply: the source for Egress, the destination for Ingress. */
  readonly subject: PeerEndpoint;
  /** The other side, matched against the rules' peers. */
  readonly peer: PeerEndpoint;
  readonly allowed: ConnectionSet;
  /** Some NetworkPolicy selects the subject for this direction. */
  readonly isolated: boolean;
  /** Undefined when the subject is an address (no policy selects addresses). */
  readonly selecting?: SelectingPolicies;
  /** Disjoint parts covering the evaluated scope, in the order they were decided. */
  readonly segments: readonly DecisionSegment[];
  // Additive:
  /** The Calico tiers and policies the connections went through (Calico evaluation only). */
  readonly calico?: CalicoTrail;
  /** On a cluster with Cilium policies: those selecting the subject for the direction. */
  readonly ciliumPolicies?: readonly CiliumPolicy[];
  /** On a cluster with Cilium policies, when not `default`: the agent's enable-policy mode. */
  readonly ciliumEnforcement?: 'always' | 'never';
}

interface Pass {
  readonly ref: PolicyRuleRef;
  readonly conns: ConnectionSet;
}

const passesOver = (passes: readonly Pass[], conns: ConnectionSet) =>
  passes.filter((p) => !isEmptyConnections(intersectConnections(p.conns, conns))).map((p) => p.ref);

/**
 * Decides which of the connections in `scope` (default: all) the policies allow in one
 * direction: Egress at `src` or Ingress at `dst`. The order is:
 *
 * 1. AdminNetworkPolicies selecting the subject, by priority, each rule in order: the
 *    first rule whose peers match and whose ports cover a connection decides it
 *    (`Allow`, `Deny`), or hands it on past every other ANP (`Pass`).
 * 2. NetworkPolicies, for what is left or passed: when any selects the subject for the
 *    direction, the union of their matching rules is allowed and the rest is denied.
 *    On a cluster holding Cilium policies this slot is `ciliumStage`: Cilium deny
 *    rules first, then Kubernetes and Cilium allows unioned, then default deny.
 * 3. Otherwise the baseline tier: baseline ClusterNetworkPolicies by priority, then the
 *    BaselineAdminNetworkPolicy's rules, in order (`Allow` / `Deny`; CNP `Pass` → 4).
 *    Admin-tier ClusterNetworkPolicies sit in step 1 beside the ANPs, by priority.
 * 4. Whatever no tier decided is allowed (the Kubernetes default).
 *
 * An address (not a pod) as the subject is never selected: everything is allowed.
 * Works on connection sets, so the per-port verdict and the full set are the same
 * computation with a different scope.
 */
export function decideDirection(
  model: ClusterModel,
  src: PeerEndpoint,
  dst: PeerEndpoint,
  direction: PolicyDirection,
  scope: ConnectionSet = ALL_CONNECTIONS,
  options: EvaluateOptions = {},
): DirectionDecision {
  // A cluster with Calico policy objects is evaluated the way Felix does: tiers.
  if (model.calico) return decideCalicoDirection(model, model.calico, src, dst, direction, scope, options);
  const ingress = direction === 'Ingress';
  const subject = ingress ? dst : src;
  const peer = ingress ? src : dst;
  if (subject.type !== 'pod') {
    // A node address can be the subject of a Cilium host policy (nodeSelector).
    const host = decideHost(model, subject, peer, dst, direction, scope);
    if (host) return host;
    const segments = isEmptyConnections(scope)
      ? []
      : [{ tier: 'default' as const, allowed: true, conns: scope, by: [], passedBy: [] }];
    return { direction, subject, peer, allowed: scope, isolated: false, segments };
  }
  const selecting = selectingPolicies(model, subject.pod, direction);
  const segments: DecisionSegment[] = [];
  const passes: Pass[] = [];
  let open = scope;

  // 1. AdminNetworkPolicies (already sorted by priority in the model).
  for (const anp of selecting.admin) {
    const rules = ingress ? anp.ingress : anp.egress;
    rules.forEach((rule, index) => {
      if (isEmptyConnections(open) || !rule.peers.some((p) => adminPeerMatches(model, p, peer))) return;
      const conns = intersectConnections(adminRuleConnections(rule, dst), open);
      if (isEmptyConnections(conns)) return;
      open = subtractConnections(open, conns);
      const ref = adminRef(anp, direction, index, rule);
      if (rule.action === 'Pass') passes.push({ ref, conns });
      else segments.push({ tier: 'admin', allowed: rule.action === 'Allow', conns, by: [ref], passedBy: [] });
    });
  }
  open = unionConnections(open, unionAllConnections(passes.map((p) => p.conns)));

  // 2. NetworkPolicies: selected = isolated; the union of matching rules is allowed.
  let isolated = selecting.networkPolicies.length > 0;
  let ciliumPolicies: readonly CiliumPolicy[] | undefined;
  let enforcement: 'always' | 'never' | undefined;
  if (model.ciliumPolicies?.length) {
    // 2. On a cluster with Cilium policies: NetworkPolicies and Cilium policies as one
    //    set, deny rules first (cilium/stage.ts).
    const np = networkPolicyAllows(model, selecting.networkPolicies, direction, peer, dst, open, options);
    const stage = ciliumStage(model, { type: 'pod', pod: subject.pod }, peer, dst, direction, open, {
      selected: isolated,
      ...np,
    });
    for (const s of stage.segments)
      segments.push({ tier: 'networkpolicy', ...s, passedBy: passesOver(passes, s.conns) });
    open = stage.open;
    isolated = stage.isolated;
    ciliumPolicies = stage.policies;
    const mode = ciliumEnforcement(model);
    if (mode !== 'default') enforcement = mode;
  } else if (isolated && !isEmptyConnections(open)) {
    const { allowed, by } = networkPolicyAllows(
      model,
      selecting.networkPolicies,
      direction,
      peer,
      dst,
      open,
      options,
    );
    const denied = subtractConnections(open, allowed);
    if (!isEmptyConnections(allowed)) {
      segments.push({
        tier: 'networkpolicy',
        allowed: true,
        conns: allowed,
        by,
        passedBy: passesOver(passes, allowed),
      });
    }
    if (!isEmptyConnections(denied)) {
      segments.push({
        tier: 'networkpolicy',
        allowed: false,
        conns: denied,
        by: [],
        passedBy: passesOver(passes, denied),
      });
    }
    open = NO_CONNECTIONS;
  }
  // 3. Baseline tier, only for what no NetworkPolicy captured: baseline-tier
  //    ClusterNetworkPolicies by priority, then the BaselineAdminNetworkPolicy. A Pass
  //    there hands the connection to the default.
  const baselines = [
    ...(selecting.baselineCluster ?? []),
    ...(selecting.baseline ? [selecting.baseline] : []),
  ];
  let passedToDefault = NO_CONNECTIONS;
  for (const baseline of baselines) {
    const rules = ingress ? baseline.ingress : baseline.egress;
    rules.forEach((rule, index) => {
      if (isEmptyConnections(open)) return;
      if (rule.action === 'Pass' && baseline.kind !== 'ClusterNetworkPolicy') return;
      if (!rule.peers.some((p) => adminPeerMatches(model, p, peer))) return;
      const conns = intersectConnections(adminRuleConnections(rule, dst), open);
      if (isEmptyConnections(conns)) return;
      open = subtractConnections(open, conns);
      const ref = adminRef(baseline, direction, index, rule);
      if (rule.action === 'Pass') {
        passes.push({ ref, conns });
        passedToDefault = unionConnections(passedToDefault, conns);
        return;
      }
      segments.push({
        tier: 'baseline',
        allowed: rule.action === 'Allow',
        conns,
        by: [ref],
        passedBy: passesOver(passes, conns),
      });
    });
  }
  open = unionConnections(open, passedToDefault);
  // 4. The default: allowed.
  if (!isEmptyConnections(open)) {
    segments.push({
      tier: 'default',
      allowed: true,
      conns: open,
      by: [],
      passedBy: passesOver(passes, open),
    });
  }
  const allowed = unionAllConnections(segments.filter((s) => s.allowed).map((s) => s.conns));
  return {
    direction,
    subject,
    peer,
    allowed,
    isolated,
    selecting,
    segments,
    ...(ciliumPolicies ? { ciliumPolicies } : {}),
    ...(enforcement ? { ciliumEnforcement: enforcement } : {}),
  };
}

/** The union of the NetworkPolicy rules (of `policies`, all selecting the subject) matching `peer`, within `open`. */
function networkPolicyAllows(
  model: ClusterModel,
  policies: readonly NetworkPolicy[],
  direction: PolicyDirection,
  peer: PeerEndpoint,
  dst: PeerEndpoint,
  open: ConnectionSet,
  options: EvaluateOptions,
): { allowed: ConnectionSet; by: PolicyRuleRef[] } {
  const by: PolicyRuleRef[] = [];
  let allowed = NO_CONNECTIONS;
  if (isEmptyConnections(open)) return { allowed, by };
  for (const policy of policies) {
    const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
    rules.forEach((rule, index) => {
      if (!policyRuleMatches(model, policy, rule, peer, options)) return;
      const conns = intersectConnections(policyRuleConnections(rule, dst), open);
      if (isEmptyConnections(conns)) return;
      allowed = unionConnections(allowed, conns);
      by.push({
        policy: { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name },
        tier: 'networkpolicy',
        direction,
        ruleIndex: index,
      });
    });
  }
  return { allowed, by };
}

/**
 * A Cilium host policy at a node address: the node is its own endpoint, selected by
 * nodeSelector; only the Cilium stage applies (NetworkPolicies and the admin tiers do
 * not select nodes). Undefined when no host policy selects the node for the direction.
 */
function decideHost(
  model: ClusterModel,
  subject: PeerEndpoint,
  peer: PeerEndpoint,
  dst: PeerEndpoint,
  direction: PolicyDirection,
  scope: ConnectionSet,
): DirectionDecision | undefined {
  if (!model.ciliumPolicies?.length || subject.type !== 'ip') return undefined;
  const node = model.index.nodeByIP.get(subject.ip);
  if (!node || ciliumSelecting(model, { type: 'node', node }, direction).length === 0) return undefined;
  const stage = ciliumStage(model, { type: 'node', node }, peer, dst, direction, scope, {
    selected: false,
    allowed: NO_CONNECTIONS,
    by: [],
  });
  const segments: DecisionSegment[] = stage.segments.map((s) => ({
    tier: 'networkpolicy',
    ...s,
    passedBy: [],
  }));
  if (!isEmptyConnections(stage.open))
    segments.push({ tier: 'default', allowed: true, conns: stage.open, by: [], passedBy: [] });
  const allowed = unionAllConnections(segments.filter((s) => s.allowed).map((s) => s.conns));
  return {
    direction,
    subject,
    peer,
    allowed,
    isolated: stage.isolated,
    segments,
    ciliumPolicies: stage.policies,
  };
}
