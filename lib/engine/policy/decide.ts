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
import type { ClusterModel, PolicyDirection } from '../../model/types';
import { decideCalicoDirection, type CalicoTrail } from './calico/decide';
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
 * 3. Otherwise the BaselineAdminNetworkPolicy's rules, in order (`Allow` / `Deny`).
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
    const segments = isEmptyConnections(scope) ? [] : [{ tier: 'default' as const, allowed: true, conns: scope, by: [], passedBy: [] }];
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
  const isolated = selecting.networkPolicies.length > 0;
  if (isolated && !isEmptyConnections(open)) {
    const by: PolicyRuleRef[] = [];
    let allowed = NO_CONNECTIONS;
    for (const policy of selecting.networkPolicies) {
      const rules = ingress ? policy.ingress : policy.egress;
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
    const denied = subtractConnections(open, allowed);
    if (!isEmptyConnections(allowed)) {
      segments.push({ tier: 'networkpolicy', allowed: true, conns: allowed, by, passedBy: passesOver(passes, allowed) });
    }
    if (!isEmptyConnections(denied)) {
      segments.push({ tier: 'networkpolicy', allowed: false, conns: denied, by: [], passedBy: passesOver(passes, denied) });
    }
    open = NO_CONNECTIONS;
  }

  // 3. BaselineAdminNetworkPolicy, only for what no NetworkPolicy captured.
  const baseline = selecting.baseline;
  if (baseline && !isEmptyConnections(open)) {
    const rules = ingress ? baseline.ingress : baseline.egress;
    rules.forEach((rule, index) => {
      if (rule.action === 'Pass' || isEmptyConnections(open)) return;
      if (!rule.peers.some((p) => adminPeerMatches(model, p, peer))) return;
      const conns = intersectConnections(adminRuleConnections(rule, dst), open);
      if (isEmptyConnections(conns)) return;
      open = subtractConnections(open, conns);
      const ref = adminRef(baseline, direction, index, rule);
      segments.push({ tier: 'baseline', allowed: rule.action === 'Allow', conns, by: [ref], passedBy: passesOver(passes, conns) });
    });
  }

  // 4. The default: allowed.
  if (!isEmptyConnections(open)) {
    segments.push({ tier: 'default', allowed: true, conns: open, by: [], passedBy: passesOver(passes, open) });
  }
  const allowed = unionAllConnections(segments.filter((s) => s.allowed).map((s) => s.conns));
  return { direction, subject, peer, allowed, isolated, selecting, segments };
}
