// Cilium policy (cilium.io/v2 CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy),
// normalized. Selectors keep Cilium's label keys as written (`k8s:app`,
// `io.kubernetes.pod.namespace`, `reserved:host`); the evaluator resolves their source
// prefixes against each endpoint's identity labels. Every rule keeps the field path it
// was read from, so explanations and evidence can point at it.

import type { LabelSelector, Origin } from './types';

/** Entities of `fromEntities` / `toEntities` (cilium/cilium pkg/policy/api/entity.go). */
export const CILIUM_ENTITIES = [
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'health',
  'init',
  'unmanaged',
  'ingress',
] as const;
export type CiliumEntity = (typeof CILIUM_ENTITIES)[number];

export type CiliumProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY';

export type CiliumPeer =
  /** fromEndpoints / toEndpoints; `selector` already carries the namespace a CNP adds. */
  | { readonly type: 'endpoints'; readonly selector: LabelSelector; readonly field: string }
  | { readonly type: 'entity'; readonly entity: CiliumEntity; readonly field: string }
  /** fromCIDR / fromCIDRSet (and cidrGroupRef, resolved to the group's CIDRs). */
  | {
      readonly type: 'cidr';
      readonly cidrs: readonly string[];
      readonly except: readonly string[];
      readonly field: string;
      readonly group?: string;
    }
  /** toServices: a Service by name, or Services by label selector, in a namespace. */
  | {
      readonly type: 'service';
      readonly name?: string;
      readonly namespace?: string;
      readonly selector?: LabelSelector;
      readonly field: string;
    }
  /** toFQDNs: matches what DNS answered, which a snapshot does not hold. */
  | {
      readonly type: 'fqdn';
      readonly matchName?: string;
      readonly matchPattern?: string;
      readonly field: string;
    }
  /** fromNodes / toNodes: nodes by their labels. */
  | { readonly type: 'nodes'; readonly selector: LabelSelector; readonly field: string };

export interface CiliumPort {
  /** Number, a container port name, or undefined / 0 = every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol: CiliumProtocol;
}

export interface CiliumHTTPRule {
  /** Extended POSIX regexes, matched against the whole value (Envoy's safe_regex). */
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  /** `Name` (present) or `Name: value` (equal). */
  readonly headers: readonly string[];
}

export interface CiliumL7Rules {
  readonly http?: readonly CiliumHTTPRule[];
  readonly dns?: ReadonlyArray<{ readonly matchName?: string; readonly matchPattern?: string }>;
  /** Kafka rules: only reported (role, topic, apiKey, clientID as written). */
  readonly kafka?: ReadonlyArray<Readonly<Record<string, string>>>;
}

export interface CiliumPortRule {
  readonly ports: readonly CiliumPort[];
  readonly rules?: CiliumL7Rules;
  readonly field: string;
}

export interface CiliumRule {
  /** Field path of the rule: `spec.egressDeny[0]`, `specs[1].ingress[2]`. */
  readonly field: string;
  /** L3 peers; empty with `hasL3` false = no L3 selector was given. */
  readonly peers: readonly CiliumPeer[];
  /** Some fromX / toX list was present (even if every entry resolved to nothing). */
  readonly hasL3: boolean;
  /** toPorts (plus icmps as "some L4 given"); empty = every port. */
  readonly toPorts: readonly CiliumPortRule[];
  /** The rule named ICMP types only (icmps without toPorts): TCP/UDP/SCTP get nothing from it. */
  readonly icmpOnly: boolean;
}

export type CiliumRuleList = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

export interface CiliumPolicy {
  readonly kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  /** Undefined for the clusterwide kind. */
  readonly namespace?: string;
  readonly name: string;
  /** `spec` or `specs[N]`: one object may hold several rules. */
  readonly specPath: string;
  /** endpointSelector (pods) or nodeSelector (host policy: the node itself). */
  readonly subject: { readonly type: 'endpoints' | 'nodes'; readonly selector: LabelSelector };
  readonly ingress: readonly CiliumRule[];
  readonly ingressDeny: readonly CiliumRule[];
  readonly egress: readonly CiliumRule[];
  readonly egressDeny: readonly CiliumRule[];
  /**
   * Whether selecting an endpoint puts it into default deny per direction:
   * `enableDefaultDeny`, defaulting to true for a direction the policy has rules for.
   */
  readonly defaultDeny: { readonly ingress: boolean; readonly egress: boolean };
  readonly origin: Origin;
}
