// Which peer may connect to which: the reach matrix of a model, in netpol-analyzer's
// `list` semantics (see shared/peer-suites/netpol-analyzer/README.md).

import { formatConnections, formatIPv4Interval, isEmptyConnections, numberToIPv4, type ConnectionSet, type Interval } from '../net';
import { allowedConnections } from '../policy/evaluate';
import type { PeerEndpoint } from '../policy/types';
import type { ReachPair, ReachResult } from '../types';
import type { ClusterModel } from '../../model/types';
import { destinationRanges, sourceRanges } from './ip-ranges';
import { byteOrder, reachPeers, type ReachGranularity, type ReachPeer } from './peers';

export interface ReachOptions {
  readonly granularity: ReachGranularity;
  /** Keep only pairs with at least one end in this namespace. */
  readonly namespace?: string;
}

interface RangePeer {
  readonly name: string;
  readonly ep: PeerEndpoint;
}

function rangePeers(ranges: readonly Interval[]): RangePeer[] {
  // Every address of a range is matched by the same blocks, so its first one stands for it.
  return ranges.map((r) => ({ name: `${formatIPv4Interval(r)}[External]`, ep: { type: 'ip', ip: numberToIPv4(r[0]) } }));
}

/**
 * All pairs of peers with some allowed connection, sorted by `from` then `to`
 * (byte-wise): workload or pod peers `ns/name[Kind]` and IP ranges
 * `first-last[External]` (source ranges cut by ingress ipBlocks, destination ranges by
 * egress ipBlocks and ANP/BANP networks). No self pairs, no range-to-range pairs.
 * Connections are computed once per pair of equivalence classes (namespace, labels,
 * container ports), so the cost grows with classes, not pods.
 */
export function computeReach(model: ClusterModel, options: ReachOptions): ReachResult {
  const { peers, classes } = reachPeers(model, options.granularity);
  const podEp = classes.map((pod): PeerEndpoint => ({ type: 'pod', pod }));
  const classPair = new Map<number, ConnectionSet>();
  const between = (src: number, dst: number): ConnectionSet => {
    const key = src * classes.length + dst;
    let conns = classPair.get(key);
    if (!conns) classPair.set(key, (conns = allowedConnections(model, podEp[src]!, podEp[dst]!)));
    return conns;
  };
  const inScope = (p: ReachPeer) => options.namespace === undefined || p.namespace === options.namespace;
  const pairs: ReachPair[] = [];
  const push = (from: string, to: string, conns: ConnectionSet) => {
    if (!isEmptyConnections(conns)) pairs.push({ from, to, conn: formatConnections(conns) });
  };

  for (const range of rangePeers(sourceRanges(model))) {
    for (const dst of peers) if (inScope(dst)) push(range.name, dst.name, allowedConnections(model, range.ep, podEp[dst.classId]!));
  }
  const dstRanges = rangePeers(destinationRanges(model));
  for (const src of peers) {
    for (const range of inScope(src) ? dstRanges : []) push(src.name, range.name, allowedConnections(model, podEp[src.classId]!, range.ep));
    for (const dst of peers) {
      if (dst === src || !(inScope(src) || inScope(dst))) continue;
      push(src.name, dst.name, between(src.classId, dst.classId));
    }
  }
  // Range peers start with a digit and workloads with a namespace, so sort once at the end.
  return { pairs: pairs.sort((x, y) => byteOrder(x.from, y.from) || byteOrder(x.to, y.to)) };
}
