'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { BranchFlowNode } from '../to-flow';

function BranchNode({ data }: NodeProps<BranchFlowNode>) {
  const { branch } = data.node;
  return (
    <>
      <Handle type="target" id="in-left" position={Position.Left} className="!h-1.5 !min-h-0 !w-1.5 !min-w-0 !border-0 opacity-0" isConnectable={false} />
      <div
        className={`flex h-full w-full flex-col justify-center rounded-md border bg-white px-2 text-xs dark:bg-slate-900 ${
          branch.chosen ? 'border-blue-600 border-2 dark:border-blue-400' : 'border-dashed border-slate-400 dark:border-slate-500'
        }`}
        data-branch={branch.label}
      >
        <span className="truncate font-medium">{branch.label}</span>
        <span className="truncate text-[11px] text-slate-600 dark:text-slate-300">
          {[branch.address, branch.node, branch.chosen ? 'traced' : branch.note].filter(Boolean).join(' · ')}
        </span>
      </div>
    </>
  );
}

export default memo(BranchNode);
