// Which peer may connect to which: the reach matrix of a model, in netpol-analyzer's
// `list` semantics (see shared/peer-suites/netpol-analyzer/README.md).

import { bigIntToIPv6, formatIPv4Interval, formatIPv6Interval, ipFamily, numberToIPv4, type Interval, type IPv6Interval } from '../net';
import type { ReachPair, ReachResult } from '../types';
import type { ClusterModel } from '../../model/types';
import { destinationRanges, destinationRangesV6, sourceRanges, sourceRangesV6 } from './ip-ranges';
import { createPairMemo, type MemoSide } from './pair-memo';
import { groupSides } from './groups';
import { byteOrder, reachPeers, type ReachGranularity, type ReachPeer } from './peers';

export interface ReachOptions {
  readonly granularity: ReachGranularity;
  /** Keep only pairs with at least one end in this namespace. */
  readonly namespace?: string;
}

interface Named extends MemoSide {
  readonly name: string;
  readonly namespace?: string;
  /** An IPv6 range peer. */
  readonly v6?: boolean;
}

function rangeSides(ranges: readonly Interval[], v6: readonly IPv6Interval[], firstIdx: number): Named[] {
  // Every address of a range is matched by the same blocks, so its first one stands for it.
  const v4Sides: Named[] = ranges.map((r, i) => ({
    name: `${formatIPv4Interval(r)}[External]`, idx: firstIdx + i, portsIdx: 0, ep: { type: 'ip', ip: numberToIPv4(r[0]) },
  }));
  const v6Sides: Named[] = v6.map((r, i) => ({
    name: `${formatIPv6Interval(r)}[External]`, idx: firstIdx + ranges.length + i, portsIdx: 0, ep: { type: 'ip', ip: bigIntToIPv6(r[0]) }, v6: true,
  }));
  return [...v4Sides, ...v6Sides];
}

function peerSides(peers: readonly ReachPeer[]): Named[] {
  const portsIds = new Map<string, number>([['', 0]]);
  return peers.map((p) => {
    let portsIdx = portsIds.get(p.portsKey);
    if (portsIdx === undefined) portsIds.set(p.portsKey, (portsIdx = portsIds.size));
    return { name: p.name, namespace: p.namespace, idx: p.classId, portsIdx, ep: { type: 'pod', pod: p.pod } };
  });
}

/**
 * All pairs of peers with some allowed connection, sorted by `from` then `to`
 * (byte-wise): workload or pod peers `ns/name[Kind]` and IP ranges
 * `first-last[External]` (source ranges cut by ingress ipBlocks, destination ranges by
 * egress ipBlocks and ANP/BANP networks; IPv6 ranges too when the cluster uses IPv6). No self pairs, no range-to-range pairs.
 * Pods are grouped in classes (namespace, labels, container ports) and each direction
 * is computed once per (class, matching rules), so the cost grows with distinct
 * policy outcomes, not with pods.
 */
export function computeReach(model: ClusterModel, options: ReachOptions): ReachResult {
  const { peers: reachable, classes } = reachPeers(model, options.granularity);
  const peers = peerSides(reachable);
  const srcRanges = rangeSides(sourceRanges(model), sourceRangesV6(model), classes.length);
  const dstRanges = rangeSides(destinationRanges(model), destinationRangesV6(model), classes.length + srcRanges.length);
  const conn = createPairMemo(model, classes.length + srcRanges.length + dstRanges.length);
  const inScope = (p: Named) => options.namespace === undefined || p.namespace === options.namespace;
  const pairs: ReachPair[] = [];
  // Sources are grouped; each source is paired with every destination group and the
  // group's answer is copied to its members (self pairs skipped).
  const emit = (srcs: readonly Named[], dsts: readonly Named[], pairable: (a: Named, b: Named) => boolean) => {
    const src = groupSides(model, srcs);
    const dst = groupSides(model, dsts);
    src.members.forEach((srcMembers) => {
      const rep = srcMembers[0]!;
      for (const dstMembers of dst.members) {
        const c = conn(rep, dstMembers[0]!);
        if (c === '') continue;
        for (const from of srcMembers) {
          for (const to of dstMembers) if (pairable(from, to)) pairs.push({ from: from.name, to: to.name, conn: c });
        }
      }
    });
  };
  // A pod with known addresses but none of IPv6 (single-stack in a dual-stack cluster)
  // can neither receive from nor send to an IPv6 range.
  const v6Less = (p: Named) => p.ep.type === 'pod' && p.ep.pod.ips.length > 0 && !p.ep.pod.ips.some((ip) => ipFamily(ip) === 'IPv6');
  emit(srcRanges, peers, (from, to) => inScope(to) && !(from.v6 && v6Less(to)));
  emit(peers, dstRanges, (from, to) => inScope(from) && !(to.v6 && v6Less(from)));
  emit(peers, peers, (from, to) => from !== to && (inScope(from) || inScope(to)));
  return { pairs: pairs.sort((x, y) => byteOrder(x.from, y.from) || byteOrder(x.to, y.to)) };
}
