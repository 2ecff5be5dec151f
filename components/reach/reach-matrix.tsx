'use client';

// Reach as a picture: sources down, destinations across, grouped by namespace (a group
// folds into one row and one column), each allowed pair a cell coloured by its connection
// set with the set in words on hover and for screen readers. Only the visible cells are in
// the DOM (row and column virtualisers), so a 500-workload matrix scrolls smoothly.

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useMemo, useRef, useState } from 'react';
import type { ReachMatrix } from 'lib/engine/reach/matrix';
import { matrixCsv } from 'lib/engine/reach/matrix';
import { downloadBlob } from 'components/export/download';
import { traceHref } from 'components/trace/trace-href';
import { firstPort } from './reach-rows';
import { revealHidden } from 'lib/model/hidden-chars';

const CELL = 18;
const ROW_HEADER = 260;
const COL_HEADER = 150;

/** Colour-blind-safe palette (Okabe–Ito order); `All Connections` gets the first. */
const PALETTE = ['#009E73', '#0072B2', '#E69F00', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

type AxisItem =
  | { readonly kind: 'group'; readonly group: number }
  | { readonly kind: 'peer'; readonly peer: number; readonly group: number };

function colourOf(conns: readonly string[]): (conn: number) => string {
  const all = conns.indexOf('All Connections');
  return (c) =>
    c === all ? PALETTE[0]! : PALETTE[1 + ((c - (all >= 0 && c > all ? 1 : 0)) % (PALETTE.length - 1))]!;
}

/** The whole matrix as a PNG (every cell, not only the visible ones), drawn on a canvas. */
function drawPng(m: ReachMatrix, colour: (c: number) => string): Promise<Blob | null> {
  const n = m.peers.length;
  const cell = Math.max(2, Math.min(12, Math.floor(4000 / Math.max(n, 1))));
  const pad = 24;
  const canvas = document.createElement('canvas');
  canvas.width = n * cell + pad * 2;
  canvas.height = n * cell + pad * 2 + 20;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#0f172a';
  g.font = '14px sans-serif';
  g.fillText(
    `packetpath reach: ${n} peers, ${m.cells.length} allowed pairs (rows: from, columns: to)`,
    pad,
    18,
  );
  for (const [from, to, conn] of m.cells) {
    g.fillStyle = colour(conn);
    g.fillRect(pad + to * cell, pad + 20 + from * cell, cell, cell);
  }
  g.strokeStyle = '#475569';
  for (const grp of m.groups) {
    g.strokeRect(pad + grp.start * cell, pad + 20, (grp.end - grp.start) * cell, n * cell);
    g.strokeRect(pad, pad + 20 + grp.start * cell, n * cell, (grp.end - grp.start) * cell);
  }
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

export function ReachMatrixView({
  matrix,
  endpoints,
  source,
}: {
  matrix: ReachMatrix;
  endpoints: readonly (string | null)[];
  source: string;
}) {
  const [folded, setFolded] = useState<ReadonlySet<number>>(() => new Set());
  const scroller = useRef<HTMLDivElement>(null);
  const colour = useMemo(() => colourOf(matrix.conns), [matrix.conns]);
  const n = matrix.peers.length;

  const byPair = useMemo(() => {
    const map = new Map<number, number>();
    for (const [from, to, conn] of matrix.cells) map.set(from * n + to, conn);
    return map;
  }, [matrix.cells, n]);
  const groupOf = useMemo(() => {
    const g = new Int32Array(n);
    matrix.groups.forEach((grp, i) => g.fill(i, grp.start, grp.end));
    return g;
  }, [matrix.groups, n]);
  /** Allowed pairs between two groups, for folded cells. */
  const blockCount = useMemo(() => {
    const counts = new Map<number, number>();
    const G = matrix.groups.length;
    for (const [from, to] of matrix.cells) {
      const key = groupOf[from]! * G + groupOf[to]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }, [matrix.cells, matrix.groups.length, groupOf]);

  const axis = useMemo<AxisItem[]>(
    () =>
      matrix.groups.flatMap((grp, gi) =>
        folded.has(gi)
          ? [{ kind: 'group' as const, group: gi }]
          : [
              { kind: 'group' as const, group: gi },
              ...Array.from({ length: grp.end - grp.start }, (_, k) => ({
                kind: 'peer' as const,
                peer: grp.start + k,
                group: gi,
              })),
            ],
      ),
    [matrix.groups, folded],
  );

  // TanStack Virtual returns fresh functions each render, which React Compiler cannot memoize;
  // this project does not run the compiler, so the component renders as written.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: axis.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL,
    overscan: 8,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: axis.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL,
    overscan: 8,
  });

  const toggle = (g: number) =>
    setFolded((f) => {
      const next = new Set(f);
      if (next.has(g)) next.delete(g);
      else next.add(g);
      return next;
    });

  const label = (item: AxisItem) =>
    revealHidden(
      item.kind === 'group'
        ? `${matrix.groups[item.group]!.name} (${matrix.groups[item.group]!.end - matrix.groups[item.group]!.start})`
        : matrix.peers[item.peer]!,
    );

  const cell = (r: AxisItem, c: AxisItem) => {
    if (r.kind === 'group' || c.kind === 'group') {
      const rowFolded = r.kind === 'group';
      const colFolded = c.kind === 'group';
      if ((rowFolded && !folded.has(r.group)) || (colFolded && !folded.has(c.group)))
        return <div className="h-full w-full bg-slate-100 dark:bg-slate-800" />;
      const count = blockCount.get(r.group * matrix.groups.length + c.group) ?? 0;
      return (
        <button
          type="button"
          className="h-full w-full text-[9px] leading-none"
          style={{ background: count ? '#94a3b8' : undefined }}
          aria-label={`${count} allowed pairs from ${label(r)} to ${label(c)}; unfold`}
          title={`${count} allowed pairs`}
          onClick={() => setFolded((f) => new Set([...f].filter((g) => g !== r.group && g !== c.group)))}
        >
          {count ? '▦' : ''}
        </button>
      );
    }
    const conn = byPair.get(r.peer * n + c.peer);
    if (conn === undefined) return <div className="h-full w-full" aria-hidden="true" />;
    const text = matrix.conns[conn]!;
    const from = endpoints[r.peer];
    const to = endpoints[c.peer];
    const name = `${matrix.peers[r.peer]} → ${matrix.peers[c.peer]}: ${text}`;
    const style = { background: colour(conn) };
    return from && to ? (
      <Link
        href={traceHref(source, { from, to, ...firstPort(text) })}
        className="block h-full w-full"
        style={style}
        title={name}
        aria-label={`Trace ${name}`}
        data-cell={`${matrix.peers[r.peer]}→${matrix.peers[c.peer]}`}
      />
    ) : (
      <div className="h-full w-full" style={style} title={name} role="img" aria-label={name} />
    );
  };

  const legend = matrix.conns
    .map((conn, i) => ({ conn, i, count: matrix.cells.filter((c) => c[2] === i).length }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 10);

  return (
    <div className="space-y-3" data-testid="reach-matrix">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {n} peers, {matrix.cells.length} allowed pairs. Rows are sources, columns destinations; a cell opens
          the trace of its pair. Click a namespace to fold it.
        </p>
        <button
          type="button"
          className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          onClick={() =>
            downloadBlob('packetpath-reach.csv', new Blob([matrixCsv(matrix)], { type: 'text/csv' }))
          }
        >
          Export CSV
        </button>
        <button
          type="button"
          className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          onClick={async () => {
            const blob = await drawPng(matrix, colour);
            if (blob) downloadBlob('packetpath-reach.png', blob);
          }}
        >
          Export PNG
        </button>
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
        {legend.map((l) => (
          <li key={l.i} className="flex items-center gap-1">
            <span
              className="inline-block h-3 w-3 rounded-sm"
              style={{ background: colour(l.i) }}
              aria-hidden="true"
            />
            <code>{l.conn}</code> ({l.count})
          </li>
        ))}
      </ul>
      <div
        ref={scroller}
        className="relative h-[70vh] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800"
        role="grid"
        aria-rowcount={axis.length}
        aria-colcount={axis.length}
      >
        <div
          style={{
            width: ROW_HEADER + cols.getTotalSize(),
            height: COL_HEADER + rows.getTotalSize(),
            position: 'relative',
          }}
        >
          {/* Column headers: sticky along the top. */}
          <div
            className="sticky top-0 z-20 bg-white dark:bg-slate-950"
            style={{ height: COL_HEADER, width: ROW_HEADER + cols.getTotalSize() }}
            role="row"
          >
            {cols.getVirtualItems().map((v) => {
              const item = axis[v.index]!;
              return (
                <div
                  key={v.key}
                  role="columnheader"
                  className="absolute bottom-0 overflow-hidden"
                  style={{ left: ROW_HEADER + v.start, width: CELL, height: COL_HEADER }}
                >
                  {item.kind === 'group' ? (
                    <button
                      type="button"
                      onClick={() => toggle(item.group)}
                      className="h-full w-full text-xs font-semibold [writing-mode:vertical-rl]"
                      aria-expanded={!folded.has(item.group)}
                      title={label(item)}
                    >
                      {folded.has(item.group) ? '▸' : '▾'} {label(item)}
                    </button>
                  ) : (
                    <span
                      className="block h-full truncate font-mono text-[10px] [writing-mode:vertical-rl]"
                      title={label(item)}
                    >
                      {label(item)}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
          {rows.getVirtualItems().map((vr) => {
            const r = axis[vr.index]!;
            return (
              <div
                key={vr.key}
                role="row"
                className="absolute left-0"
                style={{ top: COL_HEADER + vr.start, height: CELL, width: ROW_HEADER + cols.getTotalSize() }}
              >
                <div
                  role="rowheader"
                  className="sticky left-0 z-10 bg-white pr-1 dark:bg-slate-950"
                  style={{ width: ROW_HEADER, height: CELL }}
                >
                  {r.kind === 'group' ? (
                    <button
                      type="button"
                      onClick={() => toggle(r.group)}
                      className="w-full truncate text-left text-xs font-semibold"
                      aria-expanded={!folded.has(r.group)}
                      title={label(r)}
                    >
                      {folded.has(r.group) ? '▸' : '▾'} {label(r)}
                    </button>
                  ) : (
                    <span
                      className="block truncate pl-3 font-mono text-[11px] leading-[18px]"
                      title={label(r)}
                    >
                      {label(r)}
                    </span>
                  )}
                </div>
                {cols.getVirtualItems().map((vc) => (
                  <div
                    key={vc.key}
                    role="gridcell"
                    className="absolute top-0 border-r border-b border-slate-100 dark:border-slate-800"
                    style={{ left: ROW_HEADER + vc.start, width: CELL, height: CELL }}
                  >
                    {cell(r, axis[vc.index]!)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
