// Graphviz DOT of a trace (`-o dot`): `packetpath trace ... -o dot | dot -Tsvg > path.svg`.

import { digraph, toDot, type Style } from 'ts-graphviz';
import type { TraceResult } from '../types';
import { dotLabel } from './graph-labels';
import { traceGraph, type NodeTone } from './trace-graph';
import { whatIfLine } from './whatif';

const TONE: Readonly<Record<NodeTone, { fillcolor: string; color: string; style: Style }>> = {
  pass: { fillcolor: '#dcfce7', color: '#15803d', style: 'rounded,filled' },
  warn: { fillcolor: '#fef3c7', color: '#b45309', style: 'rounded,filled' },
  drop: { fillcolor: '#fee2e2', color: '#b91c1c', style: 'rounded,filled,bold' },
  unreached: { fillcolor: '#f1f5f9', color: '#94a3b8', style: 'rounded,filled,dashed' },
  branch: { fillcolor: '#ffffff', color: '#94a3b8', style: 'rounded,dashed' },
  chosen: { fillcolor: '#ffffff', color: '#1d4ed8', style: 'rounded,filled' },
};

export function formatTraceDot(result: TraceResult): string {
  const graph = traceGraph(result);
  const what = whatIfLine(result.whatIf).trim();
  const g = digraph('packetpath', (g) => {
    g.set('rankdir', 'LR');
    g.set('labelloc', 't');
    g.set('label', dotLabel([graph.title, ...(what ? [what] : [])]));
    g.attributes.node.apply({ shape: 'box', fontname: 'Helvetica', fontsize: 10 });
    g.attributes.edge.apply({ fontname: 'Helvetica', fontsize: 9 });
    for (const n of graph.nodes) g.node(n.id, { label: dotLabel(n.lines), ...TONE[n.tone] });
    for (const e of graph.edges)
      g.edge([e.from, e.to], {
        ...(e.label ? { label: dotLabel([e.label]) } : {}),
        ...(e.dashed ? { style: 'dashed' } : {}),
      });
  });
  return `${toDot(g)}\n`;
}
