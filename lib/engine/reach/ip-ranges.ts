// The IP-range peers of a reach result: the address space cut at the edges of the
// policies' address blocks, so every range is treated the same by every rule.
//   source side:      NetworkPolicy ingress ipBlocks (cidr minus except)
//   destination side: NetworkPolicy egress ipBlocks + ANP/BANP egress `networks`
// IPv4: with no blocks a side is the single range 0.0.0.0-255.255.255.255 (always
// listed, as netpol-analyzer does). IPv6 (::/0 cut the same way at IPv6 block edges) is
// listed only when the cluster uses IPv6 (a dual-stack or IPv6 node, pod or Service
// address) or a policy names an IPv6 CIDR: an IPv4-only cluster keeps netpol-analyzer's
// output exactly (its model ignores IPv6 CIDRs, README "IP-range peers").
// With Cilium policies: their CIDRs, toServices backends, node and API server addresses cut too.

import {
  IPV4_MAX,
  IPV6_MAX,
  intervalsOf,
  ipBlockIntervals,
  ipv4CidrInterval,
  ipv6BlockIntervals,
  ipv6CidrInterval,
  ipv6IntervalsOf,
  isIPv4Cidr,
  isIPv6Cidr,
  type Interval,
  type IntervalSet,
  type IPv6Interval,
  type IPv6IntervalSet,
} from '../net';
import type { AdminNetworkPolicy, ClusterModel, PolicyRule } from '../../model/types';
import { hasIPv6 } from '../platform/family';

function ruleBlocks(rules: readonly PolicyRule[]): IntervalSet[] {
  return rules.flatMap((r) =>
    r.peers.flatMap((p) =>
      p.type === 'ipBlock' ? [ipBlockIntervals(p.ipBlock.cidr, p.ipBlock.except)] : [],
    ),
  );
}

function networkBlocks(policy: AdminNetworkPolicy | undefined): IntervalSet[] {
  if (!policy) return [];
  return policy.egress.flatMap((r) =>
    r.peers.flatMap((p) =>
      p.type === 'networks' ? [intervalsOf(p.cidrs.filter(isIPv4Cidr).map(ipv4CidrInterval))] : [],
    ),
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

/** Every address block Calico reads, both families: rule nets / notNets, network sets, host endpoint addresses. */
function calicoCidrs(model: ClusterModel): string[] {
  const c = model.calico;
  if (!c) return [];
  const rules = [
    ...c.policies.flatMap((p) => [...p.ingress, ...p.egress]),
    ...[...c.profiles.values()].flatMap((p) => [...p.ingress, ...p.egress]),
  ];
  const cidrs = [
    ...rules.flatMap((r) => [
      ...r.source.nets,
      ...r.source.notNets,
      ...r.destination.nets,
      ...r.destination.notNets,
    ]),
    ...c.networkSets.flatMap((s) => s.nets),
    ...c.hostEndpoints.flatMap((h) =>
      h.expectedIPs.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`)),
    ),
  ];
  return cidrs;
}

function calicoBlocks(model: ClusterModel): IntervalSet[] {
  return calicoCidrs(model)
    .filter(isIPv4Cidr)
    .map((cidr) => intervalsOf([ipv4CidrInterval(cidr)]));
}

function calicoBlocksV6(model: ClusterModel): IPv6IntervalSet[] {
  return calicoCidrs(model)
    .filter(isIPv6Cidr)
    .map((cidr) => [ipv6CidrInterval(cidr)]);
}

/** The IPv6 CIDRs (with their excepts) of a direction's Cilium rules, allow and deny. */
function ciliumBlocksV6(model: ClusterModel, side: 'ingress' | 'egress'): IPv6IntervalSet[] {
  const v6 = (c: string) => (c.includes('/') ? c : `${c}/128`);
  return (model.ciliumPolicies ?? []).flatMap((p) =>
    (side === 'ingress' ? [...p.ingress, ...p.ingressDeny] : [...p.egress, ...p.egressDeny]).flatMap((r) =>
      r.peers.flatMap((peer) =>
        peer.type === 'cidr'
          ? peer.cidrs
              .map(v6)
              .filter(isIPv6Cidr)
              .map((c) => ipv6BlockIntervals(c, peer.except.map(v6).filter(isIPv6Cidr)))
          : [],
      ),
    ),
  );
}

export function sourceRanges(model: ClusterModel): Interval[] {
  return cutRanges([
    ...model.networkPolicies.flatMap((p) => ruleBlocks(p.ingress)),
    ...calicoBlocks(model),
    ...ciliumBlocks(model, 'ingress'),
  ]);
}

export function destinationRanges(model: ClusterModel): Interval[] {
  return cutRanges([
    ...model.networkPolicies.flatMap((p) => ruleBlocks(p.egress)),
    ...model.adminPolicies.flatMap((p) => networkBlocks(p)),
    ...networkBlocks(model.baselinePolicy),
    ...(model.baselineClusterPolicies ?? []).flatMap((p) => networkBlocks(p)),
    ...ciliumBlocks(model, 'egress'),
    ...(model.baselineClusterPolicies?.length ||
    model.adminPolicies.some((p) => p.kind === 'ClusterNetworkPolicy')
      ? nodeAddressBlocks(model)
      : []),
    ...calicoBlocks(model),
  ]);
}

// ---- IPv6 -----------------------------------------------------------------------------

function ruleBlocksV6(rules: readonly PolicyRule[]): IPv6IntervalSet[] {
  return rules.flatMap((r) =>
    r.peers.flatMap((p) =>
      p.type === 'ipBlock' && isIPv6Cidr(p.ipBlock.cidr)
        ? [ipv6BlockIntervals(p.ipBlock.cidr, p.ipBlock.except)]
        : [],
    ),
  );
}

function networkBlocksV6(policy: AdminNetworkPolicy | undefined): IPv6IntervalSet[] {
  if (!policy) return [];
  return policy.egress.flatMap((r) =>
    r.peers.flatMap((p) =>
      p.type === 'networks' ? [ipv6IntervalsOf(p.cidrs.filter(isIPv6Cidr).map(ipv6CidrInterval))] : [],
    ),
  );
}

/** Cuts ::-ffff:…:ffff at the start and end+1 of every interval of every block. */
export function cutIPv6Ranges(blocks: readonly IPv6IntervalSet[]): IPv6Interval[] {
  const cuts = new Set<bigint>([0n]);
  for (const block of blocks) {
    for (const [a, b] of block) {
      cuts.add(a);
      if (b < IPV6_MAX) cuts.add(b + 1n);
    }
  }
  const starts = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return starts.map((start, i) => [start, i + 1 < starts.length ? starts[i + 1]! - 1n : IPV6_MAX]);
}

function policiesNameIPv6(model: ClusterModel): boolean {
  const rules = model.networkPolicies.flatMap((p) => [...p.ingress, ...p.egress]);
  if (rules.some((r) => r.peers.some((p) => p.type === 'ipBlock' && isIPv6Cidr(p.ipBlock.cidr)))) return true;
  const admin = [...model.adminPolicies, ...(model.baselinePolicy ? [model.baselinePolicy] : [])];
  return (
    admin.some((a) =>
      a.egress.some((r) => r.peers.some((p) => p.type === 'networks' && p.cidrs.some(isIPv6Cidr))),
    ) ||
    calicoBlocksV6(model).length > 0 ||
    ciliumBlocksV6(model, 'ingress').length > 0 ||
    ciliumBlocksV6(model, 'egress').length > 0
  );
}

/** Whether reach lists IPv6 ranges: the cluster uses IPv6 or a policy names an IPv6 CIDR. */
export function coversIPv6(model: ClusterModel): boolean {
  return hasIPv6(model) || policiesNameIPv6(model);
}

export function sourceRangesV6(model: ClusterModel): IPv6Interval[] {
  if (!coversIPv6(model)) return [];
  return cutIPv6Ranges([
    ...model.networkPolicies.flatMap((p) => ruleBlocksV6(p.ingress)),
    ...calicoBlocksV6(model),
    ...ciliumBlocksV6(model, 'ingress'),
  ]);
}

export function destinationRangesV6(model: ClusterModel): IPv6Interval[] {
  if (!coversIPv6(model)) return [];
  return cutIPv6Ranges([
    ...model.networkPolicies.flatMap((p) => ruleBlocksV6(p.egress)),
    ...model.adminPolicies.flatMap((p) => networkBlocksV6(p)),
    ...networkBlocksV6(model.baselinePolicy),
    ...calicoBlocksV6(model),
    ...ciliumBlocksV6(model, 'egress'),
  ]);
}

/** Each node address and API server backend as its own /32: Cilium gives them their own identity. */
function nodeAddressBlocks(model: ClusterModel): IntervalSet[] {
  const ips = [
    ...model.index.nodeByIP.keys(),
    ...(model.index.slicesByService.get('default/kubernetes') ?? []).flatMap((s) =>
      s.endpoints.flatMap((e) => e.addresses),
    ),
  ];
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
          for (const c of peer.cidrs.map(v4).filter(isIPv4Cidr))
            out.push(ipBlockIntervals(c, peer.except.map(v4)));
        } else if (peer.type === 'service') {
          for (const s of model.services.values()) {
            if (peer.namespace !== undefined && s.namespace !== peer.namespace) continue;
            for (const slice of model.index.slicesByService.get(s.key) ?? []) {
              for (const e of slice.endpoints)
                for (const a of e.addresses)
                  if (isIPv4Cidr(`${a}/32`)) out.push([ipv4CidrInterval(`${a}/32`)]);
            }
          }
        }
      }
    }
  }
  return out;
}
