// The IP-range peers of a reach result: the IPv4 space cut at the edges of the
// policies' address blocks, so every range is treated the same by every rule.
//   source side:      NetworkPolicy ingress ipBlocks (cidr minus except)
//   destination side: NetworkPolicy egress ipBlocks + ANP/BANP egress `networks`
//   with Cilium policies: their CIDRs, toServices backends, node and API server addresses
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

export function sourceRanges(model: ClusterModel): Interval[] {
  return cutRanges([...model.networkPolicies.flatMap((p) => ruleBlocks(p.ingress)), ...ciliumBlocks(model, 'ingress')]);
}

export function destinationRanges(model: ClusterModel): Interval[] {
  return cutRanges([
    ...model.networkPolicies.flatMap((p) => ruleBlocks(p.egress)),
    ...model.adminPolicies.flatMap((p) => networkBlocks(p)),
    ...networkBlocks(model.baselinePolicy),
    ...(model.baselineClusterPolicies ?? []).flatMap((p) => networkBlocks(p)),
    ...ciliumBlocks(model, 'egress'),
    ...(model.baselineClusterPolicies?.length || model.adminPolicies.some((p) => p.kind === 'ClusterNetworkPolicy') ? nodeAddressBlocks(model) : []),
  ]);
}

/** Each node address and API server backend as its own /32: Cilium gives them their own identity. */
function nodeAddressBlocks(model: ClusterModel): IntervalSet[] {
  const ips = [...model.index.nodeByIP.keys(), ...(model.index.slicesByService.get('default/kubernetes') ?? []).flatMap((s) => s.endpoints.flatMap((e) => e.addresses))];
  return ips.filter((ip) => isIPv4Cidr(`${ip}/32`)).map((ip) => [ipv4CidrInterval(`${ip}/32`)]);
}

/**
 * Cilium cuts: the CIDRs of the direction's rules (allow and deny), the addresses of
 * toServices backends, and the node / API server addresses (entities).
 */
function ciliumBlocks(model: ClusterModel, side: 'ingress' | 'egress'): IntervalSet[] {
  const policies = model.ciliumPolicies ?? [];
  if (policies.length === 0) return [];
  const v4 = (c: string) => (c.includes('/') ? c : `${c}/32`);
  const out: IntervalSet[] = nodeAddressBlocks(model);
  for (const p of policies) {
    const rules = side === 'ingress' ? [...p.ingress, ...p.ingressDeny] : [...p.egress, ...p.egressDeny];
    for (const r of rules) {
      for (const peer of r.peers) {
        if (peer.type === 'cidr') {
          for (const c of peer.cidrs.map(v4).filter(isIPv4Cidr)) out.push(ipBlockIntervals(c, peer.except.map(v4)));
        } else if (peer.type === 'service') {
          for (const s of model.services.values()) {
            if (peer.namespace !== undefined && s.namespace !== peer.namespace) continue;
            for (const slice of model.index.slicesByService.get(s.key) ?? []) {
              for (const e of slice.endpoints) for (const a of e.addresses) if (isIPv4Cidr(`${a}/32`)) out.push([ipv4CidrInterval(`${a}/32`)]);
            }
          }
        }
      }
    }
  }
  return out;
}
