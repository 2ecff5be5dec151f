// The trace as a drawable graph: hops in packet order, grouped into rows ("lanes")
// per Kubernetes node or "outside the cluster", plus branch nodes for weighted
// backends and candidate endpoints. This is our model; React Flow only sees it
// after layout, in to-flow.ts.

import type { Finding, Hop, HopBranch, Severity, TraceResult } from 'lib/engine/types';

/** A lane is one row: consecutive hops on the same Kubernetes node (or outside). */
export interface PathLane {
  readonly id: string;
  readonly title: string;
  readonly kind: 'node' | 'outside';
  /** True when the lane continues the previous row of the same node. */
  readonly continued: boolean;
}

export interface HopGraphNode {
  readonly type: 'hop';
  readonly id: string;
  readonly lane: string;
  /** 1-based position in packet order. */
  readonly step: number;
  readonly hop: Hop;
  readonly severity?: Severity;
  /** The hop where the packet dies or the worst finding stands. */
  readonly culprit: boolean;
  /** False for hops after the drop: drawn for context, never reached by the packet. */
  readonly reached: boolean;
}

export interface BranchGraphNode {
  readonly type: 'branch';
  readonly id: string;
  readonly lane: string;
  readonly hopId: string;
  readonly branch: HopBranch;
}

export type PathGraphNode = HopGraphNode | BranchGraphNode;

export interface PathEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: 'packet' | 'branch';
  /** Addresses on the wire when they change (`src → dst`), then `MTU n` when it changes. */
  readonly addresses?: string;
  readonly mtu?: number;
  /** The addresses differ from the previous ones shown: NAT happened before this edge. */
  readonly nat: boolean;
  /** Addresses of the outer (encapsulating) header, or the inner one again after decap. */
  readonly tunnel?: 'outer' | 'inner';
  /** Branch share label ("90%") and whether the traced packet takes it. */
  readonly share?: string;
  readonly chosen?: boolean;
  readonly crossLane: boolean;
  /** False when the packet never travels this edge (it leads to or from a hop after the drop). */
  readonly reached: boolean;
}

export interface PathGraph {
  readonly lanes: readonly PathLane[];
  readonly nodes: readonly PathGraphNode[];
  readonly edges: readonly PathEdge[];
}

/** Hops per row before the lane wraps; the canvas lowers it until a row fits its width. */
export const MAX_HOPS_PER_LANE = 6;
/** Branches drawn per hop; the rest are summarised in the hop panel. */
export const MAX_BRANCHES = 4;

const RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export function worstSeverity(severities: Iterable<Severity | undefined>): Severity | undefined {
  let worst: Severity | undefined;
  for (const s of severities) if (s && (!worst || RANK[s] > RANK[worst])) worst = s;
  return worst;
}

/** Findings that stand on a hop: tied by `finding.hop`, or listed by code on the hop. */
export function findingsOfHop(hop: Hop, findings: readonly Finding[]): Finding[] {
  const codes = new Set(hop.findings);
  return findings.filter((f) => f.hop === hop.id || (f.hop === undefined && codes.has(f.code)));
}

export function hopSeverity(hop: Hop, findings: readonly Finding[]): Severity | undefined {
  const fromVerdict: Severity | undefined =
    hop.verdict === 'drop' ? 'error' : hop.verdict === 'warn' ? 'warning' : undefined;
  return worstSeverity([fromVerdict, ...findingsOfHop(hop, findings).map((f) => f.severity)]);
}

/** `hop.reached` is absent on reached hops; only an explicit `false` means "not reached". */
export function isReached(hop: Hop): boolean {
  return hop.reached !== false;
}

/** The hop to highlight first: where the packet is dropped, else the worst finding. */
export function culpritHop(result: TraceResult): string | undefined {
  const dropped = result.hops.find((h) => h.verdict === 'drop');
  if (dropped) return dropped.id;
  let best: { id: string; rank: number } | undefined;
  for (const hop of result.hops) {
    const sev = hopSeverity(hop, result.findings);
    if (sev && sev !== 'info' && (!best || RANK[sev] > best.rank)) best = { id: hop.id, rank: RANK[sev] };
  }
  return best?.id;
}

export function shareLabel(share: number): string {
  const pct = share * 100;
  return `${pct > 0 && pct < 1 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/**
 * The lane a hop is drawn in: its Kubernetes node, or '' for outside the cluster.
 * The underlay is the wire between two nodes, not "outside": it stays in the sender's
 * row when there is room, else it opens the receiver's row.
 */
function laneKey(
  hops: readonly Hop[],
  i: number,
  current: { key: string; count: number } | undefined,
  max: number,
): string {
  const hop = hops[i]!;
  if (hop.node !== undefined) return hop.node;
  if (hop.kind !== 'underlay') return '';
  if (current && current.key !== '' && current.count < max) return current.key;
  return hops[i + 1]?.node ?? '';
}

/** Builds the drawable graph of a trace. Pure; O(hops + findings + branches). */
export function toPathGraph(result: TraceResult, maxHopsPerLane: number = MAX_HOPS_PER_LANE): PathGraph {
  const lanes: PathLane[] = [];
  const nodes: PathGraphNode[] = [];
  const edges: PathEdge[] = [];
  const culprit = culpritHop(result);
  const laneOf = new Map<string, string>();
  let current: { key: string; id: string; count: number } | undefined;

  result.hops.forEach((hop, i) => {
    const key = laneKey(result.hops, i, current, maxHopsPerLane);
    if (!current || current.key !== key || current.count >= maxHopsPerLane) {
      const continued = current?.key === key;
      const id = `lane-${lanes.length}`;
      lanes.push({ id, title: key || 'Outside the cluster', kind: key ? 'node' : 'outside', continued });
      current = { key, id, count: 0 };
    }
    current.count += 1;
    laneOf.set(hop.id, current.id);
    nodes.push({
      type: 'hop',
      id: hop.id,
      lane: current.id,
      step: i + 1,
      hop,
      severity: hopSeverity(hop, result.findings),
      culprit: hop.id === culprit,
      reached: isReached(hop),
    });
  });

  // Edges carry the packet's addresses and MTU only where they change, so NAT and
  // MTU steps stand out instead of repeating on every edge.
  let shownAddresses: string | undefined;
  let shownMtu: number | undefined;
  const addressesOf = (h: Hop | undefined) => (h?.src && h.dst ? `${h.src} → ${h.dst}` : undefined);
  result.hops.forEach((hop, i) => {
    const next = result.hops[i + 1];
    if (!next) return;
    const wire = addressesOf(next) ?? addressesOf(hop);
    const mtu = next.mtu ?? hop.mtu;
    const showAddresses = wire !== undefined && wire !== shownAddresses;
    const showMtu = mtu !== undefined && mtu !== shownMtu;
    // Entering or leaving the underlay swaps headers; that is encapsulation, not NAT.
    const tunnel = next.kind === 'underlay' ? 'outer' : hop.kind === 'underlay' ? 'inner' : undefined;
    edges.push({
      id: `e-${hop.id}-${next.id}`,
      source: hop.id,
      target: next.id,
      kind: 'packet',
      ...(showAddresses ? { addresses: wire } : {}),
      ...(showMtu ? { mtu } : {}),
      nat: showAddresses && shownAddresses !== undefined && tunnel === undefined,
      ...(tunnel && showAddresses ? { tunnel } : {}),
      crossLane: laneOf.get(hop.id) !== laneOf.get(next.id),
      reached: isReached(next),
    });
    if (showAddresses) shownAddresses = wire;
    if (showMtu) shownMtu = mtu;
  });

  for (const hop of result.hops) {
    const lane = laneOf.get(hop.id)!;
    (hop.branches ?? []).slice(0, MAX_BRANCHES).forEach((branch, b) => {
      const id = `${hop.id}-branch-${b}`;
      nodes.push({ type: 'branch', id, lane, hopId: hop.id, branch });
      edges.push({
        id: `e-${id}`,
        source: hop.id,
        target: id,
        kind: 'branch',
        nat: false,
        share: shareLabel(branch.share),
        chosen: branch.chosen,
        crossLane: false,
        reached: isReached(hop),
      });
    });
  }
  return { lanes, nodes, edges };
}
