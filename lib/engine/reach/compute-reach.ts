// Which peer may connect to which: the reach matrix of a model, in netpol-analyzer's
// `list` semantics (see shared/peer-suites/netpol-analyzer/README.md).

import {
  ALL_CONNECTIONS,
  bigIntToIPv6,
  formatConnections,
  formatPortProtocols,
  formatIPv4Interval,
  formatIPv6Interval,
  ipBlockIntervals,
  ipFamily,
  ipv4ToNumber,
  isIPv4,
  numberToIPv4,
  type Interval,
  type IPv6Interval,
} from '../net';
import { workloadKey } from '../../model/keys';
import type { ReachPair, ReachResult } from '../types';
import type { ClusterModel, Pod } from '../../model/types';
import { detectCni } from '../platform/detect-cni';
import { evaluateOptionsOf, ipBlockRule, type IpBlockPodsMode } from '../policy/ipblock-rule';
import { hostNetworkAddress, type HostNetworkMode } from '../policy/host-network';
import type { EvaluateOptions } from '../policy/types';
import { cutRanges, destinationRanges, destinationRangesV6, sourceRanges, sourceRangesV6 } from './ip-ranges';
import { createPairMemo, type MemoSide } from './pair-memo';
import { createMatchTables } from './match-tables';
import { sideGrouper } from './groups';
import { byteOrder, peerNameOf, reachPeers, type ReachGranularity, type ReachPeer } from './peers';
import { boundsMeter, DEFAULT_MAX_PAIRS, type ReachBounds } from './bounds';

export interface ReachOptions {
  readonly granularity: ReachGranularity;
  /** Keep only pairs with at least one end in this namespace. */
  readonly namespace?: string;
  /** Whether ipBlocks match pod addresses; absent = decided from the detected CNI (as traces do). */
  readonly ipblockPods?: IpBlockPodsMode;
  /**
   * Host-network pods as node peers `NODE[Node]` at their node's address (`node`, the
   * data plane's view and the default), or as ordinary pods (`pod`, the NetworkPolicy
   * API model that netpol-analyzer implements).
   */
  readonly hostNetwork?: HostNetworkMode;
  /**
   * Which connections a pair reports: every IP protocol (`all`, the default: ICMP types,
   * other protocol numbers and source ports included), or TCP, UDP and SCTP by destination
   * port only (`tcp-udp-sctp`, the model netpol-analyzer implements: its README, where "All
   * Connections" is the three protocols on every port).
   */
  readonly protocols?: ReachProtocols;
}

export type ReachProtocols = 'all' | 'tcp-udp-sctp';

/** Every NetworkPolicy ipBlock cut into ranges; a pod's range index is what its address decides. */
function addressClass(model: ClusterModel, options: EvaluateOptions): (pod: Pod) => string {
  if (!options.ipBlockMatchesPods) return () => '';
  const blocks = model.networkPolicies
    .flatMap((p) => [...p.ingress, ...p.egress])
    .flatMap((r) =>
      r.peers.flatMap((x) =>
        x.type === 'ipBlock' ? [ipBlockIntervals(x.ipBlock.cidr, x.ipBlock.except)] : [],
      ),
    );
  if (blocks.length === 0) return () => '';
  const starts = cutRanges(blocks).map((r) => r[0]);
  const rangeOf = (n: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return (pod) => pod.ips.map((ip) => (isIPv4(ip) ? String(rangeOf(ipv4ToNumber(ip))) : ip)).join(',');
}

/** Node peers for the nodes that run host-network pods: the node's address, named `NODE[Node]`. */
function nodeSides(model: ClusterModel, firstIdx: number): Named[] {
  const nodes = new Map<string, string>();
  for (const pod of model.pods.values()) {
    const ip = hostNetworkAddress(pod);
    const name = pod.nodeName ?? model.index.nodeByIP.get(ip ?? '')?.name;
    if (ip && name && !nodes.has(name)) nodes.set(name, ip);
  }
  return [...nodes.keys()].sort(byteOrder).map((name, i) => ({
    name: `${name}[Node]`,
    idx: firstIdx + i,
    portsIdx: 0,
    ep: { type: 'ip', ip: nodes.get(name)! },
  }));
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
    name: `${formatIPv4Interval(r)}[External]`,
    idx: firstIdx + i,
    portsIdx: 0,
    ep: { type: 'ip', ip: numberToIPv4(r[0]) },
  }));
  const v6Sides: Named[] = v6.map((r, i) => ({
    name: `${formatIPv6Interval(r)}[External]`,
    idx: firstIdx + ranges.length + i,
    portsIdx: 0,
    ep: { type: 'ip', ip: bigIntToIPv6(r[0]) },
    v6: true,
  }));
  return [...v4Sides, ...v6Sides];
}

function peerSides(peers: readonly ReachPeer[]): Named[] {
  const portsIds = new Map<string, number>([['', 0]]);
  return peers.map((p) => {
    let portsIdx = portsIds.get(p.portsKey);
    if (portsIdx === undefined) portsIds.set(p.portsKey, (portsIdx = portsIds.size));
    return {
      name: p.name,
      namespace: p.namespace,
      idx: p.classId,
      portsIdx,
      ep: { type: 'pod', pod: p.pod },
    };
  });
}

/** Every side reach pairs: peers (pods or workloads), source and destination ranges, node peers. */
function reachSides(model: ClusterModel, options: ReachOptions) {
  const policy = evaluateOptionsOf(ipBlockRule(detectCni(model), options.ipblockPods));
  const asNodes = (options.hostNetwork ?? 'node') === 'node';
  const skip = (pod: Pod) => asNodes && hostNetworkAddress(pod) !== undefined;
  const { peers: reachable, classes } = reachPeers(
    model,
    options.granularity,
    skip,
    addressClass(model, policy),
  );
  const peers = peerSides(reachable);
  const srcRanges = rangeSides(sourceRanges(model), sourceRangesV6(model), classes.length);
  const dstRanges = rangeSides(
    destinationRanges(model),
    destinationRangesV6(model),
    classes.length + srcRanges.length,
  );
  const nodes = asNodes ? nodeSides(model, classes.length + srcRanges.length + dstRanges.length) : [];
  return { policy, classes, peers, srcRanges, dstRanges, nodes };
}

/**
 * The names of every peer `computeReach` may pair (with the same options), sorted
 * byte-wise: what a pair list is read against when asking which pairs are denied.
 */
export function reachPeerNames(model: ClusterModel, options: ReachOptions): string[] {
  const { peers, srcRanges, dstRanges, nodes } = reachSides(model, options);
  const names = new Set([...peers, ...srcRanges, ...dstRanges, ...nodes].map((p) => p.name));
  return [...names].sort(byteOrder);
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
export function computeReach(
  model: ClusterModel,
  options: ReachOptions,
  bounds: ReachBounds = { maxPairs: DEFAULT_MAX_PAIRS },
): ReachResult {
  const meter = boundsMeter(
    bounds,
    `${options.granularity} granularity${options.namespace === undefined ? '' : ` in namespace ${options.namespace}`}`,
  );
  const { policy, classes, peers, srcRanges, dstRanges, nodes } = reachSides(model, options);
  const classSides: MemoSide[] = [];
  for (const side of [...peers, ...srcRanges, ...dstRanges, ...nodes]) classSides[side.idx] ??= side;
  const tables = createMatchTables(
    model,
    Array.from(
      { length: classes.length + srcRanges.length + dstRanges.length + nodes.length },
      (_, i) => classSides[i],
    ),
    policy,
  );
  const memo = createPairMemo(
    model,
    tables,
    policy,
    options.protocols === 'tcp-udp-sctp' ? formatPortProtocols : formatConnections,
  );
  const grouper = sideGrouper(model, tables, meter);
  const inScope = (p: Named) => options.namespace === undefined || p.namespace === options.namespace;
  const pairs: ReachPair[] = [];
  /** Copies a group pair's answer to its members (self pairs and others `pairable` refuses skipped). */
  const copy = (
    srcMembers: readonly Named[],
    dstMembers: readonly Named[],
    c: string,
    pairable: (a: Named, b: Named) => boolean,
  ) => {
    for (const from of srcMembers) {
      for (const to of dstMembers) {
        meter.step();
        if (pairable(from, to)) pairs.push({ from: from.name, to: to.name, conn: c });
      }
      meter.pairs(pairs.length);
    }
  };
  // Sources and destinations are grouped; a source group is paired only with the
  // destination groups that may allow anything: those its egress rules match when an
  // unmatched destination gets nothing, and of those, the ones whose ingress is open or
  // whose ingress rules match it.
  const emit = (
    srcs: readonly Named[],
    dsts: readonly Named[],
    pairable: (a: Named, b: Named) => boolean,
  ) => {
    const src = grouper.groups(srcs, 'src');
    const dst = grouper.groups(dsts, 'dst');
    const srcReps = src.members.map((m) => m[0]!);
    const dstReps = dst.members.map((m) => m[0]!);
    const openDsts: number[] = [];
    const dstsBySrc: number[][] = srcReps.map(() => []);
    dstReps.forEach((rep, g) => {
      meter.step();
      const from = memo.candidates(rep, 'Ingress', srcReps);
      if (from === undefined) openDsts.push(g);
      else for (const s of from) dstsBySrc[s]!.push(g);
    });
    srcReps.forEach((rep, s) => {
      const admitted = dstsBySrc[s]!.length === 0 ? openDsts : [...openDsts, ...dstsBySrc[s]!];
      const out = memo.candidates(rep, 'Egress', dstReps);
      for (const g of out !== undefined && out.length < admitted.length ? out : admitted) {
        meter.step();
        const c = memo.conn(rep, dstReps[g]!);
        if (c !== '') copy(src.members[s]!, dst.members[g]!, c, pairable);
      }
    });
  };
  // A pod with known addresses but none of IPv6 (single-stack in a dual-stack cluster)
  // can neither receive from nor send to an IPv6 range.
  const v6Less = (p: Named) =>
    p.ep.type === 'pod' && p.ep.pod.ips.length > 0 && !p.ep.pod.ips.some((ip) => ipFamily(ip) === 'IPv6');
  emit(srcRanges, peers, (from, to) => inScope(to) && !(from.v6 && v6Less(to)));
  emit(peers, dstRanges, (from, to) => inScope(from) && !(to.v6 && v6Less(from)));
  emit(peers, peers, (from, to) => from !== to && (inScope(from) || inScope(to)));
  // Node peers (host-network pods) talk to pods as addresses do, never to ranges; and
  // traffic between a pod and its own node is always allowed (Kubernetes docs, "Network
  // Policies": "traffic to and from the node where a Pod is running is always allowed").
  if (nodes.length) {
    const all = formatConnections(ALL_CONNECTIONS);
    // Pods of each owner peer (a Deployment's pods across its ReplicaSets), built on first use.
    let owners: Map<string, Pod[]> | undefined;
    const podsByOwner = () => {
      if (owners) return owners;
      owners = new Map();
      for (const p of model.pods.values()) {
        const key = peerNameOf(p, 'owner');
        const list = owners.get(key);
        if (list) list.push(p);
        else owners.set(key, [p]);
      }
      return owners;
    };
    // The nodes each peer's pods run on.
    const nodesOf = (peer: Named): Set<string> => {
      const pod = peer.ep.type === 'pod' ? peer.ep.pod : undefined;
      if (!pod) return new Set();
      const pods =
        options.granularity === 'pod'
          ? [pod]
          : options.granularity === 'owner'
            ? (podsByOwner().get(peer.name) ?? [pod])
            : (model.index.podsByWorkload.get(workloadKey(pod.workload)) ?? [pod]);
      return new Set(pods.flatMap((p) => (p.nodeName === undefined ? [] : [p.nodeName])));
    };
    const nodeByName = new Map(nodes.map((n) => [n.name.slice(0, -'[Node]'.length), n]));
    const own = new Map<Named, Set<Named>>();
    for (const peer of peers) {
      meter.step();
      if (!inScope(peer)) continue;
      const mine = new Set<Named>();
      for (const name of nodesOf(peer)) {
        const node = nodeByName.get(name);
        if (!node) continue;
        mine.add(node);
        pairs.push(
          { from: node.name, to: peer.name, conn: all },
          { from: peer.name, to: node.name, conn: all },
        );
      }
      own.set(peer, mine);
      meter.pairs(pairs.length);
    }
    const other = (peer: Named, node: Named) => own.get(peer)?.has(node) === false;
    const nodeSrc = grouper.groups(nodes, 'src');
    const peerDst = grouper.groups(peers, 'dst');
    for (const nodeMembers of nodeSrc.members)
      for (const peerMembers of peerDst.members) {
        meter.step();
        const c = memo.conn(nodeMembers[0]!, peerMembers[0]!);
        if (c !== '') copy(nodeMembers, peerMembers, c, (node, peer) => other(peer, node));
      }
    const peerSrc = grouper.groups(peers, 'src');
    const nodeDst = grouper.groups(nodes, 'dst');
    for (const peerMembers of peerSrc.members)
      for (const nodeMembers of nodeDst.members) {
        meter.step();
        const c = memo.conn(peerMembers[0]!, nodeMembers[0]!);
        if (c !== '') copy(peerMembers, nodeMembers, c, other);
      }
  }
  return { pairs: pairs.sort((x, y) => byteOrder(x.from, y.from) || byteOrder(x.to, y.to)) };
}
