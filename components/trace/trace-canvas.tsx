'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import BranchNode from './nodes/branch-node';
import HopNode from './nodes/hop-node';
import LaneNode from './nodes/lane-node';
import PacketEdge from './edges/packet-edge';
import { HOP_KIND_LIST } from './hop-kinds';
import type { PathGraph } from './path-graph';
import { useHopSelection } from './selection';
import { usePathLayout } from './use-path-layout';
import { viewportFor } from './viewport';

// Module scope: React Flow re-mounts every node when these objects change identity.
const nodeTypes: NodeTypes = {
  lane: LaneNode,
  branch: BranchNode,
  ...Object.fromEntries(HOP_KIND_LIST.map((kind) => [kind, HopNode])),
};
const edgeTypes: EdgeTypes = { packet: PacketEdge };

function ArrowMarker() {
  return (
    <svg aria-hidden="true" className="absolute h-0 w-0">
      <defs>
        <marker id="packet-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: 'var(--edge)' }} />
        </marker>
      </defs>
    </svg>
  );
}

function Canvas({ graph, culprit }: { graph: PathGraph; culprit?: string }) {
  const { flow, error } = usePathLayout(graph);
  const { setViewport } = useReactFlow();
  const { selected } = useHopSelection();
  const box = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState(false);
  // The hop to keep in view: the selected one, else the one where the packet dies.
  const focus = selected ?? culprit;

  useEffect(() => {
    const el = box.current;
    if (!flow || !el) return;
    const view = viewportFor(flow, { width: el.clientWidth, height: el.clientHeight }, focus);
    setOverflow(view.overflow);
    void setViewport(view.viewport, { duration: 0 });
  }, [flow, focus, setViewport]);

  if (error) return <p role="alert" className="p-4">The path could not be drawn: {error}</p>;
  return (
    <div ref={box} className="relative h-full w-full" data-testid="trace-canvas" data-ready={flow ? 'true' : 'false'}>
      <ArrowMarker />
      <ReactFlow
        nodes={flow?.nodes ?? []}
        edges={flow?.edges ?? []}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        // Read-only: the path is a result, not a diagram to edit.
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomOnDoubleClick={false}
        // A long path is read by scrolling down it, like a page; pinch or the controls zoom.
        panOnScroll
        zoomOnScroll={false}
        minZoom={0.3}
        maxZoom={2}
        proOptions={{ hideAttribution: false }}
        aria-label="Packet path"
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
      {overflow && (
        <p className="pointer-events-none absolute top-2 right-3 rounded bg-white/90 px-2 py-0.5 text-xs text-slate-700 shadow-sm dark:bg-slate-900/90 dark:text-slate-200">
          Scroll to follow the whole path ({graph.nodes.filter((n) => n.type === 'hop').length} hops)
        </p>
      )}
    </div>
  );
}

export function TraceCanvas({ graph }: { graph: PathGraph }) {
  const culprit = graph.nodes.find((n) => n.type === 'hop' && n.culprit)?.id;
  return (
    <ReactFlowProvider>
      <Canvas graph={graph} culprit={culprit} />
    </ReactFlowProvider>
  );
}
