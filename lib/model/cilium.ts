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
  /** toPorts; with `icmps` also empty, every port of every protocol. */
  readonly toPorts: readonly CiliumPortRule[];
  /** icmps[].fields[]: ICMP (family IPv4) or ICMPv6 types, each with every code. */
  readonly icmps: readonly CiliumIcmpField[];
}

/**
 * One ICMPField (cilium pkg/policy/api/icmp.go): the family (IPv4 by default) and the type,
 * a number or a name resolved through the family's name table.
 */
export interface CiliumIcmpField {
  readonly family: 'IPv4' | 'IPv6';
  readonly type: number;
}

/** cilium pkg/policy/api/icmp.go icmpIpv4TypeNameToCode. */
export const CILIUM_ICMPV4_TYPES: Readonly<Record<string, number>> = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  Redirect: 5,
  Echo: 8,
  EchoRequest: 8,
  RouterAdvertisement: 9,
  RouterSelection: 10,
  TimeExceeded: 11,
  ParameterProblem: 12,
  Timestamp: 13,
  TimestampReply: 14,
  Photuris: 40,
  ExtendedEchoRequest: 42,
  ExtendedEchoReply: 43,
};

/** cilium pkg/policy/api/icmp.go icmpIpv6TypeNameToCode. */
export const CILIUM_ICMPV6_TYPES: Readonly<Record<string, number>> = {
  DestinationUnreachable: 1,
  PacketTooBig: 2,
  TimeExceeded: 3,
  ParameterProblem: 4,
  EchoRequest: 128,
  EchoReply: 129,
  MulticastListenerQuery: 130,
  MulticastListenerReport: 131,
  MulticastListenerDone: 132,
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
  RedirectMessage: 137,
  RouterRenumbering: 138,
  ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140,
  InverseNeighborDiscoverySolicitation: 141,
  InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144,
  HomeAgentAddressDiscoveryReply: 145,
  MobilePrefixSolicitation: 146,
  MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157,
  DuplicateAddressConfirmationCodeSuffix: 158,
  ExtendedEchoRequest: 160,
  ExtendedEchoReply: 161,
};

/** The type number of an ICMPField `type` (a number 0-255 or a name of the family), or undefined. */
export function ciliumIcmpType(family: 'IPv4' | 'IPv6', type: unknown): number | undefined {
  if (typeof type === 'number') return Number.isInteger(type) && type >= 0 && type <= 255 ? type : undefined;
  if (typeof type !== 'string') return undefined;
  if (/^\d+$/.test(type)) return ciliumIcmpType(family, Number(type));
  return (family === 'IPv6' ? CILIUM_ICMPV6_TYPES : CILIUM_ICMPV4_TYPES)[type];
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
