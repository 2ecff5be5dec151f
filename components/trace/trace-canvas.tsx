'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStoreApi,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TraceResult } from 'lib/engine/types';
import BranchNode from './nodes/branch-node';
import HopNode from './nodes/hop-node';
import LaneNode from './nodes/lane-node';
import PacketEdge from './edges/packet-edge';
import { HOP_KIND_LIST } from './hop-kinds';
import { culpritHop } from './path-graph';
import { RevealContext, useHopSelection } from './selection';
import {
  FIRST_PAINT_CANVAS,
  FIRST_PAINT_WIDTH,
  placeForWidth,
  rowWidth,
  usePathLayout,
} from './use-path-layout';
import { laneTopOf, viewportFor } from './viewport';

// Module scope: React Flow re-mounts every node when these objects change identity.
const nodeTypes: NodeTypes = {
  lane: LaneNode,
  branch: BranchNode,
  ...Object.fromEntries(HOP_KIND_LIST.map((kind) => [kind, HopNode])),
};
const edgeTypes: EdgeTypes = { packet: PacketEdge };
// React Flow gives unselectable, undraggable nodes `pointer-events: none` unless a node
// handler is set; the hop buttons inside handle the click themselves.
const enablePointerEvents = () => undefined;

function ArrowMarker() {
  return (
    <svg aria-hidden="true" className="absolute h-0 w-0">
      <defs>
        <marker
          id="packet-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: 'var(--edge)' }} />
        </marker>
        <marker
          id="packet-arrow-muted"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: 'var(--edge-muted)' }} />
        </marker>
      </defs>
    </svg>
  );
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number | undefined {
  const [width, setWidth] = useState<number | undefined>(undefined);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(rowWidth(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function Canvas({ result, follow }: { result: TraceResult; follow?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const { flow, laidOut } = usePathLayout(result, width);
  const { setViewport, getViewport } = useReactFlow();
  const { selected } = useHopSelection();
  const [overflow, setOverflow] = useState(false);
  // The hop to keep in view: the one the page asks to follow, else the selected one, else
  // the one where the packet dies.
  const focus = follow ?? selected ?? culpritHop(result);
  // Until the canvas is measured (the server's HTML, then hydration) the view is the one
  // it would have at the assumed size, put in React Flow's store before its first render,
  // so the first paint already shows the path at a readable zoom with its focus in view.
  const store = useStoreApi();
  const [firstView] = useState(() => {
    const { viewport } = viewportFor(flow, FIRST_PAINT_CANVAS, focus);
    store.setState({ transform: [viewport.x, viewport.y, viewport.zoom] });
    return viewport;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const view = viewportFor(flow, { width: el.clientWidth, height: el.clientHeight }, focus);
    setOverflow(view.overflow);
    void setViewport(view.viewport, { duration: 0 });
  }, [flow, focus, setViewport]);

  const reveal = useCallback(
    (hopId: string, el: HTMLElement) => {
      const container = box.current;
      if (!container) return;
      // Focus scrolls even overflow:hidden ancestors; the canvas moves by its viewport instead.
      for (let n: HTMLElement | null = el.parentElement; n && n !== container; n = n.parentElement) {
        if (n.scrollTop || n.scrollLeft) n.scrollTo(0, 0);
      }
      const a = container.getBoundingClientRect();
      const b = el.getBoundingClientRect();
      if (b.top >= a.top && b.bottom <= a.bottom && b.left >= a.left && b.right <= a.right) return;
      const top = laneTopOf(flow, hopId) ?? 0;
      const { x, zoom } = getViewport();
      void setViewport({ x, zoom, y: 16 - top * zoom }, { duration: 0 });
    },
    [flow, getViewport, setViewport],
  );

  return (
    // The controls and the scroll hint live in a strip below the canvas so they never cover a hop.
    <div className="flex h-full w-full flex-col">
      <div
        ref={box}
        className="relative min-h-0 w-full flex-1"
        data-testid="trace-canvas"
        // True once ELK's layout is in and the view follows it; the placed drawing before it
        // has the same boxes, so nothing moves.
        data-ready={laidOut ? 'true' : 'false'}
      >
        <ArrowMarker />
        <RevealContext.Provider value={reveal}>
          <ReactFlow
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            defaultViewport={firstView}
            // Read-only: the path is a result, not a diagram to edit.
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable={false}
            edgesFocusable={false}
            elementsSelectable={false}
            onNodeClick={enablePointerEvents}
            deleteKeyCode={null}
            selectionKeyCode={null}
            multiSelectionKeyCode={null}
            zoomOnDoubleClick={false}
            // A long path is read by scrolling down it, like a page; pinch or the controls zoom.
            panOnScroll
            zoomOnScroll={false}
            minZoom={0.3}
            maxZoom={2}
            aria-label="Packet path"
          >
            <Background gap={24} size={1} />
          </ReactFlow>
        </RevealContext.Provider>
      </div>
      <div className="flex min-h-9 items-center justify-between gap-3 border-t border-slate-200 px-2 py-1 dark:border-slate-800">
        <Controls
          showInteractive={false}
          orientation="horizontal"
          style={{ position: 'static', margin: 0 }}
        />
        {overflow && (
          <p className="text-xs text-slate-700 dark:text-slate-200">
            Scroll to follow the whole path ({result.hops.length} hops)
          </p>
        )}
      </div>
    </div>
  );
}

/** `follow`: the hop to scroll to, when the page knows better than the selection or the culprit. */
export function TraceCanvas({ result, follow }: { result: TraceResult; follow?: string }) {
  // React Flow renders only the nodes its store starts with on the server: giving it the
  // placed path puts the hops in the page's HTML, before any script runs.
  const first = useMemo(() => placeForWidth(result, FIRST_PAINT_WIDTH).flow, [result]);
  return (
    <ReactFlowProvider initialNodes={first.nodes} initialEdges={first.edges}>
      <Canvas result={result} follow={follow} />
    </ReactFlowProvider>
  );
}
