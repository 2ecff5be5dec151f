'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

const KEY = 'packetpath:hop-panel-width';
/** Wide enough for a `kubectl exec -n NS POD -- ...` line without scrolling in most cases. */
export const DEFAULT_PANEL_WIDTH = 480;
const MIN = 320;
const STEP = 32;

function clamp(width: number): number {
  const max = typeof window === 'undefined' ? 960 : Math.max(MIN, Math.floor(window.innerWidth * 0.7));
  return Math.min(max, Math.max(MIN, Math.round(width)));
}

/** The hop panel's width: remembered across visits (localStorage), the default until read. */
export function usePanelWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(DEFAULT_PANEL_WIDTH);
  useEffect(() => {
    const stored = Number(window.localStorage.getItem(KEY));
    // The stored width is only known in the browser; the server renders the default.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (Number.isFinite(stored) && stored > 0) setWidth(clamp(stored));
  }, []);
  const set = useCallback((w: number) => {
    const next = clamp(w);
    setWidth(next);
    window.localStorage.setItem(KEY, String(next));
  }, []);
  return [width, set];
}

/**
 * The drag handle between the canvas and the hop panel: a vertical separator that a pointer
 * drags and the arrow keys move (WAI-ARIA window splitter: role separator, aria-valuenow).
 */
export function PanelResizer({ width, onResize }: { width: number; onResize: (w: number) => void }) {
  const start = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the hop panel"
      aria-valuenow={width}
      aria-valuemin={MIN}
      tabIndex={0}
      data-testid="panel-resizer"
      className="group flex w-2 cursor-col-resize touch-none items-center justify-center rounded focus:outline-2 focus:outline-blue-600"
      onPointerDown={(e) => {
        start.current = { x: e.clientX, width };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        // The panel is on the right: dragging left widens it.
        if (start.current) onResize(start.current.width + start.current.x - e.clientX);
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onResize(width + STEP);
        else if (e.key === 'ArrowRight') onResize(width - STEP);
        else if (e.key === 'Home') onResize(MIN);
        else if (e.key === 'End') onResize(Number.MAX_SAFE_INTEGER);
        else return;
        e.preventDefault();
      }}
    >
      <span className="h-10 w-1 rounded bg-slate-300 group-hover:bg-blue-500 group-focus:bg-blue-600 dark:bg-slate-600" />
    </div>
  );
}
