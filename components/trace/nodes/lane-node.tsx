'use client';

import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { LaneFlowNode } from '../to-flow';
import { revealHidden } from 'lib/model/hidden-chars';

function LaneNode({ data }: NodeProps<LaneFlowNode>) {
  const { lane } = data;
  return (
    <div
      className="h-full w-full rounded-xl border border-dashed"
      style={{ background: 'var(--lane-bg)', borderColor: 'var(--lane-border)' }}
      data-lane={lane.title}
    >
      <div className="px-3 pt-1.5 text-xs font-semibold text-slate-700 dark:text-slate-200">
        <span aria-hidden="true">{lane.kind === 'node' ? '▣ ' : '☁ '}</span>
        {revealHidden(lane.kind === 'node' ? `Node ${lane.title}` : lane.title)}
        {lane.continued && (
          <span className="font-normal text-slate-600 dark:text-slate-300"> (continued)</span>
        )}
      </div>
    </div>
  );
}

export default memo(LaneNode);
