// The one place where our PathGraph becomes React Flow nodes and edges.

import type { Edge, Node } from '@xyflow/react';
import type { HopKind } from 'lib/engine/types';
import type { BranchGraphNode, HopGraphNode, PathEdge, PathLane } from './path-graph';
import type { PositionedGraph } from './layout';

export type LaneFlowNode = Node<{ lane: PathLane }, 'lane'>;
/** One node type per hop kind, all drawn by HopNode with a kind-specific glyph. */
export type HopFlowNode = Node<{ node: HopGraphNode }, HopKind>;
export type BranchFlowNode = Node<{ node: BranchGraphNode }, 'branch'>;
export type FlowNode = LaneFlowNode | HopFlowNode | BranchFlowNode;
/**
 * How an edge is drawn: `step` between hops (`gapY`: middle of the gap between two lanes,
 * where a cross-lane edge runs and is labelled); `branch` down the owning hop's trunk into
 * a branch under it; `around` a cross-lane edge that leaves by the right side because the
 * hop's branches hang below it.
 */
export type EdgeRoute = 'step' | 'branch' | 'around';
export type PacketFlowEdge = Edge<{ edge: PathEdge; route: EdgeRoute; gapY?: number }, 'packet'>;

export interface Flow {
  readonly nodes: FlowNode[];
  readonly edges: PacketFlowEdge[];
}

export function toFlow({ graph, lanes, nodes }: PositionedGraph): Flow {
  const out: FlowNode[] = [];
  // React Flow needs parents before their children; lanes first, then hops in
  // packet order (which is also their DOM and keyboard order), then branches.
  for (const lane of graph.lanes) {
    const box = lanes.get(lane.id);
    if (!box) continue;
    out.push({
      id: lane.id,
      type: 'lane',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { lane },
      selectable: false,
      focusable: false,
      draggable: false,
    });
  }
  for (const node of graph.nodes) {
    const box = nodes.get(node.id);
    if (!box) continue;
    const common = {
      id: node.id,
      parentId: node.lane,
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      draggable: false,
      focusable: false,
      selectable: false,
    };
    if (node.type === 'hop') out.push({ ...common, type: node.hop.kind, data: { node } });
    else out.push({ ...common, type: 'branch', data: { node } });
  }
  const laneOf = new Map(graph.nodes.map((n) => [n.id, n.lane]));
  const gapY = (edge: PathEdge): number | undefined => {
    const a = lanes.get(laneOf.get(edge.source) ?? '');
    const b = lanes.get(laneOf.get(edge.target) ?? '');
    return edge.crossLane && a && b ? (a.y + a.height + b.y) / 2 : undefined;
  };
  const hasBranches = new Set(graph.nodes.flatMap((n) => (n.type === 'branch' ? [n.hopId] : [])));
  const routeOf = (edge: PathEdge): EdgeRoute =>
    edge.kind === 'branch' ? 'branch' : edge.crossLane && hasBranches.has(edge.source) ? 'around' : 'step';
  const HANDLES: Readonly<Record<EdgeRoute, readonly [string, string]>> = {
    branch: ['branch-out', 'in-left'],
    around: ['out-right', 'in-top'],
    step: ['out-right', 'in-left'],
  };
  const edges: PacketFlowEdge[] = graph.edges.map((edge) => {
    const route = routeOf(edge);
    const [sourceHandle, targetHandle] =
      route === 'step' && edge.crossLane ? ['out-bottom', 'in-top'] : HANDLES[route];
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'packet',
      sourceHandle,
      targetHandle,
      focusable: false,
      selectable: false,
      data: { edge, route, gapY: gapY(edge) },
    };
  });
  return { nodes: out, edges };
}
