// The stages one connection went through where the decision is not Calico's tiers: the
// order decideDirection applies them (AdminNetworkPolicy / ClusterNetworkPolicy Admin →
// Cilium deny rules → Cilium and Kubernetes allow rules, with default deny once a policy
// selects the endpoint → BaselineAdminNetworkPolicy / ClusterNetworkPolicy Baseline), each
// with its verdict and the deciding rule marked: what the policy hop shows as a chain.
// Cilium deny rules win over every allow (docs.cilium.io/en/stable/security/policy/
// language/#deny-policies); the admin tiers come first and last (network-policy-api
// "ClusterNetworkPolicy": Admin tier before NetworkPolicy, Baseline after).

import type { ClusterModel, ObjectRef } from '../../model/types';
import type { PolicyChainPolicy, PolicyChainStep } from '../types';
import type { DirectionVerdict, PolicyRuleRef } from './types';

const sameRef = (a: ObjectRef, b: ObjectRef) =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

const isCilium = (r: ObjectRef) =>
  r.kind === 'CiliumNetworkPolicy' || r.kind === 'CiliumClusterwideNetworkPolicy';
const isDenyRule = (r: PolicyRuleRef) => r.ruleList === 'ingressDeny' || r.ruleList === 'egressDeny';
const actionOf = (r: PolicyRuleRef): string => (r.action === 'Accept' ? 'Allow' : (r.action ?? 'Allow'));

function apiGroupOf(r: ObjectRef): string {
  if (isCilium(r)) return 'cilium.io';
  if (r.kind === 'NetworkPolicy') return 'networking.k8s.io';
  return 'policy.networking.k8s.io';
}

function ruleField(r: PolicyRuleRef): string {
  return r.field ?? `spec.${r.direction.toLowerCase()}[${r.ruleIndex}]`;
}

/**
 * The policy-hop chain of a non-Calico verdict; empty when only Kubernetes NetworkPolicies
 * (one stage, which the hop already explains) or no policy select the endpoint.
 */
export function stageChain(model: ClusterModel, v: DirectionVerdict): PolicyChainStep[] {
  const selecting = v.selectingPolicies;
  if (selecting.every((r) => r.kind === 'NetworkPolicy')) return [];
  const baselineCnps = model.baselineClusterPolicies ?? [];
  const inBaseline = (r: ObjectRef) =>
    r.kind === 'BaselineAdminNetworkPolicy' ||
    (r.kind === 'ClusterNetworkPolicy' && baselineCnps.some((p) => p.name === r.name));
  const inAdmin = (r: ObjectRef) =>
    r.kind === 'AdminNetworkPolicy' || (r.kind === 'ClusterNetworkPolicy' && !inBaseline(r));
  const hasDenyRules = (r: ObjectRef) =>
    (model.ciliumPolicies ?? []).some(
      (p) =>
        p.kind === r.kind &&
        p.name === r.name &&
        (p.namespace ?? '') === (r.namespace ?? '') &&
        (v.direction === 'Ingress' ? p.ingressDeny : p.egressDeny).length > 0,
    );
  const deciding = v.decidedBy.filter((r) => r.action !== 'Pass' && r.action !== 'Log').at(-1);
  const entry = (ref: ObjectRef, hit: PolicyRuleRef | undefined, decides: boolean): PolicyChainPolicy => ({
    kind: ref.kind,
    apiGroup: apiGroupOf(ref),
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    name: ref.name,
    verdict: hit ? actionOf(hit) : 'no match',
    ...(hit ? { rule: ruleField(hit) } : {}),
    deciding: decides && hit !== undefined && hit === deciding,
  });
  const hitOf = (ref: ObjectRef, test: (r: PolicyRuleRef) => boolean) =>
    v.decidedBy.filter((r) => sameRef(r.policy, ref) && test(r)).at(-1);

  const out: PolicyChainStep[] = [];
  const push = (
    stage: NonNullable<PolicyChainStep['stage']>,
    tier: string,
    refs: readonly ObjectRef[],
    test: (r: PolicyRuleRef) => boolean,
    verdict: string,
    decides: boolean,
  ) => {
    out.push({ tier, stage, verdict, decides, policies: refs.map((r) => entry(r, hitOf(r, test), decides)) });
    return decides;
  };

  const admin = selecting.filter(inAdmin);
  if (admin.length > 0) {
    const passed = v.decidedBy.some((r) => r.tier === 'admin' && r.action === 'Pass');
    const decided = v.decidedAt === 'admin';
    const verdict = decided && deciding ? actionOf(deciding) : passed ? 'Pass' : 'no match';
    if (
      push(
        'admin',
        'Admin tier (AdminNetworkPolicy / ClusterNetworkPolicy)',
        admin,
        (r) => r.tier === 'admin',
        verdict,
        decided,
      )
    )
      return out;
  }
  const denying = selecting.filter((r) => isCilium(r) && hasDenyRules(r));
  const deniedByCilium = deciding !== undefined && isDenyRule(deciding) && v.decidedAt === 'networkpolicy';
  if (denying.length > 0) {
    if (
      push(
        'deny',
        'Cilium deny rules',
        denying,
        isDenyRule,
        deniedByCilium ? 'Deny' : 'no match',
        deniedByCilium,
      )
    )
      return out;
  }
  const allowing = selecting.filter((r) => isCilium(r) || r.kind === 'NetworkPolicy');
  if (allowing.length > 0) {
    const decided = v.decidedAt === 'networkpolicy';
    const verdict = decided ? (v.allowed ? 'Allow' : 'default Deny') : 'no match';
    const tier = allowing.some(isCilium) ? 'Cilium and Kubernetes allow rules' : 'NetworkPolicy allow rules';
    if (push('allow', tier, allowing, (r) => !isDenyRule(r) && r.tier === 'networkpolicy', verdict, decided))
      return out;
  }
  const baseline = selecting.filter(inBaseline);
  if (baseline.length > 0) {
    const decided = v.decidedAt === 'baseline';
    const verdict = decided && deciding ? actionOf(deciding) : 'no match';
    if (
      push(
        'baseline',
        'Baseline tier (BaselineAdminNetworkPolicy / ClusterNetworkPolicy)',
        baseline,
        (r) => r.tier === 'baseline',
        verdict,
        decided,
      )
    )
      return out;
  }
  out.push({
    tier: 'No policy decided',
    stage: 'default',
    verdict: v.allowed ? 'Allow' : 'Deny',
    decides: true,
    policies: [],
  });
  return out;
}
