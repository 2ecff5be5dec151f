import { describe, expect, it } from 'vitest';
import type { Hop, TraceResult } from 'lib/engine/types';
import { culpritHop, shareLabel, toPathGraph } from './path-graph';
import { layoutPathGraph } from './layout';
import { toFlow } from './to-flow';

const hop = (id: string, kind: Hop['kind'], node: string | undefined, extra: Partial<Hop> = {}): Hop => ({
  id,
  kind,
  label: `${kind} ${id}`,
  ...(node ? { node } : {}),
  verdict: 'pass',
  findings: [],
  ...extra,
});

const crossNode: TraceResult = {
  verdict: 'dropped',
  hops: [
    hop('h1', 'pod-eth0', 'worker-1', { src: '10.244.1.5', dst: '10.96.0.10', mtu: 1450 }),
    hop('h2', 'service', 'worker-1', {
      src: '10.244.1.5',
      dst: '10.96.0.10',
      mtu: 1450,
      branches: [
        { label: 'db-0', share: 0.5, chosen: true },
        { label: 'db-1', share: 0.5, chosen: false },
      ],
    }),
    hop('h3', 'veth', 'worker-1', { src: '10.244.1.5', dst: '10.244.2.7', mtu: 1450 }),
    hop('h4', 'encap', 'worker-1', {
      src: '10.244.1.5',
      dst: '10.244.2.7',
      mtu: 1500,
      verdict: 'drop',
      findings: ['MTU_BLACKHOLE'],
    }),
    hop('h5', 'decap', 'worker-2', { src: '10.244.1.5', dst: '10.244.2.7', mtu: 1450 }),
    hop('h6', 'endpoint', 'worker-2', { src: '10.244.1.5', dst: '10.244.2.7' }),
  ],
  findings: [
    {
      code: 'MTU_BLACKHOLE',
      severity: 'error',
      hop: 'h4',
      title: 't',
      detail: 'd',
      evidence: [],
      fix: 'f',
      verify: [],
    },
    {
      code: 'POLICY_ALLOWED_BY',
      severity: 'info',
      hop: 'h6',
      title: 't',
      detail: 'd',
      evidence: [],
      fix: '',
      verify: [],
    },
  ],
};

describe('toPathGraph', () => {
  const graph = toPathGraph(crossNode);

  it('marks hops after the drop, and the edges into them, as not reached', () => {
    const afterDrop: TraceResult = {
      ...crossNode,
      hops: crossNode.hops.map((h) => (h.id === 'h5' || h.id === 'h6' ? { ...h, reached: false } : h)),
    };
    const g = toPathGraph(afterDrop);
    const reached = Object.fromEntries(
      g.nodes.filter((n) => n.type === 'hop').map((n) => [n.id, n.type === 'hop' && n.reached]),
    );
    expect(reached).toEqual({ h1: true, h2: true, h3: true, h4: true, h5: false, h6: false });
    const edge = (id: string) => g.edges.find((e) => e.id === id)?.reached;
    expect([edge('e-h3-h4'), edge('e-h4-h5'), edge('e-h5-h6')]).toEqual([true, false, false]);
    // Without the flag every hop counts as reached (older results, shares made before it existed).
    expect(graph.nodes.every((n) => n.type !== 'hop' || n.reached)).toBe(true);
  });

  it('puts consecutive hops of one node into one lane, in packet order', () => {
    expect(graph.lanes.map((l) => l.title)).toEqual(['worker-1', 'worker-2']);
    const hops = graph.nodes.filter((n) => n.type === 'hop');
    expect(hops.map((n) => [n.id, n.lane, n.step])).toEqual([
      ['h1', 'lane-0', 1],
      ['h2', 'lane-0', 2],
      ['h3', 'lane-0', 3],
      ['h4', 'lane-0', 4],
      ['h5', 'lane-1', 5],
      ['h6', 'lane-1', 6],
    ]);
  });

  it('marks the dropping hop as the culprit with error severity', () => {
    const h4 = graph.nodes.find((n) => n.id === 'h4');
    expect(h4).toMatchObject({ type: 'hop', culprit: true, severity: 'error' });
    expect(graph.nodes.find((n) => n.id === 'h6')).toMatchObject({ severity: 'info', culprit: false });
  });

  it('labels edges only where addresses (NAT) or MTU change', () => {
    const packet = graph.edges.filter((e) => e.kind === 'packet');
    expect(packet.map((e) => [e.id, e.addresses, e.mtu, e.nat])).toEqual([
      ['e-h1-h2', '10.244.1.5 → 10.96.0.10', 1450, false],
      ['e-h2-h3', '10.244.1.5 → 10.244.2.7', undefined, true],
      ['e-h3-h4', undefined, 1500, false],
      ['e-h4-h5', undefined, 1450, false],
      ['e-h5-h6', undefined, undefined, false],
    ]);
    expect(packet.find((e) => e.id === 'e-h4-h5')?.crossLane).toBe(true);
  });

  it('draws a branch per backend with its share', () => {
    const branches = graph.edges.filter((e) => e.kind === 'branch');
    expect(branches.map((e) => [e.source, e.share, e.chosen])).toEqual([
      ['h2', '50%', true],
      ['h2', '50%', false],
    ]);
  });

  it('wraps a long lane into continued rows', () => {
    const long: TraceResult = {
      verdict: 'delivered',
      findings: [],
      hops: Array.from({ length: 8 }, (_, i) => hop(`h${i}`, 'node', 'w1')),
    };
    const lanes = toPathGraph(long).lanes;
    expect(lanes.map((l) => [l.title, l.continued])).toEqual([
      ['w1', false],
      ['w1', true],
    ]);
  });

  it('keeps the node-less underlay in the sender row, not outside the cluster', () => {
    const r: TraceResult = {
      verdict: 'delivered',
      findings: [],
      hops: [
        hop('a', 'encap', 'w1'),
        hop('b', 'underlay', undefined),
        hop('c', 'decap', 'w2'),
        hop('d', 'client', undefined),
      ],
    };
    const g = toPathGraph(r);
    expect(g.lanes.map((l) => [l.title, l.kind])).toEqual([
      ['w1', 'node'],
      ['w2', 'node'],
      ['Outside the cluster', 'outside'],
    ]);
    expect(g.nodes.find((n) => n.id === 'b')?.lane).toBe('lane-0');
  });

  it('has no culprit on a clean path', () => {
    expect(
      culpritHop({ verdict: 'delivered', hops: [hop('a', 'client', undefined)], findings: [] }),
    ).toBeUndefined();
    expect(shareLabel(0.9)).toBe('90%');
    expect(shareLabel(0.001)).toBe('0.1%');
  });
});

describe('layout and toFlow', () => {
  it('stacks lanes top to bottom and keeps hops left to right within a lane', async () => {
    const flow = toFlow(await layoutPathGraph(toPathGraph(crossNode)));
    const byId = new Map(flow.nodes.map((n) => [n.id, n]));
    expect(flow.nodes.slice(0, 2).map((n) => n.type)).toEqual(['lane', 'lane']);
    expect(byId.get('lane-1')!.position.y).toBeGreaterThan(
      byId.get('lane-0')!.position.y + (byId.get('lane-0')!.height ?? 0),
    );
    const xs = ['h1', 'h2', 'h3', 'h4'].map((id) => byId.get(id)!.position.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(byId.get('h4')).toMatchObject({ type: 'encap', parentId: 'lane-0' });
    expect(flow.edges.find((e) => e.id === 'e-h4-h5')).toMatchObject({
      sourceHandle: 'out-bottom',
      targetHandle: 'in-top',
    });
  });

  it('hangs branches under the hop that owns them, clear of the next hop', async () => {
    const flow = toFlow(await layoutPathGraph(toPathGraph(crossNode)));
    const byId = new Map(flow.nodes.map((n) => [n.id, n]));
    const owner = byId.get('h2')!;
    const next = byId.get('h3')!;
    const lane = byId.get('lane-0')!;
    const branches = ['h2-branch-0', 'h2-branch-1'].map((id) => byId.get(id)!);
    let below = owner.position.y + owner.height!;
    for (const b of branches) {
      expect(b.parentId).toBe('lane-0');
      expect(b.position.y).toBeGreaterThan(below);
      below = b.position.y + b.height!;
      // Inside the owner's column, so nothing suggests the share belongs to the next hop.
      expect(b.position.x).toBeGreaterThan(owner.position.x);
      expect(b.position.x + b.width!).toBeLessThanOrEqual(owner.position.x + owner.width!);
      expect(b.position.x + b.width!).toBeLessThan(next.position.x);
    }
    expect(below).toBeLessThanOrEqual(lane.height!);
    expect(
      flow.edges
        .filter((e) => e.data?.route === 'branch')
        .map((e) => [e.source, e.sourceHandle, e.targetHandle]),
    ).toEqual([
      ['h2', 'branch-out', 'in-left'],
      ['h2', 'branch-out', 'in-left'],
    ]);
  });

  it('sends a lane-crossing edge around the branch column of its hop', async () => {
    const r: TraceResult = {
      verdict: 'delivered',
      findings: [],
      hops: [
        hop('a', 'service', 'w1', { branches: [{ label: 'x', share: 1, chosen: true }] }),
        hop('b', 'endpoint', 'w2'),
      ],
    };
    const flow = toFlow(await layoutPathGraph(toPathGraph(r)));
    expect(flow.edges.find((e) => e.id === 'e-a-b')).toMatchObject({
      sourceHandle: 'out-right',
      targetHandle: 'in-top',
      data: { route: 'around' },
    });
    const lane0 = flow.nodes.find((n) => n.id === 'lane-0')!;
    const lane1 = flow.nodes.find((n) => n.id === 'lane-1')!;
    expect(lane1.position.y).toBeGreaterThan(lane0.position.y + lane0.height!);
  });
});

describe('viewportFor', () => {
  it('fits a short path and scrolls a long one to the focused hop at a readable zoom', async () => {
    const { viewportFor, MIN_READABLE_ZOOM } = await import('./viewport');
    const flow = toFlow(await layoutPathGraph(toPathGraph(crossNode)));
    const roomy = viewportFor(flow, { width: 2000, height: 1000 });
    expect(roomy.overflow).toBe(false);
    const tight = viewportFor(flow, { width: 1000, height: 200 }, 'h5');
    expect(tight.overflow).toBe(true);
    expect(tight.viewport.zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
    const lane1 = flow.nodes.find((n) => n.id === 'lane-1')!;
    // The focused hop's lane starts inside the visible area.
    const laneTopOnScreen = lane1.position.y * tight.viewport.zoom + tight.viewport.y;
    expect(laneTopOnScreen).toBeGreaterThanOrEqual(0);
    expect(laneTopOnScreen).toBeLessThan(200);
  });
});
