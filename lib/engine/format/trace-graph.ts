// The trace as a graph, shared by the DOT and Mermaid formats: one node per hop in packet
// order, an edge to the next hop, and for hops with branches (service endpoints, gateway
// backends) one dashed node per branch with its traffic share.

import type { Hop, HopBranch, TraceResult } from '../types';

export type NodeTone = 'pass' | 'warn' | 'drop' | 'unreached' | 'branch' | 'chosen';

export interface GraphNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly tone: NodeTone;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly dashed: boolean;
}

export interface TraceGraph {
  readonly title: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

function hopLines(hop: Hop): string[] {
  const where = [hop.node, hop.mtu !== undefined ? `MTU ${hop.mtu}` : undefined].filter(Boolean).join(' · ');
  const addresses = hop.src || hop.dst ? `${hop.src ?? '?'} → ${hop.dst ?? '?'}` : '';
  return [
    `${hop.id} ${hop.kind}`,
    hop.label,
    where,
    addresses,
    hop.findings.length ? hop.findings.join(', ') : '',
  ].filter(Boolean);
}

function hopTone(hop: Hop): NodeTone {
  if (hop.reached === false) return 'unreached';
  return hop.verdict;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

function branchLines(b: HopBranch): string[] {
  return [b.label, b.address ?? '', b.node ?? '', b.failure ?? ''].filter(Boolean);
}

export function traceGraph(result: TraceResult): TraceGraph {
  const q = result.query;
  const title = [
    `packetpath trace: ${result.verdict.toUpperCase()}`,
    q ? ` (${q.from} → ${q.to}${q.port !== undefined ? ` ${q.protocol ?? 'TCP'} ${q.port}` : ''})` : '',
  ].join('');
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  result.hops.forEach((hop, i) => {
    nodes.push({ id: hop.id, lines: hopLines(hop), tone: hopTone(hop) });
    const next = result.hops[i + 1];
    if (next) edges.push({ from: hop.id, to: next.id, dashed: next.reached === false });
    (hop.branches ?? []).forEach((b, j) => {
      const id = `${hop.id}_b${j + 1}`;
      nodes.push({ id, lines: branchLines(b), tone: b.chosen ? 'chosen' : 'branch' });
      edges.push({ from: hop.id, to: id, label: percent(b.share), dashed: true });
    });
  });
  return { title, nodes, edges };
}
