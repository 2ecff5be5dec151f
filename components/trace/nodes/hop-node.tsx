'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { SEVERITY_STYLE } from 'components/ui/severity';
import { HOP_KINDS } from '../hop-kinds';
import { BRANCH_INDENT } from '../layout';
import { useHopSelection, useRevealHop } from '../selection';
import type { HopFlowNode } from '../to-flow';
import { HOST_NETWORK, NETWORK_FACT } from 'lib/engine/trace/facts';
import { revealHidden } from 'lib/model/hidden-chars';

const handle = '!h-1.5 !min-h-0 !w-1.5 !min-w-0 !border-0 !bg-slate-400 opacity-0';

function HopNode({ data }: NodeProps<HopFlowNode>) {
  const { hop, severity, culprit, step, reached } = data.node;
  const { selected, select } = useHopSelection();
  const reveal = useRevealHop();
  const isSelected = selected === hop.id;
  const kind = HOP_KINDS[hop.kind];
  const sev = severity ? SEVERITY_STYLE[severity] : undefined;
  // A hop after the drop is context only: dashed and grey, and it says so in words.
  const border = !reached
    ? 'border-dashed border-slate-300 dark:border-slate-600'
    : sev && severity !== 'info'
      ? sev.ring
      : 'border-slate-300 dark:border-slate-600';
  const dropped = hop.verdict === 'drop';
  // A host-network pod sits in its node's lane with no veth: say so on the box.
  const hostNetwork = hop.facts?.[NETWORK_FACT] === HOST_NETWORK;
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
        data-reached={reached ? 'true' : 'false'}
        data-host-network={hostNetwork ? 'true' : undefined}
        aria-pressed={isSelected}
        aria-label={`Hop ${step}: ${kind.title}, ${hop.label}${hostNetwork ? ", host network: no veth, the node's address" : ''}${severity ? `, ${SEVERITY_STYLE[severity].label.toLowerCase()}` : ''}${dropped ? ', packet dropped here' : ''}${!reached ? ', not reached: the packet is dropped before this hop' : ''}`}
        onClick={() => select(hop.id)}
        onFocus={(e) => reveal(hop.id, e.currentTarget)}
        className={`flex h-full w-full flex-col items-start gap-0.5 overflow-hidden rounded-lg border-2 px-2 py-1.5 text-left transition-shadow hover:shadow-md ${border} ${
          isSelected ? 'ring-4 ring-blue-500/60 dark:ring-blue-400/70' : ''
        } ${culprit ? 'shadow-md' : ''} ${
          dropped
            ? 'bg-red-50 shadow-sm dark:bg-red-950/60'
            : reached
              ? 'bg-white shadow-sm dark:bg-slate-900'
              : 'bg-slate-100 text-slate-600 dark:bg-slate-900/40'
        }`}
      >
        <span
          className={`flex w-full items-center gap-1 text-[11px] font-semibold ${reached ? 'text-slate-600 dark:text-slate-300' : 'text-slate-600 dark:text-slate-300'}`}
        >
          <span aria-hidden="true">{kind.glyph}</span>
          <span className="truncate">{kind.title}</span>
          {hostNetwork && (
            <span aria-hidden="true" title="host network">
              ⌂
            </span>
          )}
          <span className="ml-auto flex items-center gap-1">
            {hop.mtu !== undefined && <span className="font-mono normal-case">{hop.mtu}</span>}
            {sev && (
              <span
                className={`${reached ? sev.text : 'text-slate-600 dark:text-slate-300'} text-sm leading-none`}
                aria-hidden="true"
              >
                {sev.icon}
              </span>
            )}
          </span>
        </span>
        {/* Breaks long names anywhere, but words only when they must. */}
        <span
          title={revealHidden(hop.label)}
          className={`line-clamp-2 text-[13px] leading-tight font-medium [overflow-wrap:anywhere] ${reached ? 'text-slate-900 dark:text-slate-50' : 'text-slate-600 dark:text-slate-300'}`}
        >
          {revealHidden(hop.label)}
        </span>
        {dropped && <span className="text-[11px] font-bold text-red-700 dark:text-red-300">✖ DROPPED</span>}
        {!dropped && reached && hostNetwork && (
          <span className="text-[11px] font-semibold text-slate-600 dark:text-slate-300">⌂ host network</span>
        )}
        {!dropped && !reached && (
          <span className="text-[11px] font-semibold text-slate-600 italic dark:text-slate-300">
            ○ not reached
          </span>
        )}
      </button>
      <Handle
        type="source"
        id="out-right"
        position={Position.Right}
        className={handle}
        isConnectable={false}
      />
      <Handle
        type="source"
        id="out-bottom"
        position={Position.Bottom}
        className={handle}
        isConnectable={false}
      />
      {/* The trunk of this hop's branches, which hang below it (layout.ts#branchBoxes). */}
      <Handle
        type="source"
        id="branch-out"
        position={Position.Bottom}
        className={handle}
        style={{ left: BRANCH_INDENT / 2 }}
        isConnectable={false}
      />
    </>
  );
}

export default memo(HopNode);
