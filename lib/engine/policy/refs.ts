// PolicyRuleRef builders shared by the Kubernetes, Cilium and Calico decision paths.

import type { AdminNetworkPolicy, AdminRule, PolicyDirection } from '../../model/types';
import type { PolicyRuleRef } from './types';

/** A rule of an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy (whose `Allow` is spelled `Accept`). */
export function adminRef(
  policy: AdminNetworkPolicy,
  direction: PolicyDirection,
  index: number,
  rule: AdminRule,
): PolicyRuleRef {
  const cnp = policy.kind === 'ClusterNetworkPolicy';
  return {
    policy: {
      kind: cnp
        ? 'ClusterNetworkPolicy'
        : policy.tier === 'admin'
          ? 'AdminNetworkPolicy'
          : 'BaselineAdminNetworkPolicy',
      name: policy.name,
    },
    tier: policy.tier,
    direction,
    ruleIndex: index,
    ...(rule.name !== undefined ? { ruleName: rule.name } : {}),
    action: cnp && rule.action === 'Allow' ? 'Accept' : rule.action,
  };
}
