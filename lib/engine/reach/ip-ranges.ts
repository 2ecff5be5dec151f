// The IP-range peers of a reach result: the IPv4 space cut at the edges of the
// policies' address blocks, so every range is treated the same by every rule.
//   source side:      NetworkPolicy ingress ipBlocks (cidr minus except)
//   destination side: NetworkPolicy egress ipBlocks + ANP/BANP egress `networks`
// With no blocks a side is the single range 0.0.0.0-255.255.255.255. IPv6 is ignored.

import { IPV4_MAX, intervalsOf, ipBlockIntervals, ipv4CidrInterval, isIPv4Cidr, type Interval, type IntervalSet } from '../net';
import type { AdminNetworkPolicy, ClusterModel, PolicyRule } from '../../model/types';

function ruleBlocks(rules: readonly PolicyRule[]): IntervalSet[] {
  return rules.flatMap((r) => r.peers.flatMap((p) => (p.type === 'ipBlock' ? [ipBlockIntervals(p.ipBlock.cidr, p.ipBlock.except)] : [])));
}

function networkBlocks(policy: AdminNetworkPolicy | undefined): IntervalSet[] {
  if (!policy) return [];
  return policy.egress.flatMap((r) =>
    r.peers.flatMap((p) => (p.type === 'networks' ? [intervalsOf(p.cidrs.filter(isIPv4Cidr).map(ipv4CidrInterval))] : [])),
  );
}

/** Cuts 0.0.0.0-255.255.255.255 at the start and end+1 of every interval of every block. */
export function cutRanges(blocks: readonly IntervalSet[]): Interval[] {
  const cuts = new Set<number>([0]);
  for (const block of blocks) {
    for (const [a, b] of block) {
      cuts.add(a);
      if (b < IPV4_MAX) cuts.add(b + 1);
    }
  }
  const starts = [...cuts].sort((x, y) => x - y);
  return starts.map((start, i) => [start, i + 1 < starts.length ? starts[i + 1]! - 1 : IPV4_MAX]);
}

/** Every address block Calico reads: rule nets / notNets, network sets, host endpoint addresses. */
function calicoBlocks(model: ClusterModel): IntervalSet[] {
  const c = model.calico;
  if (!c) return [];
  const rules = [...c.policies.flatMap((p) => [...p.ingress, ...p.egress]), ...[...c.profiles.values()].flatMap((p) => [...p.ingress, ...p.egress])];
  const cidrs = [
    ...rules.flatMap((r) => [...r.source.nets, ...r.source.notNets, ...r.destination.nets, ...r.destination.notNets]),
    ...c.networkSets.flatMap((s) => s.nets),
    ...c.hostEndpoints.flatMap((h) => h.expectedIPs.map((ip) => `${ip}/32`)),
  ].filter(isIPv4Cidr);
  return cidrs.map((cidr) => intervalsOf([ipv4CidrInterval(cidr)]));
}

export function sourceRanges(model: ClusterModel): Interval[] {
  return cutRanges([...model.networkPolicies.flatMap((p) => ruleBlocks(p.ingress)), ...calicoBlocks(model)]);
}

export function destinationRanges(model: ClusterModel): Interval[] {
  return cutRanges([
    ...model.networkPolicies.flatMap((p) => ruleBlocks(p.egress)),
    ...model.adminPolicies.flatMap((p) => networkBlocks(p)),
    ...networkBlocks(model.baselinePolicy),
    ...calicoBlocks(model),
  ]);
}
