// Verdict shapes of the policy evaluator. Every verdict explains itself: which
// policies select each side, which rule allowed, or why none matched.

import type { ObjectRef, Pod, Protocol } from '../../model/types';
import type { CalicoChainStep } from './calico/chain';

/** One side of a connection: a pod in the model, or an address outside the pods. */
export type PeerEndpoint =
  { readonly type: 'pod'; readonly pod: Pod } | { readonly type: 'ip'; readonly ip: string };

/** Which rule of which policy decided, for `decidedBy` lists. */
export interface PolicyRuleRef {
  readonly policy: ObjectRef;
  /** `calico`: a Calico NetworkPolicy / GlobalNetworkPolicy rule; `profile`: a Calico Profile rule. */
  readonly tier: 'admin' | 'networkpolicy' | 'baseline' | 'calico' | 'profile';
  readonly direction: 'Ingress' | 'Egress';
  /** Index of the rule in spec.ingress / spec.egress. */
  readonly ruleIndex: number;
  /** ANP/BANP rule name or action, when there is one. */
  readonly ruleName?: string;
  /** `Accept` for a ClusterNetworkPolicy allow (its API's word for it); `Log` for a Calico rule that only logs. */
  readonly action?: 'Allow' | 'Deny' | 'Pass' | 'Log' | 'Accept';
  // Additive (Calico evaluation):
  /** The Calico tier the rule's policy is in (`default` for Kubernetes NetworkPolicies). */
  readonly calicoTier?: string;
  /** API group of the policy: `projectcalico.org`, `crd.projectcalico.org`, `networking.k8s.io`, ... */
  readonly apiGroup?: string;
  // Additive, Cilium policies:
  /** The rule list the index points into (Cilium: ingress / ingressDeny / egress / egressDeny). */
  readonly ruleList?: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
  /** Field path of the rule in its object (`spec.egressDeny[0]`, `specs[1].ingress[2]`). */
  readonly field?: string;
}

export interface DirectionVerdict {
  readonly direction: 'Ingress' | 'Egress';
  readonly allowed: boolean;
  /** True when some NetworkPolicy selects the pod for this direction. */
  readonly isolated: boolean;
  /** The tier whose rule decided: an ANP, NetworkPolicies, the BANP, or the default (allow). */
  readonly decidedAt: 'admin' | 'networkpolicy' | 'baseline' | 'default' | 'calico' | 'profile';
  readonly decidedBy: readonly PolicyRuleRef[];
  /** Every policy (any tier) selecting the pod for this direction. */
  readonly selectingPolicies: readonly ObjectRef[];
  /** Per selecting NetworkPolicy, why none of its rules matched (when denied). */
  readonly reasons: readonly string[];
  /** One sentence, plain words. */
  readonly explanation: string;
  // Additive:
  /** Calico evaluation only: the tiers and policies this connection went through. */
  readonly calico?: CalicoVerdict;
}

/** How Calico decided one connection in one direction. */
export interface CalicoVerdict {
  readonly chain: readonly CalicoChainStep[];
  /** The tier that decided (`profiles` for the profile step). */
  readonly tier: string;
  /** Set when no rule matched and the tier's default action (or "no profile matched") decided. */
  readonly tierDefault?: 'Deny' | 'Pass';
  readonly assumptions: readonly string[];
}

export interface ConnectionVerdict {
  readonly allowed: boolean;
  readonly protocol: Protocol;
  readonly port: number;
  /** Egress at the source (not applicable — always allowed — when the source is an IP). */
  readonly egress: DirectionVerdict;
  /** Ingress at the destination (always allowed when the destination is an IP). */
  readonly ingress: DirectionVerdict;
  // Additive:
  /** One sentence naming both ends, the connection and what decided it. */
  readonly explanation?: string;
}

/** Options shared by the evaluator functions. */
export interface EvaluateOptions {
  /**
   * Whether an `ipBlock` peer also matches pods whose IP lies in it. Default false:
   * ipBlock matches only addresses outside the pods (the Kubernetes docs' intent, and
   * what netpol-analyzer does); some CNIs (Calico) also match pod IPs.
   */
  readonly ipBlockMatchesPods?: boolean;
}
