// Reach as a graph (`-o dot`, `-o mermaid`): one node per peer, one edge per allowed pair,
// labelled with its connection set in canonical form.

import { digraph, toDot } from 'ts-graphviz';
import type { ReachResult } from '../types';
import { dotLabel, mermaidLabel } from './graph-labels';
import { whatIfLine } from './whatif';

/** Peers in first-seen order of the (sorted) pairs, so the output is stable. */
function peersOf(result: ReachResult): string[] {
  const seen = new Set<string>();
  for (const p of result.pairs) seen.add(p.from).add(p.to);
  return [...seen];
}

/** Address ranges outside the cluster's pods (`first-last[External]`) are drawn apart from workloads. */
const isExternal = (peer: string) => peer.endsWith('[External]');

/** `ns/name[Kind]` → its namespace and the rest; external ranges have none. */
function splitPeer(peer: string): { namespace?: string; name: string } {
  const slash = peer.indexOf('/');
  return isExternal(peer) || slash < 0
    ? { name: peer }
    : { namespace: peer.slice(0, slash), name: peer.slice(slash + 1) };
}

/**
 * Peers grouped in one frame per namespace, as np-guard netpol-analyzer draws its `-o dot`
 * (docs/connlist_output.md: "all the peers of the analyzed cluster are grouped by their
 * namespaces"); node ids stay the full peer names, so edges read like the txt lines.
 */
export function formatReachDot(result: ReachResult): string {
  const what = whatIfLine(result.whatIf).trim();
  const byNamespace = new Map<string, string[]>();
  const loose: string[] = [];
  for (const peer of peersOf(result)) {
    const { namespace } = splitPeer(peer);
    if (namespace === undefined) loose.push(peer);
    else byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), peer]);
  }
  const g = digraph('packetpath', (g) => {
    g.set('rankdir', 'LR');
    g.set('labelloc', 't');
    g.set('label', dotLabel([`packetpath reach: ${result.pairs.length} pair(s)`, ...(what ? [what] : [])]));
    g.attributes.node.apply({ shape: 'box', style: 'rounded', fontname: 'Helvetica', fontsize: 10 });
    g.attributes.edge.apply({ fontname: 'Helvetica', fontsize: 9 });
    for (const [namespace, peers] of byNamespace)
      g.subgraph(`cluster_${namespace}`, (s) => {
        s.set('label', dotLabel([namespace]));
        for (const peer of peers) s.node(peer, { label: dotLabel([splitPeer(peer).name]) });
      });
    for (const peer of loose) g.node(peer, { label: dotLabel([peer]), shape: 'ellipse', style: 'dashed' });
    for (const p of result.pairs) g.edge([p.from, p.to], { label: dotLabel([p.conn]) });
  });
  return `${toDot(g)}\n`;
}

export function formatReachMermaid(result: ReachResult): string {
  const what = whatIfLine(result.whatIf).trim();
  const ids = new Map(peersOf(result).map((peer, i) => [peer, `p${i + 1}`]));
  const lines = [
    `%% packetpath reach: ${result.pairs.length} pair(s)`,
    ...(what ? [`%% ${what.replace(/\s+/g, ' ')}`] : []),
    'flowchart LR',
  ];
  for (const [peer, id] of ids)
    lines.push(
      isExternal(peer) ? `  ${id}(["${mermaidLabel([peer])}"])` : `  ${id}["${mermaidLabel([peer])}"]`,
    );
  for (const p of result.pairs)
    lines.push(`  ${ids.get(p.from)} -->|"${mermaidLabel([p.conn])}"| ${ids.get(p.to)}`);
  return `${lines.join('\n')}\n`;
}
