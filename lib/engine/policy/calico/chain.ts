// The tiers and policies one connection went through, from a decision's trail: what
// the policy hop shows as a chain ("tier platform: GlobalNetworkPolicy pass-apps
// rule #0 Pass → tier default: end of tier, Deny").

import { containsConnection } from '../../net/connection-set';
import type { ObjectRef, Protocol } from '../../../model';
import type { PolicyRuleRef } from '../types';
import type { CalicoStage, CalicoTrail } from './decide';

export type CalicoStepVerdict = 'Allow' | 'Deny' | 'Pass' | 'no match';

export interface CalicoChainPolicy {
  readonly ref: ObjectRef & { readonly apiGroup: string };
  readonly verdict: CalicoStepVerdict;
  /** The rule that gave the verdict (absent for `no match`). */
  readonly rule?: PolicyRuleRef;
  /** Log rules the connection matched on the way (they give no verdict). */
  readonly logged: readonly number[];
}

export interface CalicoChainStep {
  readonly stage: CalicoStage;
  readonly tier: string;
  readonly order?: number;
  readonly policies: readonly CalicoChainPolicy[];
  /** What the tier did with the connection; `default` ones are the tier's defaultAction. */
  readonly verdict: 'Allow' | 'Deny' | 'Pass' | 'default Deny' | 'default Pass';
  /** True for the step whose verdict is final. */
  readonly decides: boolean;
}

/** The chain of one connection (protocol, port) through the trail. */
export function calicoChain(trail: CalicoTrail, protocol: Protocol, port: number): CalicoChainStep[] {
  const out: CalicoChainStep[] = [];
  for (const step of trail.steps) {
    if (!containsConnection(step.entered, protocol, port)) continue;
    const policies: CalicoChainPolicy[] = [];
    let verdict: CalicoChainStep['verdict'] | undefined;
    for (const p of step.policies) {
      if (!containsConnection(p.reached, protocol, port)) continue;
      const hits = p.hits.filter((h) => containsConnection(h.conns, protocol, port));
      const logged = hits.filter((h) => h.ref.action === 'Log').map((h) => h.ref.ruleIndex);
      const decisive = hits.find(
        (h) => h.ref.action !== 'Log' && !(step.stage === 'profiles' && h.ref.action === 'Pass'),
      );
      const v: CalicoStepVerdict = decisive
        ? ((decisive.ref.action as 'Allow' | 'Deny' | 'Pass') ?? 'Allow')
        : 'no match';
      policies.push({ ref: p.ref, verdict: v, ...(decisive ? { rule: decisive.ref } : {}), logged });
      if (decisive) {
        verdict = v as 'Allow' | 'Deny' | 'Pass';
        break;
      }
    }
    if (!verdict) verdict = step.defaultAction === 'Deny' ? 'default Deny' : 'default Pass';
    // A preDNAT Allow only hands on; so does every Pass.
    const decides =
      verdict === 'Deny' || verdict === 'default Deny' || (verdict === 'Allow' && step.stage !== 'preDNAT');
    out.push({
      stage: step.stage,
      tier: step.tier,
      ...(step.order !== undefined ? { order: step.order } : {}),
      policies,
      verdict,
      decides,
    });
    if (decides) break;
  }
  return out;
}
