// Layout of a PathGraph with ELK: each lane is a row laid out left→right by the
// `layered` algorithm, and the lanes are stacked top→down in packet order. A pure
// async function of the graph; the canvas hook only triggers it.
// Option reference: https://eclipse.dev/elk/reference/algorithms/org-eclipse-elk-layered.html

import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { PathEdge, PathGraph } from './path-graph';

// Room for the kind row, two lines of name and a status line (DROPPED / not reached).
export const HOP_SIZE = { width: 144, height: 84 } as const;
/**
 * Branches hang in a column under the hop that owns them, indented past the trunk that
 * links them, so a share ("50%") always sits under its own hop, never next to the one after.
 */
export const BRANCH_INDENT = 14;
export const BRANCH_SIZE = { width: HOP_SIZE.width - BRANCH_INDENT, height: 42 } as const;
const BRANCH_GAP = 10;
const BRANCH_SPACING = 6;
const LANE_PADDING_BOTTOM = 14;
/** Room above a lane's hops for its title. */
export const LANE_HEADER = 30;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PositionedGraph {
  readonly graph: PathGraph;
  /** Lane boxes in canvas coordinates (top-left anchored). */
  readonly lanes: ReadonlyMap<string, Box>;
  /** Node boxes relative to their lane (React Flow's parent-relative positions). */
  readonly nodes: ReadonlyMap<string, Box>;
}

const ROOT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  // Lanes are laid out separately; the root only orders them.
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.spacing.nodeNode': '24',
  // The gap between lanes carries the label of the edge that crosses it.
  'elk.layered.spacing.nodeNodeBetweenLayers': '52',
};

/** A lane's padding around its hops (the top holds the title); shared by ELK and placePathGraph. */
const LANE_PAD = { top: LANE_HEADER + 8, left: 16, bottom: LANE_PADDING_BOTTOM, right: 16 } as const;
/** Space between two layers of a lane: two hops, or a hop and an edge label. */
const LAYER_GAP = 30;

const LANE_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.padding': `[top=${LANE_PAD.top},left=${LANE_PAD.left},bottom=${LANE_PAD.bottom},right=${LANE_PAD.right}]`,
  'elk.spacing.nodeNode': '14',
  'elk.layered.spacing.nodeNodeBetweenLayers': `${LAYER_GAP}`,
  'elk.spacing.edgeLabel': '2',
  'elk.edgeLabels.placement': 'CENTER',
  // Keep hops in packet order when ELK breaks ties.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/** Text lines an edge label shows; sizes the label so ELK leaves room for it. Branch shares are drawn on the branch itself. */
export function edgeLabelLines(edge: PathEdge): string[] {
  const lines: string[] = [];
  if (edge.addresses) {
    const [src, dst] = edge.addresses.split(' → ');
    const prefix = edge.nat ? 'NAT ' : edge.tunnel ? `${edge.tunnel} ` : '';
    lines.push(`${prefix}${src ?? ''} →`, dst ?? '');
  }
  if (edge.mtu !== undefined) lines.push(`MTU ${edge.mtu}`);
  return lines;
}

function labelSize(lines: readonly string[]): { width: number; height: number } {
  const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
  return { width: Math.ceil(longest * 6.8) + 14, height: lines.length * 14 + 6 };
}

function toElkEdge(edge: PathEdge): ElkExtendedEdge {
  const lines = edgeLabelLines(edge);
  return {
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
    ...(lines.length
      ? { labels: [{ id: `${edge.id}-label`, text: lines.join('\n'), ...labelSize(lines) }] }
      : {}),
  };
}

export type ElkRunner = (graph: ElkNode) => Promise<ElkNode>;

/** Served by app/elk-worker.js/route.ts. */
const WORKER_URL = '/elk-worker.js';

let mainThread: ElkRunner | undefined;
/** ELK's bundled build on the main thread: the fallback when no worker can run. */
const mainThreadRunner: ElkRunner = async (graph) => {
  if (!mainThread) {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    const instance = new ELK();
    mainThread = (g) => instance.layout(g);
  }
  return mainThread(graph);
};

/**
 * ELK in a Web Worker, so a large path does not freeze the page while it is laid out.
 * elk-api never rejects when the worker itself fails (404, CSP, crash), so the worker's
 * `error` event rejects every layout in flight.
 */
async function createWorkerRunner(): Promise<ElkRunner> {
  const { default: ELK } = await import('elkjs/lib/elk-api.js');
  const pending = new Set<(err: Error) => void>();
  const instance = new ELK({
    workerUrl: WORKER_URL,
    workerFactory: (url) => {
      const worker = new Worker(url ?? WORKER_URL);
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        for (const reject of pending) reject(new Error('the layout worker failed'));
        pending.clear();
      });
      return worker;
    },
  });
  return (graph) =>
    new Promise<ElkNode>((resolve, reject) => {
      pending.add(reject);
      instance
        .layout(graph)
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
}

let worker: Promise<ElkRunner> | undefined;
let workerBroken = false;
/** Worker first, loaded on first use so pages without a graph never fetch it; main thread if it fails. */
const defaultRunner: ElkRunner = async (graph) => {
  if (typeof Worker === 'undefined' || workerBroken) return mainThreadRunner(graph);
  try {
    worker ??= createWorkerRunner();
    return await (
      await worker
    )(graph);
  } catch {
    // Once failed, stay on the main thread for the rest of the session.
    workerBroken = true;
    return mainThreadRunner(graph);
  }
};

/** Boxes of a hop's branches, stacked under it (relative to the lane, like the hop's). */
export function branchBoxes(hop: Box, count: number): Box[] {
  return Array.from({ length: count }, (_, i) => ({
    x: hop.x + BRANCH_INDENT,
    y: hop.y + hop.height + BRANCH_GAP + i * (BRANCH_SIZE.height + BRANCH_SPACING),
    ...BRANCH_SIZE,
  }));
}

/** A lane's size before branch columns grow it. */
interface LaneSize {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

/** Converts the graph to ELK, lays it out and reads back lane and node boxes. */
export async function layoutPathGraph(
  graph: PathGraph,
  run: ElkRunner = defaultRunner,
): Promise<PositionedGraph> {
  const laneOf = new Map(graph.nodes.map((n) => [n.id, n.lane]));
  // ELK places the hops only: a lane is a chain of hops, and branches are placed under
  // their hop afterwards, so ELK never puts them in the next hop's layer.
  const children: ElkNode[] = graph.lanes.map((lane) => ({
    id: lane.id,
    layoutOptions: LANE_OPTIONS,
    children: graph.nodes
      .filter((n) => n.type === 'hop' && n.lane === lane.id)
      .map((n) => ({ id: n.id, ...HOP_SIZE })),
    edges: graph.edges
      .filter((e) => e.kind === 'packet' && !e.crossLane && laneOf.get(e.source) === lane.id)
      .map(toElkEdge),
  }));
  // One edge per consecutive pair of lanes keeps them in packet order.
  const laneEdges: ElkExtendedEdge[] = graph.lanes.slice(1).map((lane, i) => ({
    id: `lanes-${i}`,
    sources: [graph.lanes[i]!.id],
    targets: [lane.id],
  }));
  const laid = await run({ id: 'root', layoutOptions: ROOT_OPTIONS, children, edges: laneEdges });

  const hops = new Map<string, Box>();
  for (const lane of laid.children ?? []) {
    for (const child of lane.children ?? []) {
      hops.set(child.id, {
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? 0,
        height: child.height ?? 0,
      });
    }
  }
  const sizes = (laid.children ?? []).map((l) => ({ id: l.id, width: l.width ?? 0, height: l.height ?? 0 }));
  return withBranchesAndLanes(graph, hops, sizes);
}

/**
 * The placement ELK's layered algorithm gives a lane's chain of hops with LANE_OPTIONS,
 * computed at once on the page, so the path is drawn in the first HTML and before ELK
 * (a worker script and a chunk away) has loaded. Within a lane every hop is its own layer:
 * hops sit on one line, 30 px apart, and a labelled edge adds a layer as wide as its
 * label plus 30 px; the lane is as tall as the hops, or as the tallest label hanging
 * under its edge. The unit test checks it against ELK on every scenario, so ELK's
 * result replaces it without moving a node.
 */
export function placePathGraph(graph: PathGraph): PositionedGraph {
  const laneOf = new Map(graph.nodes.map((n) => [n.id, n.lane]));
  const labelOf = new Map<string, { width: number; height: number }>();
  for (const e of graph.edges) {
    if (e.kind !== 'packet' || e.crossLane || laneOf.get(e.source) !== laneOf.get(e.target)) continue;
    const lines = edgeLabelLines(e);
    if (lines.length) labelOf.set(e.target, labelSize(lines));
  }
  const hops = new Map<string, Box>();
  const sizes: LaneSize[] = graph.lanes.map((lane) => {
    let x = LANE_PAD.left;
    let right = LANE_PAD.left;
    let labelHeight = 0;
    let first = true;
    for (const n of graph.nodes) {
      if (n.type !== 'hop' || n.lane !== lane.id) continue;
      const label = labelOf.get(n.id);
      if (!first) x += HOP_SIZE.width + LAYER_GAP + (label ? label.width + LAYER_GAP : 0);
      if (label) labelHeight = Math.max(labelHeight, label.height);
      first = false;
      hops.set(n.id, { x, y: LANE_PAD.top, ...HOP_SIZE });
      right = x + HOP_SIZE.width;
    }
    const content = Math.max(HOP_SIZE.height, labelHeight ? labelHeight + HOP_SIZE.height / 2 + 4 : 0);
    return { id: lane.id, width: right + LANE_PAD.right, height: LANE_PAD.top + content + LANE_PAD.bottom };
  });
  return withBranchesAndLanes(graph, hops, sizes);
}

/** Hangs the branches under their hops and stacks the lanes, from the hops' boxes and the lanes' sizes. */
function withBranchesAndLanes(
  graph: PathGraph,
  hops: ReadonlyMap<string, Box>,
  sizes: readonly LaneSize[],
): PositionedGraph {
  const laneOf = new Map(graph.nodes.map((n) => [n.id, n.lane]));
  const nodes = new Map(hops);
  const branchesOf = new Map<string, string[]>();
  for (const n of graph.nodes)
    if (n.type === 'branch') branchesOf.set(n.hopId, [...(branchesOf.get(n.hopId) ?? []), n.id]);
  // A lane grows to hold the tallest branch column in it.
  const bottomOf = new Map<string, number>();
  for (const [hopId, ids] of branchesOf) {
    const hop = nodes.get(hopId);
    if (!hop) continue;
    const boxes = branchBoxes(hop, ids.length);
    ids.forEach((id, i) => nodes.set(id, boxes[i]!));
    const last = boxes[boxes.length - 1]!;
    const lane = laneOf.get(hopId)!;
    bottomOf.set(lane, Math.max(bottomOf.get(lane) ?? 0, last.y + last.height + LANE_PADDING_BOTTOM));
  }

  const lanes = new Map<string, Box>();
  const width = Math.max(0, ...sizes.map((l) => l.width));
  // The gap below a lane carries the label of the edge that leaves it, if any.
  const gapBelow = new Map<string, number>();
  for (const edge of graph.edges) {
    if (!edge.crossLane) continue;
    const lines = edgeLabelLines(edge);
    gapBelow.set(laneOf.get(edge.source)!, lines.length ? labelSize(lines).height + 24 : 32);
  }
  let y = 0;
  // Lanes are left-aligned and equally wide, like swimlanes; the layout decides their
  // heights unless a branch column needs more.
  for (const lane of sizes) {
    const height = Math.max(lane.height, bottomOf.get(lane.id) ?? 0);
    lanes.set(lane.id, { x: 0, y, width, height });
    y += height + (gapBelow.get(lane.id) ?? 32);
  }
  return { graph, lanes, nodes };
}
