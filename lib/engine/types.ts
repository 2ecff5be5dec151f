// Result shapes of the engine, exactly the JSON of shared/contracts/cli.md (plus
// additive fields). The CLI, the API routes and the pages all render these.

import type { ObjectRef } from '../model/types';
import type { TraceQuery } from '../model/trace-query';

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'POLICY_EGRESS_DENIED'
  | 'POLICY_INGRESS_DENIED'
  | 'POLICY_ALLOWED_BY'
  | 'DNS_BLOCKED_BY_DEFAULT_DENY'
  | 'NAMED_PORT_UNRESOLVED'
  | 'MTU_BLACKHOLE'
  | 'MTU_FRAGMENTATION_RISK'
  | 'MTU_UNDERUSED'
  | 'MTU_ASSUMED'
  | 'MTU_MISMATCH_NODES'
  | 'CLIENT_IP_LOST_ETP_CLUSTER'
  | 'ETP_LOCAL_NO_LOCAL_ENDPOINT'
  | 'SNAT_EGRESS_MASQUERADE'
  | 'NO_READY_ENDPOINTS'
  | 'TARGET_PORT_MISMATCH'
  | 'LB_PENDING'
  | 'METALLB_NOT_ADVERTISED'
  | 'METALLB_L2_SINGLE_NODE'
  | 'IPVS_STRICT_ARP_REQUIRED'
  | 'KUBE_PROXY_IPTABLES_SCALE'
  | 'KUBE_PROXY_MODE_ASSUMED'
  | 'EBPF_KERNEL_TOO_OLD'
  | 'NODEPORT_EXPOSED'
  | 'INGRESS_NO_RULE_MATCH'
  | 'INGRESS_BACKEND_MISSING'
  | 'INGRESS_CLASS_UNCLAIMED'
  | 'GATEWAY_ROUTE_NOT_ATTACHED'
  | 'GATEWAY_NO_RULE_MATCH'
  | 'GATEWAY_REFERENCE_NOT_PERMITTED'
  | 'GATEWAY_WEIGHTED_SPLIT'
  | 'OVERLAY_CROSS_SUBNET'
  // Overlays and MTU, second edition:
  | 'DSR_REQUIRES_NATIVE_ROUTING'
  | 'HOST_GW_NEEDS_L2'
  | 'WIREGUARD_PEER_UNENCRYPTED'
  // Additions beyond the contract's catalogue (never renamed once shipped):
  | 'CNI_ASSUMED'
  | 'NO_ROUTE'
  | 'ETP_LOCAL_UNEVEN_SPREAD'
  // Second edition (findings.md "Added codes"): Service kinds and kube-proxy behaviour.
  | 'SESSION_AFFINITY'
  | 'TARGET_PORT_UNDECLARED'
  | 'EXTERNAL_NAME_SERVICE'
  | 'HEADLESS_SERVICE'
  | 'NODELOCAL_DNS'
  | 'LB_SOURCE_RANGE_DENIED'
  // Added codes (second edition): entry from outside through an L7 proxy.
  | 'INGRESS_REDIRECT'
  | 'INGRESS_SOURCE_DENIED'
  | 'CLIENT_IP_VIA_HEADER'
  // Second edition: policy semantics that depend on the data plane.
  | 'IPBLOCK_COVERS_POD_IPS'
  | 'HOST_NETWORK_POD'
  | 'HAIRPIN_SNAT'
  | 'POLICY_TIER_PASS'
  // Added codes (second edition), CNI-native policy:
  | 'POLICY_L7_RULE'
  | 'POLICY_DEPENDS_ON_DNS';

/** One fact that proves a finding: an object, a field path and the value found there. */
export interface Evidence {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly field: string;
  readonly value: string;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** Id of the hop it stands on; absent for snapshot-wide (lint) findings. */
  readonly hop?: string;
  readonly title: string;
  readonly detail: string;
  readonly evidence: readonly Evidence[];
  readonly fix: string;
  /** The verify commands as a person pastes them: `where`'s prefix included (verifySteps rendered). */
  readonly verify: readonly string[];
  // Additive:
  /** The same commands with where each one runs, so a page can show the prefix apart. */
  readonly verifySteps?: readonly VerifyStep[];
}

/**
 * Where a verify command runs, which decides what a person pastes: inside a pod
 * (`kubectl exec`), in a debug pod in a node's host namespaces (`kubectl debug node/`),
 * in a shell on the node itself (nsenter, crictl), or anywhere kubectl / curl work.
 */
export type VerifyWhere =
  | { readonly kind: 'pod'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'node-debug'; readonly node: string }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'anywhere' };

export interface VerifyStep {
  /** The command without its prefix (`tracepath -n 10.244.2.7`). */
  readonly command: string;
  readonly where: VerifyWhere;
  /** What to look for, printed after the command as a shell comment. */
  readonly note?: string;
}

export type HopKind =
  | 'client'
  | 'load-balancer'
  | 'node-port'
  | 'ingress'
  | 'gateway'
  | 'service'
  | 'policy-egress'
  | 'pod-eth0'
  | 'veth'
  | 'node'
  | 'encap'
  | 'routed'
  | 'underlay'
  | 'decap'
  | 'policy-ingress'
  | 'snat'
  | 'endpoint'
  | 'external';

export type HopVerdict = 'pass' | 'drop' | 'warn';

/** A weighted or candidate branch at a hop (service endpoints, gateway backends). */
export interface HopBranch {
  readonly label: string;
  /** Share of traffic in [0, 1]. */
  readonly share: number;
  readonly target?: ObjectRef;
  readonly address?: string;
  readonly node?: string;
  readonly chosen: boolean;
  readonly note?: string;
  /** The Service a proxy branch belongs to, when the branch is one of its endpoints (L7 proxies pick endpoints themselves). */
  readonly service?: ObjectRef;
  /** What the client gets on this branch when it fails before any backend (e.g. `500 Internal Server Error`). */
  readonly failure?: string;
}

export interface Hop {
  readonly id: string;
  readonly kind: HopKind;
  readonly label: string;
  /** Kubernetes node the hop happens on; absent for hops outside the cluster. */
  readonly node?: string;
  /** Largest IP packet this hop carries without fragmentation. */
  readonly mtu?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly verdict: HopVerdict;
  readonly findings: readonly FindingCode[];
  // Additive fields (beyond the contract):
  /** Plain-words explanation of what happens at this hop. */
  readonly explain?: string;
  /** Facts shown in the hop panel, e.g. `{ "interface": "cali1234", "mode": "IPVS rr" }`. */
  readonly facts?: Readonly<Record<string, string>>;
  /** Objects this hop is made of. */
  readonly refs?: readonly ObjectRef[];
  readonly branches?: readonly HopBranch[];
  /** Commands that show this hop's state on a live node (e.g. the kube-proxy chain). */
  readonly verify?: readonly string[];
  /** The same commands with where each runs (the hop's node for data-plane commands). */
  readonly verifySteps?: readonly VerifyStep[];
  /**
   * `false` on hops after the first dropping hop: drawn for context (where the packet
   * would have gone), never reached. Absent = reached. The hop's own verdict is kept.
   */
  readonly reached?: boolean;
  /** Policy hops on a Calico cluster: the tiers and policies the packet went through, in order. */
  readonly policyChain?: readonly PolicyChainStep[];
}

/** One tier of a policy hop's chain (Calico tiers, or the stages of ANP / Cilium / NetworkPolicy / Baseline). */
export interface PolicyChainStep {
  /** Tier name (`platform`, `default`, `kube-admin`, ...) or `profiles`. */
  readonly tier: string;
  readonly order?: number;
  /**
   * `doNotTrack` / `preDNAT` for host-endpoint pre-stages; absent for a normal Calico tier.
   * Without Calico: `admin`, `deny` (Cilium deny rules), `allow`, `baseline`, `default`.
   */
  readonly stage?:
    'doNotTrack' | 'preDNAT' | 'profiles' | 'admin' | 'deny' | 'allow' | 'baseline' | 'default';
  /** `Allow`, `Deny`, `Pass`, or the tier's `default Deny` / `default Pass`. */
  readonly verdict: string;
  /** True for the tier whose verdict is final. */
  readonly decides: boolean;
  readonly policies: readonly PolicyChainPolicy[];
}

export interface PolicyChainPolicy {
  readonly kind: string;
  /** `projectcalico.org`, `crd.projectcalico.org`, `networking.k8s.io`, `policy.networking.k8s.io`. */
  readonly apiGroup: string;
  readonly namespace?: string;
  readonly name: string;
  /** `Allow`, `Deny`, `Pass` or `no match`. */
  readonly verdict: string;
  /** The rule that gave the verdict, as a field path (`spec.ingress[0]`). */
  readonly rule?: string;
  /** True for the rule that decided the packet. */
  readonly deciding: boolean;
}

export type TraceVerdict = 'delivered' | 'dropped' | 'degraded';

/** The changes a what-if laid over the input (`--with`, `--without`, `/api/whatif`). */
export interface WhatIfSummary {
  /** `Kind namespace/name` of every applied object. */
  readonly applied: readonly string[];
  readonly removed: readonly string[];
}

export interface TraceResult {
  readonly verdict: TraceVerdict;
  readonly hops: readonly Hop[];
  readonly findings: readonly Finding[];
  // Additive:
  /** One sentence naming the hop, the cause and the numbers. */
  readonly summary?: string;
  readonly query?: TraceQuery;
  /** Present when the trace ran on a what-if (shared/contracts/cli.md, second edition). */
  readonly whatIf?: WhatIfSummary;
  /**
   * Workload endpoints (shared/contracts/cli.md "Workload endpoints"): one entry per ready
   * replica traced, in replica order; `hops` and `findings` are those of `workload.drawn`.
   */
  readonly replicas?: readonly ReplicaOutcome[];
  /** Additive, with `replicas`: which endpoint named the workload and which replica is drawn. */
  readonly workload?: WorkloadTrace;
}

/** The outcome of one replica of a workload endpoint. */
export interface ReplicaOutcome {
  /** `NS/NAME` of the replica pod. */
  readonly pod: string;
  /** Node the replica runs on; empty when the model does not say (a manifest). */
  readonly node: string;
  readonly verdict: TraceVerdict;
  /** The dropping hop, or for a degraded trace the hop of its worst finding; null when delivered. */
  readonly culprit: string | null;
  /** Codes of the replica's error and warning findings, worst first, each once. */
  readonly codes: readonly FindingCode[];
  // Additive:
  /** Kind of the culprit hop (`encap`), so one line can say where without the hops. */
  readonly culpritKind?: HopKind;
  /** The replica's own one-sentence summary. */
  readonly summary: string;
}

export interface WorkloadTrace {
  /** Which end of the query is the workload. */
  readonly side: 'from' | 'to';
  /** The endpoint as written canonically (`deploy:shop/web`). */
  readonly endpoint: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `NS/NAME` of the replica whose trace is drawn: the worst one unless another was asked for. */
  readonly drawn: string;
  /** `NS/NAME` of the workload's pods that are not Ready and so were not traced. */
  readonly notReady: readonly string[];
}

/** The trace query is defined once, with its schema and URL codec, in lib/model/trace-query. */
export type { TraceQuery };

export interface ReachPair {
  readonly from: string;
  readonly to: string;
  readonly conn: string;
}

export interface ReachResult {
  readonly pairs: readonly ReachPair[];
  readonly whatIf?: WhatIfSummary;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly whatIf?: WhatIfSummary;
}
