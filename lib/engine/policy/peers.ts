// Which endpoints a policy selects, and which endpoints a rule's peers match.
// Matching reads only the endpoint's own labels and its namespace's labels, so it
// never scans the cluster.

import { intervalsContain, intervalsOf, unionIntervals, type IntervalSet } from '../net/interval-set';
import { ipBlockIntervals, ipv4CidrInterval, ipv4ToNumber, isIPv4Cidr } from '../net/ipv4';
import { cidrContains, ipBlockContains, isIPv4, isIPv6 } from '../net/ip';
import { ipv6BlockIntervals, ipv6IntervalsContain, ipv6ToBigInt, type IPv6IntervalSet } from '../net/ipv6';
import type {
  AdminNetworkPolicy,
  AdminPeer,
  ClusterModel,
  IPBlock,
  NetworkPolicy,
  PolicyRule,
  Pod,
  PolicyDirection,
  PolicyPeer,
} from '../../model/types';
import { assertNever, describeSelector, namespaceLabels, selectorMatches } from './label-match';
import type { EvaluateOptions, PeerEndpoint } from './types';

const unionAllIntervals = (sets: readonly IntervalSet[]): IntervalSet => sets.reduce(unionIntervals, []);

/** NetworkPolicy selects `pod` for `direction`: same namespace, policyTypes lists it, podSelector matches. */
export function policySelectsPod(policy: NetworkPolicy, pod: Pod, direction: PolicyDirection): boolean {
  return (
    policy.namespace === pod.namespace &&
    policy.policyTypes.includes(direction) &&
    selectorMatches(policy.podSelector, pod.labels)
  );
}

/** ANP/BANP `subject` selects `pod`. */
export function adminSubjectSelects(model: ClusterModel, policy: AdminNetworkPolicy, pod: Pod): boolean {
  const subject = policy.subject;
  if (!selectorMatches(subject.namespaceSelector, namespaceLabels(model, pod.namespace))) return false;
  return subject.type === 'namespaces' || selectorMatches(subject.podSelector, pod.labels);
}

// Address matching runs once per (rule, address range) in reach, so IPv4 blocks are
// turned into numeric interval sets once (per block, per rule, per networks peer) and
// looked up by binary search; an endpoint's address is parsed once.
const v4Sets = new WeakMap<object, IntervalSet>();
const v4Addresses = new WeakMap<PeerEndpoint, number | null>();

function cachedIntervals(key: object, build: () => IntervalSet): IntervalSet {
  let set = v4Sets.get(key);
  if (!set) v4Sets.set(key, (set = build()));
  return set;
}

/** The endpoint's IPv4 address as a number; null for IPv6 (or a pod). */
function v4Number(ep: PeerEndpoint): number | null {
  if (ep.type !== 'ip') return null;
  let n = v4Addresses.get(ep);
  if (n === undefined) v4Addresses.set(ep, (n = isIPv4(ep.ip) ? ipv4ToNumber(ep.ip) : null));
  return n;
}

function blockSet(block: IPBlock): IntervalSet {
  return cachedIntervals(block, () => ipBlockIntervals(block.cidr, block.except));
}

// IPv6 blocks get the same treatment over bigint intervals (::/0 minus except, once per block).
const v6Sets = new WeakMap<object, IPv6IntervalSet>();

function blockSetV6(block: IPBlock): IPv6IntervalSet {
  let set = v6Sets.get(block);
  if (!set) v6Sets.set(block, (set = ipv6BlockIntervals(block.cidr, block.except)));
  return set;
}

function ipInBlock(block: IPBlock, ip: string): boolean {
  if (isIPv4(ip)) return intervalsContain(blockSet(block), ipv4ToNumber(ip));
  if (isIPv6(ip)) return ipv6IntervalsContain(blockSetV6(block), ipv6ToBigInt(ip));
  return ipBlockContains(block.cidr, block.except, ip);
}

function ipInNetworks(
  peer: { readonly cidrs: readonly string[] },
  ep: PeerEndpoint & { type: 'ip' },
): boolean {
  const n = v4Number(ep);
  if (n === null) return peer.cidrs.some((cidr) => cidrContains(cidr, ep.ip));
  return intervalsContain(
    cachedIntervals(peer, () => intervalsOf(peer.cidrs.filter(isIPv4Cidr).map(ipv4CidrInterval))),
    n,
  );
}

/**
 * A NetworkPolicy rule's peers match `ep` (an empty list matches everything). For an
 * IPv4 address the rule's ipBlocks are one precomputed interval set, so a rule with
 * hundreds of blocks costs one binary search.
 */
export function policyRuleMatches(
  model: ClusterModel,
  policy: NetworkPolicy,
  rule: PolicyRule,
  ep: PeerEndpoint,
  options: EvaluateOptions,
): boolean {
  if (rule.peers.length === 0) return true;
  const n = v4Number(ep);
  if (n !== null) {
    const set = cachedIntervals(rule, () =>
      unionAllIntervals(rule.peers.flatMap((p) => (p.type === 'ipBlock' ? [blockSet(p.ipBlock)] : []))),
    );
    return intervalsContain(set, n);
  }
  return rule.peers.some((p) => policyPeerMatches(model, policy, p, ep, options));
}

function podIPInBlock(pod: Pod, block: IPBlock): boolean {
  return pod.ips.some((ip) => ipInBlock(block, ip));
}

/**
 * One `from`/`to` item of a NetworkPolicy rule matches `ep`. podSelector and
 * namespaceSelector in one item are ANDed; podSelector alone means the policy's
 * namespace. ipBlock matches addresses outside the pods (pods too only with
 * `ipBlockMatchesPods`).
 */
export function policyPeerMatches(
  model: ClusterModel,
  policy: NetworkPolicy,
  peer: PolicyPeer,
  ep: PeerEndpoint,
  options: EvaluateOptions,
): boolean {
  switch (peer.type) {
    case 'ipBlock':
      if (ep.type === 'ip') return ipInBlock(peer.ipBlock, ep.ip);
      return options.ipBlockMatchesPods === true && podIPInBlock(ep.pod, peer.ipBlock);
    case 'pods': {
      if (ep.type !== 'pod') return false;
      const pod = ep.pod;
      if (peer.namespaceSelector === undefined) {
        if (pod.namespace !== policy.namespace) return false;
      } else if (!selectorMatches(peer.namespaceSelector, namespaceLabels(model, pod.namespace))) {
        return false;
      }
      return peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.labels);
    }
    default:
      return assertNever(peer);
  }
}

/**
 * One peer of an ANP/BANP rule matches `ep`. `networks` match addresses only;
 * ANP `nodes` peers are not modelled and match nothing (as in netpol-analyzer);
 * ClusterNetworkPolicy `nodes` peers match the nodes' addresses; `domainNames` match
 * nothing (no DNS answers in a snapshot).
 */
export function adminPeerMatches(model: ClusterModel, peer: AdminPeer, ep: PeerEndpoint): boolean {
  switch (peer.type) {
    case 'networks':
      return ep.type === 'ip' && ipInNetworks(peer, ep);
    case 'nodes': {
      // ClusterNetworkPolicy `nodes` select the nodes' addresses (status.addresses).
      if (!peer.matchesNodeIPs || ep.type !== 'ip') return false;
      const node = model.index.nodeByIP.get(ep.ip);
      return node !== undefined && selectorMatches(peer.nodeSelector, node.labels);
    }
    case 'domainNames':
      return false;
    case 'namespaces':
      return (
        ep.type === 'pod' && selectorMatches(peer.namespaceSelector, namespaceLabels(model, ep.pod.namespace))
      );
    case 'pods':
      return (
        ep.type === 'pod' &&
        selectorMatches(peer.namespaceSelector, namespaceLabels(model, ep.pod.namespace)) &&
        selectorMatches(peer.podSelector, ep.pod.labels)
      );
    default:
      return assertNever(peer);
  }
}

/** Human form of a NetworkPolicy peer, for reasons. */
export function describePolicyPeer(policy: NetworkPolicy, peer: PolicyPeer): string {
  switch (peer.type) {
    case 'ipBlock': {
      const except = peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : '';
      return `ipBlock ${peer.ipBlock.cidr}${except}`;
    }
    case 'pods': {
      const pods =
        peer.podSelector === undefined ? 'all pods' : `pods {${describeSelector(peer.podSelector)}}`;
      const ns =
        peer.namespaceSelector === undefined
          ? `in namespace ${policy.namespace}`
          : `in namespaces {${describeSelector(peer.namespaceSelector)}}`;
      return `${pods} ${ns}`;
    }
    default:
      return assertNever(peer);
  }
}

/** `ns/name` for a pod, the address for an IP. */
export function endpointName(ep: PeerEndpoint): string {
  return ep.type === 'pod' ? ep.pod.key : ep.ip;
}
