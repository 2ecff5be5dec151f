'use client';

import { useEffect, useMemo, useState } from 'react';
import type { TraceResult } from 'lib/engine/types';
import { layoutPathGraph, placePathGraph } from './layout';
import { MAX_HOPS_PER_LANE, toPathGraph } from './path-graph';
import { toFlow, type Flow } from './to-flow';
import { MIN_READABLE_ZOOM, laneExtent } from './viewport';

/** The width the rows are laid out for: the canvas's, in 40 px steps so small resizes keep the layout. */
export function rowWidth(canvasWidth: number): number {
  return Math.floor(canvasWidth / 40) * 40;
}

/**
 * The canvas size assumed before the page can measure it (the server's HTML and the
 * hydration render): the canvas beside the default hop panel in a 1440×900 window, the
 * common case, so that most screens keep the same rows and view once measured.
 */
export const FIRST_PAINT_CANVAS = { width: 904, height: 640 } as const;
export const FIRST_PAINT_WIDTH = rowWidth(FIRST_PAINT_CANVAS.width);

/** A row fits when it is readable across the canvas `width` px wide. */
function fits(flow: Flow, width: number): boolean {
  return laneExtent(flow).width * MIN_READABLE_ZOOM <= width - 32;
}

/** Rows of up to six hops, fewer when a row would not fit at a readable zoom; placed without ELK. */
export function placeForWidth(result: TraceResult, width: number): { flow: Flow; maxHops: number } {
  for (let max = MAX_HOPS_PER_LANE; ; max -= 1) {
    const flow = toFlow(placePathGraph(toPathGraph(result, max)));
    if (max <= 2 || fits(flow, width)) return { flow, maxHops: max };
  }
}

/** The same choice with ELK, from `from` hops per row down. */
async function layoutForWidth(result: TraceResult, width: number, from: number): Promise<Flow> {
  for (let max = from; ; max -= 1) {
    const flow = toFlow(await layoutPathGraph(toPathGraph(result, max)));
    if (max <= 2 || fits(flow, width)) return flow;
  }
}

/**
 * The trace drawn for a canvas `width` px wide (undefined until measured). The path is
 * placed at once (placePathGraph, the same boxes ELK gives), so the first HTML already
 * shows it; ELK's layout, loaded and run in a worker, replaces it when ready (`laidOut`).
 * A layout for an older trace or width is never shown.
 */
export function usePathLayout(
  result: TraceResult,
  width: number | undefined,
): { flow: Flow; laidOut: boolean } {
  const placed = useMemo(() => placeForWidth(result, width ?? FIRST_PAINT_WIDTH), [result, width]);
  const [laid, setLaid] = useState<{ result: TraceResult; width: number; flow?: Flow }>();
  useEffect(() => {
    if (width === undefined) return;
    let current = true;
    // ELK starts from the row length the placement chose: the same boxes, so the same fit.
    layoutForWidth(result, width, placed.maxHops).then(
      (flow) => current && setLaid({ result, width, flow }),
      // Without ELK (no worker and no main-thread fallback) the placed drawing stays.
      () => current && setLaid({ result, width }),
    );
    return () => {
      current = false;
    };
  }, [result, width, placed]);
  const fresh = laid?.result === result && laid.width === width;
  return { flow: (fresh && laid.flow) || placed.flow, laidOut: fresh };
}
