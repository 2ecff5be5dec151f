// Which Cilium policies select an endpoint, which rule peers match an identity, and
// which connections a rule's toPorts cover. Semantics from docs.cilium.io
// "Layer 3 Examples" / "Layer 4 Examples" (security/policy/language) and cilium/cilium
// pkg/policy/api (selector.go, l4.go, entity.go, rule.go).

import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  icmpConnections,
  protocolConnections,
  unionAllConnections,
  type ConnectionSet,
} from '../../net/connection-set';
import { ipBlockIntervals, ipv4ToNumber } from '../../net/ipv4';
import { cidrContains, ipBlockContains, isIPv4 } from '../../net/ip';
import { intervalsContain, unionIntervals, type IntervalSet } from '../../net/interval-set';
import type { CiliumPeer, CiliumPolicy, CiliumPort, CiliumRule } from '../../../model/cilium';
import type { ClusterModel, LabelSelector, Labels, NodeInfo, Pod, Protocol } from '../../../model/types';
import { PROTOCOLS } from '../../../model/types';
import { splitKey, type CiliumIdentity } from './identity';
import type { PeerEndpoint } from '../types';

/** A label's value in an identity for a selector key with or without its source prefix. */
function lookup(labels: Labels, key: string): string | undefined {
  const { source, key: bare } = splitKey(key);
  if (source !== 'any') return labels[`${source}:${bare}`];
  return labels[`k8s:${bare}`] ?? labels[`reserved:${bare}`] ?? labels[`unspec:${bare}`];
}

/**
 * A Cilium endpoint selector against identity labels (keys `source:key`). A key
 * without a source (or `any:`) matches the label from any source.
 */
export function ciliumSelectorMatches(sel: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (lookup(labels, k) !== v) return false;
  for (const req of sel.matchExpressions ?? []) {
    const value = lookup(labels, req.key);
    const has = value !== undefined;
    switch (req.operator) {
      case 'In':
        if (!has || !(req.values ?? []).includes(value)) return false;
        break;
      case 'NotIn':
        if (has && (req.values ?? []).includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Node labels as a nodeSelector reads them (plain keys, `k8s:` prefix allowed). */
function nodeLabels(node: NodeInfo): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.labels)) out[`k8s:${k}`] = v;
  return out;
}

/** The policy selects pod-network pod `pod` (endpointSelector; host-network pods are not endpoints). */
export function ciliumSelectsPod(policy: CiliumPolicy, pod: Pod, identity: CiliumIdentity): boolean {
  if (policy.subject.type !== 'endpoints' || pod.hostNetwork) return false;
  if (policy.namespace !== undefined && policy.namespace !== pod.namespace) return false;
  return ciliumSelectorMatches(policy.subject.selector, identity.labels);
}

/** A host policy (nodeSelector) selects `node`. */
export function ciliumSelectsNode(policy: CiliumPolicy, node: NodeInfo): boolean {
  return policy.subject.type === 'nodes' && ciliumSelectorMatches(policy.subject.selector, nodeLabels(node));
}

const cidrSets = new WeakMap<object, IntervalSet>();
function inCIDRs(peer: Extract<CiliumPeer, { type: 'cidr' }>, ip: string): boolean {
  if (!isIPv4(ip))
    return peer.cidrs.some((c) => ipBlockContains(c.includes('/') ? c : `${c}/128`, peer.except, ip));
  let set = cidrSets.get(peer);
  if (!set) {
    const v4 = peer.cidrs
      .filter((c) => isIPv4(c.split('/')[0]!))
      .map((c) => (c.includes('/') ? c : `${c}/32`));
    const except = peer.except
      .filter((c) => isIPv4(c.split('/')[0]!))
      .map((c) => (c.includes('/') ? c : `${c}/32`));
    set = v4
      .map((c) =>
        ipBlockIntervals(
          c,
          except.filter((e) => cidrContains(c, e.split('/')[0]!)),
        ),
      )
      .reduce(unionIntervals, []);
    cidrSets.set(peer, set);
  }
  return intervalsContain(set, ipv4ToNumber(ip));
}

/** Addresses of the endpoints of the Services a toServices entry names. */
function serviceAddresses(
  model: ClusterModel,
  peer: Extract<CiliumPeer, { type: 'service' }>,
): ReadonlySet<string> {
  const services = [...model.services.values()].filter(
    (s) =>
      (peer.namespace === undefined || s.namespace === peer.namespace) &&
      (peer.name !== undefined
        ? s.name === peer.name
        : ciliumSelectorMatches(
            peer.selector ?? {},
            Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [`k8s:${k}`, v])),
          )),
  );
  const out = new Set<string>();
  for (const s of services)
    for (const slice of model.index.slicesByService.get(s.key) ?? [])
      for (const e of slice.endpoints) for (const a of e.addresses) out.add(a);
  return out;
}
const svcCache = new WeakMap<object, ReadonlySet<string>>();

/** One peer of a Cilium rule matches the identity. toFQDNs match nothing here (see stage). */
export function ciliumPeerMatches(model: ClusterModel, peer: CiliumPeer, id: CiliumIdentity): boolean {
  switch (peer.type) {
    case 'endpoints':
      return ciliumSelectorMatches(peer.selector, id.labels);
    case 'entity':
      if (peer.entity === 'world') return id.entities.has('world');
      return id.entities.has(peer.entity);
    case 'cidr':
      return id.world && id.ip !== undefined && inCIDRs(peer, id.ip);
    case 'nodes':
      return id.node !== undefined && ciliumSelectorMatches(peer.selector, nodeLabels(id.node));
    case 'service': {
      let addrs = svcCache.get(peer);
      if (!addrs) svcCache.set(peer, (addrs = serviceAddresses(model, peer)));
      return id.addresses.some((a) => addrs.has(a));
    }
    case 'fqdn':
      return false;
  }
}

/**
 * The rule's L3 part matches: one of its peers does; a rule with toPorts (or icmps)
 * but no L3 selector applies to every peer, world included ("Layer 4 Examples"); an
 * empty rule `{}` matches nothing (it only puts the endpoint into default deny).
 */
export function ciliumRuleMatches(model: ClusterModel, rule: CiliumRule, id: CiliumIdentity): boolean {
  if (!rule.hasL3) return rule.toPorts.length > 0 || rule.icmps.length > 0;
  return rule.peers.some((p) => ciliumPeerMatches(model, p, id));
}

function protocolsOf(p: CiliumPort): readonly Protocol[] {
  return p.protocol === 'ANY' ? PROTOCOLS : [p.protocol];
}

function portConnections(p: CiliumPort, dst: PeerEndpoint): ConnectionSet {
  if (p.port === undefined)
    return unionAllConnections(protocolsOf(p).map((proto) => protocolConnections(proto)));
  if (typeof p.port === 'number') {
    const end = p.endPort !== undefined && p.endPort >= p.port ? p.endPort : p.port;
    return unionAllConnections(
      protocolsOf(p).map((proto) => protocolConnections(proto, [[p.port as number, end]])),
    );
  }
  // A named port resolves on the destination pod's container ports.
  if (dst.type !== 'pod') return NO_CONNECTIONS;
  const hits = dst.pod.ports.filter(
    (c) => c.name === p.port && (p.protocol === 'ANY' || c.protocol === p.protocol),
  );
  return unionAllConnections(
    hits.map((c) => protocolConnections(c.protocol, [[c.containerPort, c.containerPort]])),
  );
}

/** Connections one toPorts entry covers (no `ports` = every port). */
export function portRuleConnections(ports: readonly CiliumPort[], dst: PeerEndpoint): ConnectionSet {
  if (ports.length === 0) return ALL_CONNECTIONS;
  return unionAllConnections(ports.map((p) => portConnections(p, dst)));
}

/**
 * Connections a rule covers towards `dst`: every connection without toPorts and icmps;
 * otherwise its toPorts and its ICMP types together, since Cilium turns each ICMPField
 * into one more port rule, the type as the port of protocol ICMP or ICMPv6 (cilium
 * pkg/policy/api/icmp.go ICMPRule.GetPortRule / ICMPField.PortProtocol), every code of it.
 */
export function ciliumRuleConnections(rule: CiliumRule, dst: PeerEndpoint): ConnectionSet {
  if (rule.toPorts.length === 0 && rule.icmps.length === 0) return ALL_CONNECTIONS;
  return unionAllConnections([
    ...rule.toPorts.map((pr) => portRuleConnections(pr.ports, dst)),
    ...rule.icmps.map((f) => icmpConnections(f.family === 'IPv6' ? 'ICMPv6' : 'ICMP', f.type)),
  ]);
}
