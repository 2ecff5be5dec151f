'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { BranchFlowNode } from '../to-flow';
import { shareLabel } from '../path-graph';
import { revealHidden } from 'lib/model/hidden-chars';

/** A weighted backend or candidate endpoint, hung under the hop that chooses it; its share leads. */
function BranchNode({ data }: NodeProps<BranchFlowNode>) {
  const { branch, hopId } = data.node;
  const detail = [branch.address, branch.node, branch.chosen ? 'traced' : branch.note]
    .filter(Boolean)
    .join(' · ');
  // The name without its namespace fits the narrow card; the title and the hop panel have it all.
  const name = branch.label.slice(branch.label.lastIndexOf('/') + 1) || branch.label;
  return (
    <>
      <Handle
        type="target"
        id="in-left"
        position={Position.Left}
        className="!h-1.5 !min-h-0 !w-1.5 !min-w-0 !border-0 opacity-0"
        isConnectable={false}
      />
      <div
        className={`flex h-full w-full items-center gap-1.5 rounded-md border bg-white pr-1.5 pl-1 text-xs dark:bg-slate-900 ${
          branch.chosen
            ? 'border-2 border-blue-600 dark:border-blue-400'
            : 'border-dashed border-slate-400 dark:border-slate-500'
        }`}
        data-branch={branch.label}
        data-branch-of={hopId}
        title={`${shareLabel(branch.share)} · ${branch.label}${detail ? ` · ${detail}` : ''}`}
      >
        <span
          data-share
          className={`shrink-0 rounded px-1 py-0.5 font-mono text-[11px] leading-none font-semibold ${
            branch.chosen
              ? 'bg-blue-600 text-white dark:bg-blue-400 dark:text-slate-950'
              : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200'
          }`}
        >
          {shareLabel(branch.share)}
        </span>
        <span className="flex min-w-0 flex-col">
          <span className="truncate leading-tight font-medium">{revealHidden(name)}</span>
          {detail && (
            <span className="truncate text-[11px] leading-tight text-slate-600 dark:text-slate-300">
              {revealHidden(detail)}
            </span>
          )}
        </span>
      </div>
    </>
  );
}

export default memo(BranchNode);
