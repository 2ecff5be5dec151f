'use client';

import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { edgeLabelLines } from '../layout';
import type { PacketFlowEdge } from '../to-flow';

function PacketEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data }: EdgeProps<PacketFlowEdge>) {
  const edge = data?.edge;
  // A cross-lane edge turns in the middle of the gap between the lanes, and its label sits there.
  const [path, pathLabelX, pathLabelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, ...(data?.gapY !== undefined ? { centerY: data.gapY } : {}) });
  const labelX = pathLabelX;
  const labelY = data?.gapY ?? pathLabelY;
  const lines = edge ? edgeLabelLines(edge) : [];
  // Untaken branches and the path after a drop are dashed; the packet never travels them.
  const notReached = edge ? !edge.reached : false;
  const dashed = notReached || (edge?.kind === 'branch' && !edge.chosen);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={notReached ? 'url(#packet-arrow-muted)' : 'url(#packet-arrow)'}
        style={{ stroke: dashed ? 'var(--edge-muted)' : 'var(--edge)', strokeWidth: edge?.kind === 'branch' ? 1.5 : 2, strokeDasharray: dashed ? '5 4' : undefined }}
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
