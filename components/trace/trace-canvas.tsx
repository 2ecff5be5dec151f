'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { useEffect } from 'react';
import BranchNode from './nodes/branch-node';
import HopNode from './nodes/hop-node';
import LaneNode from './nodes/lane-node';
import PacketEdge from './edges/packet-edge';
import { HOP_KIND_LIST } from './hop-kinds';
import type { PathGraph } from './path-graph';
import { usePathLayout } from './use-path-layout';

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

function Canvas({ graph }: { graph: PathGraph }) {
  const { flow, error } = usePathLayout(graph);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (flow) requestAnimationFrame(() => void fitView({ padding: 0.06, maxZoom: 1.1, minZoom: 0.5 }));
  }, [flow, fitView]);

  if (error) return <p role="alert" className="p-4">The path could not be drawn: {error}</p>;
  return (
    <div className="relative h-full w-full" data-testid="trace-canvas" data-ready={flow ? 'true' : 'false'}>
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
        minZoom={0.3}
        maxZoom={2}
        proOptions={{ hideAttribution: false }}
        aria-label="Packet path"
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  );
}

export function TraceCanvas({ graph }: { graph: PathGraph }) {
  return (
    <ReactFlowProvider>
      <Canvas graph={graph} />
    </ReactFlowProvider>
  );
}
