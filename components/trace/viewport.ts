// Where the canvas looks: the whole path when it fits at a readable zoom; otherwise a
// readable zoom that fits the width, scrolled to the lane of the hop in focus.

import type { Viewport } from '@xyflow/react';
import type { Flow } from './to-flow';

/** Below this zoom, 13 px hop labels (about 10 px on screen) become too small to read. */
export const MIN_READABLE_ZOOM = 0.8;
const MAX_ZOOM = 1.1;
const PAD = 16;

/** Width and height of the laid-out lanes (flow coordinates). */
export function laneExtent(flow: Flow): { width: number; height: number } {
  let width = 1;
  let height = 1;
  for (const n of flow.nodes) {
    if (n.type !== 'lane') continue;
    width = Math.max(width, n.position.x + (n.width ?? 0));
    height = Math.max(height, n.position.y + (n.height ?? 0));
  }
  return { width, height };
}

/** The top of the lane holding `id` (flow coordinates), for scrolling it into view. */
export function laneTopOf(flow: Flow, id: string | undefined): number | undefined {
  const node = flow.nodes.find((n) => n.id === id);
  const laneId = node && 'parentId' in node ? node.parentId : undefined;
  return flow.nodes.find((n) => n.id === laneId)?.position.y;
}

export function viewportFor(
  flow: Flow,
  size: { width: number; height: number },
  focus?: string,
): { viewport: Viewport; overflow: boolean } {
  const { width, height } = laneExtent(flow);
  const fit = Math.min((size.width - 2 * PAD) / width, (size.height - 2 * PAD) / height, MAX_ZOOM);
  if (fit >= MIN_READABLE_ZOOM) {
    return {
      viewport: { zoom: fit, x: (size.width - width * fit) / 2, y: (size.height - height * fit) / 2 },
      overflow: false,
    };
  }
  const zoom = Math.max(MIN_READABLE_ZOOM, Math.min(1, (size.width - 2 * PAD) / width));
  // Show the focused lane with the one before it when there is room, so the way in is visible.
  const laneTop = laneTopOf(flow, focus) ?? 0;
  const maxTop = Math.max(0, height - (size.height - 2 * PAD) / zoom);
  const top = Math.min(Math.max(0, laneTop - 60), maxTop);
  return {
    viewport: { zoom, x: Math.max(PAD, (size.width - width * zoom) / 2), y: PAD - top * zoom },
    overflow: true,
  };
}
