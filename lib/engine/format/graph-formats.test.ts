// The graph formats (`-o dot`, `-o mermaid`) and reach's `-o csv`: goldens on the MTU
// case and a gateway canary (weighted branches), plus the syntax each consumer needs.
//   DOT: quoted IDs; in a quoted string `\"` is the escape, and labels are escString, so a
//     literal backslash is `\\` (https://graphviz.org/doc/info/lang.html,
//     https://graphviz.org/docs/attr-types/escString/). Checked by parsing the output
//     with ts-graphviz's DOT parser and, where Graphviz is installed, with `dot` itself.
//   Mermaid flowchart: `id["label"]` nodes, `a -->|"label"| b` edges, `#quot;`-style entity
//     codes for characters that mean something in a label
//     (https://mermaid.js.org/syntax/flowchart.html, "Entity codes to escape characters").
//   CSV: RFC 4180 quoting, header `src,dst,conn` as np-guard netpol-analyzer writes it.

import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromDot } from 'ts-graphviz';
import { loadModel } from '../../ingest';
import { getScenario, scenarioSnapshot } from '../../scenarios';
import { traceRoute } from '../trace/trace-route';
import { buildModel, twoNodeCluster } from '../trace/testing/model';
import type { ReachResult, TraceResult } from '../types';
import { dotLabel, mermaidLabel } from './graph-labels';
import { formatReach } from './reach';
import { formatTrace } from './trace';

const mtu = traceRoute(buildModel(twoNodeCluster({}, 1500)), {
  from: 'pod:shop/web',
  to: 'svc:shop/db',
  port: 5432,
  size: 1500,
});
const canaryScenario = getScenario('gateway-canary')!;
const canary = traceRoute(loadModel(scenarioSnapshot(canaryScenario)), canaryScenario.queries[0]!);

const reach: ReachResult = {
  pairs: [
    { from: '0.0.0.0-255.255.255.255[External]', to: 'default/frontend[Deployment]', conn: 'TCP 8080' },
    {
      from: 'default/frontend[Deployment]',
      to: 'default/backend[Deployment]',
      conn: 'TCP 80,8080-8090,UDP 53',
    },
    { from: 'default/backend[Deployment]', to: 'default/"odd"|name[Pod]', conn: 'All Connections' },
  ],
};

const hasDot = spawnSync('dot', ['-V']).status === 0;

/** Graphviz's own parser: exit 0 and an SVG, or the error on stderr. */
function graphvizAccepts(text: string): void {
  const svg = execFileSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
  expect(svg).toContain('<svg');
}

/** Every line of a flowchart is a header, a comment, a node, an edge or a class line. */
function expectMermaidLines(text: string): void {
  const [first, ...rest] = text
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('%%'));
  expect(first).toBe('flowchart LR');
  for (const line of rest)
    expect(line).toMatch(
      /^ {2}(?:\w+(?:\["[^"]*"\]|\(\["[^"]*"\]\))|\w+ (?:-->|-\.->)(?:\|"[^"|]*"\|)? \w+|classDef \w+ [\w:#,. -]+|class [\w,]+ \w+)$/,
    );
}

describe('trace -o dot', () => {
  it.each([
    ['mtu', mtu],
    ['gateway-canary', canary],
  ] as [string, TraceResult][])(
    '%s: one node per hop and branch, parsed back by a DOT parser (golden)',
    async (name, result) => {
      const dot = formatTrace(result, 'dot');
      const graph = fromDot(dot);
      const branches = result.hops.reduce((n, h) => n + (h.branches?.length ?? 0), 0);
      expect(graph.nodes.length).toBe(result.hops.length + branches);
      expect(graph.edges.length).toBe(result.hops.length - 1 + branches);
      expect(graph.getNode('h1')?.attributes.get('label')).toContain(result.hops[0]!.label);
      await expect(dot).toMatchFileSnapshot(`./__golden__/trace-${name}.dot`);
      if (hasDot) graphvizAccepts(dot);
    },
  );

  it('colours the dropping hop and draws hops after it dashed', () => {
    const dot = formatTrace(mtu, 'dot');
    const drop = mtu.hops.find((h) => h.verdict === 'drop')!;
    const node = fromDot(dot).getNode(drop.id)!;
    expect(node.attributes.get('color')).toBe('#b91c1c');
    expect(dot).toMatch(/label = "packetpath trace: DROPPED/);
  });

  it('keeps quotes, backslashes and newlines in labels literal', () => {
    expect(dotLabel(['a "b" \\n c', 'd\ne'])).toBe('a "b" \\\\n c\nd e');
    const graph = fromDot(
      formatTrace(
        { verdict: 'delivered', hops: [{ ...mtu.hops[0]!, label: 'say "hi" \\ {x} [y]' }], findings: [] },
        'dot',
      ),
    );
    expect(graph.getNode('h1')?.attributes.get('label')).toContain('say "hi" \\\\ {x} [y]');
  });
});

describe('trace -o mermaid', () => {
  it.each([
    ['mtu', mtu],
    ['gateway-canary', canary],
  ] as [string, TraceResult][])(
    '%s: a flowchart with one node per hop and branch (golden)',
    async (name, result) => {
      const text = formatTrace(result, 'mermaid');
      expectMermaidLines(text);
      for (const h of result.hops) expect(text).toMatch(new RegExp(`^ {2}${h.id}\\["`, 'm'));
      await expect(text).toMatchFileSnapshot(`./__golden__/trace-${name}.mmd`);
    },
  );

  it('writes quotes, brackets, pipes and HTML as entity codes', () => {
    expect(mermaidLabel(['say "hi" <b>|x|</b> #1 [y] (z)'])).toBe(
      'say #34;hi#34; #60;b#62;#124;x#124;#60;/b#62; #35;1 [y] (z)',
    );
    const text = formatTrace(
      { verdict: 'delivered', hops: [{ ...mtu.hops[0]!, label: 'a "b" [c] |d|' }], findings: [] },
      'mermaid',
    );
    expectMermaidLines(text);
  });
});

describe('reach -o dot | mermaid | csv', () => {
  it('dot: a node per peer, an edge per pair labelled with its connections (golden)', async () => {
    const dot = formatReach(reach, 'dot');
    const graph = fromDot(dot);
    // One frame per namespace, as np-guard netpol-analyzer's docs/connlist_output.md shows.
    const frame = graph.getSubgraph('cluster_default')!;
    expect(frame.get('label')).toBe('default');
    expect(frame.nodes.map((n) => [n.id, n.attributes.get('label')])).toEqual([
      ['default/frontend[Deployment]', 'frontend[Deployment]'],
      ['default/backend[Deployment]', 'backend[Deployment]'],
      ['default/"odd"|name[Pod]', '"odd"|name[Pod]'],
    ]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['0.0.0.0-255.255.255.255[External]']);
    expect(graph.edges.map((e) => e.attributes.get('label'))).toEqual([
      'TCP 8080',
      'TCP 80,8080-8090,UDP 53',
      'All Connections',
    ]);
    await expect(dot).toMatchFileSnapshot('./__golden__/reach.dot');
    if (hasDot) graphvizAccepts(dot);
  });

  it('mermaid: peers as nodes with escaped labels, pairs as labelled edges (golden)', async () => {
    const text = formatReach(reach, 'mermaid');
    expectMermaidLines(text);
    expect(text).toContain('p4["default/#34;odd#34;#124;name[Pod]"]');
    expect(text).toContain('p2 -->|"TCP 80,8080-8090,UDP 53"| p3');
    await expect(text).toMatchFileSnapshot('./__golden__/reach.mmd');
  });

  it('csv: header src,dst,conn and RFC 4180 quoting', () => {
    expect(formatReach(reach, 'csv')).toBe(
      'src,dst,conn\n' +
        '0.0.0.0-255.255.255.255[External],default/frontend[Deployment],TCP 8080\n' +
        'default/frontend[Deployment],default/backend[Deployment],"TCP 80,8080-8090,UDP 53"\n' +
        'default/backend[Deployment],"default/""odd""|name[Pod]",All Connections\n',
    );
    expect(formatReach({ pairs: [] }, 'csv')).toBe('src,dst,conn\n');
  });
});
