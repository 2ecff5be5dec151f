// Plain-words reasons and sentences for verdicts. Every sentence names the policy and
// rule (or the default) that decided, so the UI, the CLI and the JSON say the same thing.

import { containsConnection, formatConnections, isEmptyConnections } from '../net/connection-set';
import type { ClusterModel, NetworkPolicy, PolicyRule, Protocol } from '../../model/types';
import type { DecisionSegment, DirectionDecision } from './decide';
import { describePolicyPeer, endpointName, policyRuleMatches } from './peers';
import { policyRuleConnections } from './ports';
import type { EvaluateOptions, PolicyRuleRef } from './types';
import type { CiliumPolicy } from '../../model/cilium';

function ruleLabel(ref: PolicyRuleRef): string {
  return ref.ruleName !== undefined ? `rule #${ref.ruleIndex} "${ref.ruleName}"` : `rule #${ref.ruleIndex}`;
}

/** `projectcalico.org GlobalNetworkPolicy` for Calico kinds, the bare kind otherwise. */
export function refKindLabel(ref: PolicyRuleRef): string {
  return ref.tier === 'calico' || ref.tier === 'profile'
    ? `projectcalico.org ${ref.policy.kind}`
    : ref.policy.kind;
}

export function describeRuleRef(ref: PolicyRuleRef): string {
  const dir = ref.direction.toLowerCase();
  const name = ref.policy.namespace ? `${ref.policy.namespace}/${ref.policy.name}` : ref.policy.name;
  if (ref.calicoTier !== undefined && ref.tier !== 'profile') {
    return `${refKindLabel(ref)} ${name} (tier ${ref.calicoTier}) ${dir} ${ruleLabel(ref)}${ref.action ? ` ${ref.action}` : ''}`;
  }
  if (ref.tier === 'profile')
    return `${refKindLabel(ref)} ${name} ${dir} ${ruleLabel(ref)}${ref.action ? ` ${ref.action}` : ''}`;
  // Cilium rules name their list (ingressDeny, egress, ...) and, for specs[], the spec.
  if (ref.ruleList) {
    const spec =
      ref.field && ref.field.startsWith('specs[')
        ? ` (${ref.field.slice(0, ref.field.indexOf(']') + 1)})`
        : '';
    return `${ref.policy.kind} ${name} ${ref.ruleList} ${ruleLabel(ref)}${spec}`;
  }
  return `${ref.policy.kind} ${name} ${dir} ${ruleLabel(ref)}`;
}

function ciliumName(p: CiliumPolicy): string {
  return `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

function describeRule(
  policy: NetworkPolicy,
  rule: PolicyRule,
  index: number,
  decision: DirectionDecision,
  model: ClusterModel,
  protocol: Protocol,
  port: number,
  options: EvaluateOptions,
): string {
  const peerName = endpointName(decision.peer);
  const side = decision.direction === 'Ingress' ? 'source' : 'destination';
  const matches = policyRuleMatches(model, policy, rule, decision.peer, options);
  if (!matches) {
    const peers = rule.peers.map((p) => describePolicyPeer(policy, p)).join('; ');
    const ipNote =
      decision.peer.type === 'pod' &&
      rule.peers.some((p) => p.type === 'ipBlock') &&
      !options.ipBlockMatchesPods
        ? ' (ipBlock matches addresses outside the pods, not pods)'
        : '';
    return `rule #${index} does not match ${side} ${peerName} (its peers: ${peers})${ipNote}`;
  }
  const conns = policyRuleConnections(
    rule,
    decision.direction === 'Ingress' ? decision.subject : decision.peer,
  );
  if (isEmptyConnections(conns)) {
    const names = rule.ports
      .filter((p) => typeof p.port === 'string')
      .map((p) => `${p.protocol} ${String(p.port)}`);
    return `rule #${index} matches ${peerName} but its named port(s) ${names.join(', ')} resolve to no container port of the destination`;
  }
  if (!containsConnection(conns, protocol, port)) {
    return `rule #${index} matches ${peerName} but allows only ${formatConnections(conns)}, not ${protocol} ${port}`;
  }
  return `rule #${index} allows ${protocol} ${port} from ${peerName}`;
}

/** Per selecting NetworkPolicy, why none of its rules allows the connection. */
export function networkPolicyReasons(
  model: ClusterModel,
  decision: DirectionDecision,
  protocol: Protocol,
  port: number,
  options: EvaluateOptions,
): string[] {
  const dir = decision.direction.toLowerCase();
  return (decision.selecting?.networkPolicies ?? []).map((policy) => {
    const rules = decision.direction === 'Ingress' ? policy.ingress : policy.egress;
    const head = `NetworkPolicy ${policy.namespace}/${policy.name}`;
    if (rules.length === 0)
      return `${head} selects ${endpointName(decision.subject)} for ${dir} and has no ${dir} rules, so it allows nothing`;
    return `${head}: ${rules.map((r, i) => describeRule(policy, r, i, decision, model, protocol, port, options)).join('; ')}`;
  });
}

/** One clause saying what decided `segment` for this direction (no final period). */
export function directionClause(decision: DirectionDecision, segment: DecisionSegment | undefined): string {
  const dir = decision.direction.toLowerCase();
  const subject = endpointName(decision.subject);
  const passed =
    segment && segment.passedBy.length > 0
      ? `${segment.passedBy.map(describeRuleRef).join(' and ')} passes it on, then `
      : '';
  if (decision.subject.type === 'ip' && !decision.ciliumPolicies?.length) {
    return `${dir} at ${subject} is not restricted: policies select pods, not outside addresses`;
  }
  if (!segment) return `nothing to decide for ${dir} at ${subject}`;
  switch (segment.tier) {
    case 'admin':
    case 'baseline':
      return `${passed}${segment.by.map(describeRuleRef).join(' and ')} ${segment.allowed ? 'allows' : 'denies'} it`;
    case 'networkpolicy': {
      if (segment.allowed)
        return `${passed}${segment.by.map(describeRuleRef).join(' and ')} ${segment.by.length > 1 ? 'allow' : 'allows'} it`;
      if (segment.by.length > 0) {
        return `${passed}${segment.by.map(describeRuleRef).join(' and ')} ${segment.by.length > 1 ? 'deny' : 'denies'} it (Cilium deny rules take precedence over every allow)`;
      }
      const nps = (decision.selecting?.networkPolicies ?? []).map((p) => `${p.namespace}/${p.name}`);
      const cilium = (decision.ciliumPolicies ?? []).map(ciliumName);
      const by = [...(nps.length ? [`NetworkPolicy ${nps.join(', ')}`] : []), ...cilium].join(' and ');
      if (!by)
        return `${passed}${subject} is in default deny for ${dir} (Cilium enable-policy=always) and no rule allows it`;
      return `${passed}${subject} is isolated for ${dir} by ${by} and no rule allows it`;
    }
    case 'calico':
    case 'profile': {
      if (segment.by.length > 0)
        return `${passed}${segment.by.map(describeRuleRef).join(' and ')} ${segment.allowed ? 'allows' : 'denies'} it`;
      if (segment.tier === 'profile')
        return `${passed}no profile rule of ${subject} matches, so Calico drops it`;
      return `${passed}policies of Calico tier ${segment.calicoTier ?? '?'} select ${subject} for ${dir} and none matches, so the tier's default action Deny drops it`;
    }
    case 'default': {
      if (decision.calico)
        return `${passed}${subject} is no Calico endpoint, so no policy applies and it is allowed`;
      const baseline = decision.selecting?.baseline ? ' and no BaselineAdminNetworkPolicy rule matches' : '';
      if (decision.ciliumEnforcement === 'never')
        return `${passed}Cilium runs with enable-policy=never: no policy is enforced, so it is allowed`;
      const what =
        decision.ciliumPolicies !== undefined
          ? 'no NetworkPolicy or Cilium policy puts'
          : 'no NetworkPolicy selects';
      const tail = decision.ciliumPolicies !== undefined ? ` into default deny for ${dir}` : ` for ${dir}`;
      return `${passed}${what} ${subject}${tail}${baseline}, so it is allowed by default`;
    }
  }
}
