'use client';

import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { edgeLabelLines } from '../layout';
import type { PacketFlowEdge } from '../to-flow';

/** Down the trunk under the owning hop, then right into the branch: a tree, never past the next hop. */
export function branchPath(sx: number, sy: number, tx: number, ty: number, r = 6): string {
  const bend = Math.min(r, Math.abs(tx - sx), Math.abs(ty - sy));
  return `M ${sx},${sy} L ${sx},${ty - bend} Q ${sx},${ty} ${sx + bend},${ty} L ${tx},${ty}`;
}

/** Out of the hop's right side, down beside its branch column to the gap, then over to the next lane. */
export function aroundPath(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  gapY: number,
  offset = 10,
): string {
  const x = sx + offset;
  return `M ${sx},${sy} L ${x},${sy} L ${x},${gapY} L ${tx},${gapY} L ${tx},${ty}`;
}

function PacketEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
}: EdgeProps<PacketFlowEdge>) {
  const edge = data?.edge;
  const route = data?.route ?? 'step';
  // A cross-lane edge turns in the middle of the gap between the lanes, and its label sits there.
  const [stepPath, pathLabelX, pathLabelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
    ...(data?.gapY !== undefined ? { centerY: data.gapY } : {}),
  });
  const gapY = data?.gapY ?? (sourceY + targetY) / 2;
  const path =
    route === 'branch'
      ? branchPath(sourceX, sourceY, targetX, targetY)
      : route === 'around'
        ? aroundPath(sourceX, sourceY, targetX, targetY, gapY)
        : stepPath;
  const labelX = route === 'around' ? (sourceX + 10 + targetX) / 2 : pathLabelX;
  const labelY = data?.gapY ?? pathLabelY;
  // A branch's share is drawn on the branch itself, next to its hop.
  const lines = edge && route !== 'branch' ? edgeLabelLines(edge) : [];
  // Untaken branches and the path after a drop are dashed; the packet never travels them.
  const notReached = edge ? !edge.reached : false;
  const dashed = notReached || (edge?.kind === 'branch' && !edge.chosen);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={notReached ? 'url(#packet-arrow-muted)' : 'url(#packet-arrow)'}
        data-route={route}
        style={{
          stroke: dashed ? 'var(--edge-muted)' : 'var(--edge)',
          strokeWidth: edge?.kind === 'branch' ? 1.5 : 2,
          strokeDasharray: dashed ? '5 4' : undefined,
        }}
      />
      {lines.length > 0 && (
        <EdgeLabelRenderer>
          <div
            data-reached={notReached ? 'false' : 'true'}
            className={`nodrag nopan pointer-events-none absolute rounded border px-1.5 py-0.5 font-mono text-[11px] leading-[14px] whitespace-pre shadow-sm ${
              notReached
                ? 'border-dashed border-slate-300 bg-slate-50 text-slate-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300'
                : edge?.nat
                  ? 'border-violet-400 bg-violet-50 text-violet-900 dark:border-violet-500 dark:bg-violet-950 dark:text-violet-100'
                  : 'border-slate-300 bg-white text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100'
            }`}
            // Above the lanes (which are nodes) so labels inside a lane stay visible.
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, zIndex: 1000 }}
          >
            {lines.join('\n')}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export default memo(PacketEdge);
