// Mermaid flowchart of a trace (`-o mermaid`): pastes into GitHub/GitLab Markdown in a
// ```mermaid block, or renders with mermaid-cli.

import type { TraceResult } from '../types';
import { mermaidLabel } from './graph-labels';
import { traceGraph, type NodeTone } from './trace-graph';
import { whatIfLine } from './whatif';

const CLASS: Readonly<Record<NodeTone, string>> = {
  pass: 'fill:#dcfce7,stroke:#15803d',
  warn: 'fill:#fef3c7,stroke:#b45309',
  drop: 'fill:#fee2e2,stroke:#b91c1c,stroke-width:2px',
  unreached: 'fill:#f1f5f9,stroke:#94a3b8,stroke-dasharray:4 3',
  branch: 'fill:#ffffff,stroke:#94a3b8,stroke-dasharray:4 3',
  chosen: 'fill:#ffffff,stroke:#1d4ed8',
};

/** `%%` comment text: a comment runs to the end of its line, so it must stay on one. */
const comment = (s: string) => s.replace(/\s+/g, ' ');
/** Node ids are bare words in Mermaid: hop ids already are (`h4`, `h4_b1`); keep it so. */
const nodeId = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

export function formatTraceMermaid(result: TraceResult): string {
  const graph = traceGraph(result);
  const what = whatIfLine(result.whatIf).trim();
  const lines = [`%% ${comment(graph.title)}`, ...(what ? [`%% ${comment(what)}`] : []), 'flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${nodeId(n.id)}["${mermaidLabel(n.lines)}"]`);
  for (const e of graph.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    lines.push(
      `  ${nodeId(e.from)} ${arrow}${e.label ? `|"${mermaidLabel([e.label])}"|` : ''} ${nodeId(e.to)}`,
    );
  }
  const used = [...new Set(graph.nodes.map((n) => n.tone))];
  for (const tone of used) lines.push(`  classDef ${tone} ${CLASS[tone]}`);
  for (const tone of used)
    lines.push(
      `  class ${graph.nodes
        .filter((n) => n.tone === tone)
        .map((n) => nodeId(n.id))
        .join(',')} ${tone}`,
    );
  return `${lines.join('\n')}\n`;
}
