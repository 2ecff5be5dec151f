// Reach as a matrix: peers on both axes, grouped by namespace (address ranges last, as
// "outside"), each allowed pair a cell holding its connection set. Compact on purpose
// (indexes, not strings, per cell) so a 500-workload matrix travels to the browser whole.

import type { ReachResult } from '../types';

export interface MatrixGroup {
  /** The namespace, or `outside` for address ranges. */
  readonly name: string;
  /** Peer indexes [start, end) of the group. */
  readonly start: number;
  readonly end: number;
}

export interface ReachMatrix {
  readonly peers: readonly string[];
  readonly groups: readonly MatrixGroup[];
  /** Distinct connection strings; cells refer to them by index. */
  readonly conns: readonly string[];
  /** [from, to, conn] index triples, one per allowed pair. */
  readonly cells: readonly (readonly [number, number, number])[];
}

const OUTSIDE = 'outside';

/** `ns/name[Kind]` → `ns`; an address range (`a-b[External]`) → `outside`. */
export function peerGroup(peer: string): string {
  if (peer.endsWith('[External]')) return OUTSIDE;
  const slash = peer.indexOf('/');
  return slash < 0 ? OUTSIDE : peer.slice(0, slash);
}

export function reachMatrix(result: ReachResult): ReachMatrix {
  const names = new Set<string>();
  for (const p of result.pairs) names.add(p.from).add(p.to);
  const peers = [...names].sort((a, b) => {
    const ga = peerGroup(a);
    const gb = peerGroup(b);
    if (ga !== gb) return ga === OUTSIDE ? 1 : gb === OUTSIDE ? -1 : ga.localeCompare(gb);
    return a.localeCompare(b);
  });
  const index = new Map(peers.map((p, i) => [p, i]));
  const groups: MatrixGroup[] = [];
  peers.forEach((p, i) => {
    const g = peerGroup(p);
    const last = groups[groups.length - 1];
    if (last && last.name === g) groups[groups.length - 1] = { ...last, end: i + 1 };
    else groups.push({ name: g, start: i, end: i + 1 });
  });
  const connIndex = new Map<string, number>();
  const cells = result.pairs.map((p) => {
    let c = connIndex.get(p.conn);
    if (c === undefined) connIndex.set(p.conn, (c = connIndex.size));
    return [index.get(p.from)!, index.get(p.to)!, c] as const;
  });
  return { peers, groups, conns: [...connIndex.keys()], cells };
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The matrix as CSV: a header row of destinations, one row per source, the connection set in each cell. */
export function matrixCsv(m: ReachMatrix): string {
  const grid = new Map<number, Map<number, string>>();
  for (const [from, to, conn] of m.cells) {
    let row = grid.get(from);
    if (!row) grid.set(from, (row = new Map()));
    row.set(to, m.conns[conn]!);
  }
  const lines = [['from \\ to', ...m.peers].map(csvField).join(',')];
  m.peers.forEach((peer, i) => {
    const row = grid.get(i);
    lines.push([peer, ...m.peers.map((_, j) => row?.get(j) ?? '')].map(csvField).join(','));
  });
  return `${lines.join('\n')}\n`;
}
