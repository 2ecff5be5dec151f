// PolicyRuleRef builders shared by the Kubernetes and the Calico decision paths.

import type { AdminNetworkPolicy, AdminRule, PolicyDirection } from '../../model/types';
import type { PolicyRuleRef } from './types';

export function adminRef(policy: AdminNetworkPolicy, direction: PolicyDirection, index: number, rule: AdminRule): PolicyRuleRef {
  return {
    policy: { kind: policy.tier === 'admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy', name: policy.name },
    tier: policy.tier,
    direction,
    ruleIndex: index,
    ...(rule.name !== undefined ? { ruleName: rule.name } : {}),
    action: rule.action,
  };
}
