// Calico policy objects (projectcalico.org/v3, crd.projectcalico.org/v1), normalized.
// Field meanings follow the Calico resource reference (docs.tigera.io/calico/latest/
// reference/resources/{networkpolicy,globalnetworkpolicy,tier,profile,hostendpoint,
// networkset,globalnetworkset}) and libcalico-go's conversion to Felix's rules.

import type { CalicoSelector } from './calico-selector';
import type { Labels, Origin } from './types';

/** The API group a Calico object came in (the aggregated API or the backing CRDs). */
export type CalicoApiGroup = 'projectcalico.org' | 'crd.projectcalico.org';

export type CalicoAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

/** A selector as written and as parsed. */
export interface ParsedSelector {
  readonly text: string;
  readonly ast: CalicoSelector;
}

/** A rule `protocol`: a name, or an IP protocol number that has no name here. */
export type CalicoProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6' | 'UDPLite' | number;

/** One `ports` entry: a range (a single port is start = end) or a named port. */
export type CalicoPort =
  | { readonly type: 'range'; readonly start: number; readonly end: number }
  | { readonly type: 'named'; readonly name: string };

export interface CalicoEntityRule {
  readonly selector?: ParsedSelector;
  readonly notSelector?: ParsedSelector;
  readonly namespaceSelector?: ParsedSelector;
  readonly serviceAccounts?: { readonly names: readonly string[]; readonly selector?: ParsedSelector };
  readonly nets: readonly string[];
  readonly notNets: readonly string[];
  readonly ports: readonly CalicoPort[];
  readonly notPorts: readonly CalicoPort[];
  /** `services` (match a Service's endpoints): recorded; see the evaluator for what is modelled. */
  readonly services?: { readonly name: string; readonly namespace?: string };
}

export interface CalicoICMP {
  readonly type?: number;
  readonly code?: number;
}

export interface CalicoRule {
  readonly action: CalicoAction;
  readonly ipVersion?: 4 | 6;
  readonly protocol?: CalicoProtocol;
  readonly notProtocol?: CalicoProtocol;
  readonly icmp?: CalicoICMP;
  readonly notICMP?: CalicoICMP;
  readonly source: CalicoEntityRule;
  readonly destination: CalicoEntityRule;
  /** An `http` match (application layer): recorded, not evaluated. */
  readonly http?: { readonly methods: readonly string[]; readonly paths: readonly unknown[] };
}

export type CalicoPolicyKind = 'NetworkPolicy' | 'GlobalNetworkPolicy';

export interface CalicoPolicy {
  readonly kind: CalicoPolicyKind;
  readonly apiGroup: CalicoApiGroup;
  /** metadata.name as stored (the CRD form prefixes default-tier names with `default.`). */
  readonly name: string;
  /** NetworkPolicy only. */
  readonly namespace?: string;
  readonly tier: string;
  /** undefined = evaluated after every policy with an order (Calico's "nil = infinity"). */
  readonly order?: number;
  /** Endpoints the policy applies to (empty = all()). */
  readonly selector: ParsedSelector;
  /** GlobalNetworkPolicy: namespaces whose endpoints it applies to (read as pcns.* labels). */
  readonly namespaceSelector?: ParsedSelector;
  readonly serviceAccountSelector?: ParsedSelector;
  readonly types: readonly ('Ingress' | 'Egress')[];
  readonly typesInferred: boolean;
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  readonly doNotTrack: boolean;
  readonly preDNAT: boolean;
  readonly applyOnForward: boolean;
  readonly origin: Origin;
}

export interface CalicoTier {
  readonly name: string;
  readonly apiGroup?: CalicoApiGroup;
  /** undefined = after every tier with an order. */
  readonly order?: number;
  /** What happens when policies of the tier select the endpoint but no rule matched. */
  readonly defaultAction: 'Deny' | 'Pass';
  /** False when the tier is implied (the `default` tier, or a tier named only by policies). */
  readonly declared: boolean;
}

export interface CalicoProfile {
  readonly name: string;
  readonly apiGroup: CalicoApiGroup;
  readonly labelsToApply: Labels;
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  readonly origin: Origin;
}

export interface CalicoHostEndpoint {
  readonly name: string;
  readonly apiGroup: CalicoApiGroup;
  readonly labels: Labels;
  readonly node?: string;
  readonly interfaceName?: string;
  readonly expectedIPs: readonly string[];
  readonly profiles: readonly string[];
  readonly ports: readonly {
    readonly name: string;
    readonly protocol: 'TCP' | 'UDP' | 'SCTP';
    readonly port: number;
  }[];
  readonly origin: Origin;
}

export interface CalicoNetworkSet {
  readonly kind: 'NetworkSet' | 'GlobalNetworkSet';
  readonly apiGroup: CalicoApiGroup;
  readonly name: string;
  readonly namespace?: string;
  /** metadata.labels, plus projectcalico.org/namespace for a NetworkSet (as Calico adds it). */
  readonly labels: Labels;
  readonly nets: readonly string[];
  readonly origin: Origin;
}

/** Calico's policy state; present on the model only when a Calico object was read. */
export interface CalicoModel {
  /** Declared and implied tiers (always including `default`), by order (none last), then name. */
  readonly tiers: readonly CalicoTier[];
  /** Calico policies of every tier, by tier order, then policy order (none last), then name. */
  readonly policies: readonly CalicoPolicy[];
  readonly profiles: ReadonlyMap<string, CalicoProfile>;
  readonly hostEndpoints: readonly CalicoHostEndpoint[];
  readonly networkSets: readonly CalicoNetworkSet[];
  /** ServiceAccount labels by `namespace/name` (read as pcsa.* by serviceAccounts selectors). */
  readonly serviceAccountLabels: ReadonlyMap<string, Labels>;
}

/** Calico's built-in tier orders (projectcalico/api pkg/apis/projectcalico/v3/tier.go). */
export const KUBE_ADMIN_TIER_ORDER = 1_000;
export const DEFAULT_TIER_ORDER = 1_000_000;
export const KUBE_BASELINE_TIER_ORDER = 10_000_000;
/** The order Calico gives Kubernetes NetworkPolicies in the default tier. */
export const K8S_NETWORKPOLICY_ORDER = 1_000;
