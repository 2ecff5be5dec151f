'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { SEVERITY_STYLE } from 'components/ui/severity';
import { HOP_KINDS } from '../hop-kinds';
import { useHopSelection, useRevealHop } from '../selection';
import type { HopFlowNode } from '../to-flow';

const handle = '!h-1.5 !min-h-0 !w-1.5 !min-w-0 !border-0 !bg-slate-400 opacity-0';

function HopNode({ data }: NodeProps<HopFlowNode>) {
  const { hop, severity, culprit, step } = data.node;
  const { selected, select } = useHopSelection();
  const reveal = useRevealHop();
  const isSelected = selected === hop.id;
  const kind = HOP_KINDS[hop.kind];
  const sev = severity ? SEVERITY_STYLE[severity] : undefined;
  const border = sev && severity !== 'info' ? sev.ring : 'border-slate-300 dark:border-slate-600';
  return (
    <>
      <Handle type="target" id="in-left" position={Position.Left} className={handle} isConnectable={false} />
      <Handle type="target" id="in-top" position={Position.Top} className={handle} isConnectable={false} />
      <button
        type="button"
        data-hop={hop.id}
        data-kind={hop.kind}
        data-severity={severity ?? 'none'}
        data-culprit={culprit ? 'true' : undefined}
        aria-pressed={isSelected}
        aria-label={`Hop ${step}: ${kind.title}, ${hop.label}${severity ? `, ${SEVERITY_STYLE[severity].label.toLowerCase()}` : ''}${hop.verdict === 'drop' ? ', packet dropped here' : ''}`}
        onClick={() => select(hop.id)}
        onFocus={(e) => reveal(hop.id, e.currentTarget)}
        className={`flex h-full w-full flex-col items-start gap-0.5 overflow-hidden rounded-lg border-2 bg-white px-2 py-1.5 text-left shadow-sm transition-shadow hover:shadow-md dark:bg-slate-900 ${border} ${
          isSelected ? 'ring-4 ring-blue-500/60 dark:ring-blue-400/70' : ''
        } ${culprit ? 'shadow-md' : ''} ${hop.verdict === 'drop' ? 'bg-red-50 dark:bg-red-950/60' : ''}`}
      >
        <span className="flex w-full items-center gap-1 text-[11px] font-semibold text-slate-600 dark:text-slate-300">
          <span aria-hidden="true">{kind.glyph}</span>
          <span className="truncate">{kind.title}</span>
          <span className="ml-auto flex items-center gap-1">
            {hop.mtu !== undefined && <span className="font-mono normal-case">{hop.mtu}</span>}
            {sev && (
              <span className={`${sev.text} text-sm leading-none`} aria-hidden="true">
                {sev.icon}
              </span>
            )}
          </span>
        </span>
        <span className="line-clamp-2 text-[13px] leading-tight font-medium break-all text-slate-900 dark:text-slate-50">{hop.label}</span>
        {hop.verdict === 'drop' && <span className="text-[11px] font-bold text-red-700 dark:text-red-300">✖ DROPPED</span>}
      </button>
      <Handle type="source" id="out-right" position={Position.Right} className={handle} isConnectable={false} />
      <Handle type="source" id="out-bottom" position={Position.Bottom} className={handle} isConnectable={false} />
    </>
  );
}

export default memo(HopNode);
