// Reach peers in words. An address range peer is written by where it lies against the
// cluster's own addresses (the nodes' pod CIDRs): `0.0.0.0-255.255.255.255[External]`
// is "anywhere outside the cluster", the range below a pod CIDR carved out of
// 0.0.0.0/0 is "anywhere outside the cluster below 10.244.0.0".

import type { ClusterModel } from '../../model/types';
import {
  formatIPv6Interval,
  intervalsOf,
  ipv4CidrInterval,
  ipv4ToNumber,
  isIPv4,
  isIPv4Cidr,
  IPV6_MAX,
  numberToIPv4,
  type Interval,
  type IntervalSet,
} from '../net';

const IPV4_MAX = 0xffffffff;
const ALL_V6 = `${formatIPv6Interval([0n, IPV6_MAX])}[External]`;

/** The IPv4 ranges of the cluster's pod network: every node's spec.podCIDRs. */
export function clusterRanges(model: ClusterModel): IntervalSet {
  return intervalsOf(
    [...model.nodes.values()].flatMap((n) => n.podCIDRs.filter(isIPv4Cidr).map(ipv4CidrInterval)),
  );
}

/** The fewest CIDRs that cover [a, b] exactly. */
export function cidrCover([a, b]: Interval): string[] {
  const out: string[] = [];
  let start = a;
  while (start <= b) {
    // The largest aligned block starting at `start` that stays within b.
    let size = start === 0 ? 2 ** 32 : 2 ** Math.min(32, trailingZeros(start));
    while (start + size - 1 > b) size /= 2;
    out.push(`${numberToIPv4(start)}/${32 - Math.log2(size)}`);
    start += size;
  }
  return out;
}

function trailingZeros(n: number): number {
  let z = 0;
  while (z < 32 && n % 2 ** (z + 1) === 0) z++;
  return z;
}

const overlaps = (r: Interval, s: Interval) => r[0] <= s[1] && s[0] <= r[1];
const inside = (r: Interval, s: Interval) => s[0] <= r[0] && r[1] <= s[1];

/** Words for a reach peer that is an address range; undefined for any other peer. */
export function rangeWords(peer: string, cluster: IntervalSet): string | undefined {
  if (!peer.endsWith('[External]')) return undefined;
  if (peer === ALL_V6) return 'anywhere outside the cluster (IPv6)';
  const [first, last] = peer.slice(0, -'[External]'.length).split('-');
  if (!first || !last || !isIPv4(first) || !isIPv4(last)) return undefined;
  const range: Interval = [ipv4ToNumber(first), ipv4ToNumber(last)];
  const [a, b] = range;
  if (a === 0 && b === IPV4_MAX) return 'anywhere outside the cluster';
  const cidrs = cidrCover(range);
  const text = cidrs.length <= 2 ? cidrs.join(' and ') : `${first} to ${last}`;
  if (cluster.some((c) => inside(range, c))) return `${text}, inside the pod network`;
  if (cluster.some((c) => overlaps(range, c))) return `${text}, which holds pod addresses`;
  if (a === 0) return `anywhere outside the cluster below ${numberToIPv4(b + 1)}`;
  if (b === IPV4_MAX) return `anywhere outside the cluster above ${numberToIPv4(a - 1)}`;
  return `${text}, outside the cluster`;
}
