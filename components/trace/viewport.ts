// Where the canvas looks: the whole path when it fits at a readable zoom; otherwise a
// readable zoom that fits the width, scrolled to the lane of the hop in focus.

import type { Viewport } from '@xyflow/react';
import type { Flow } from './to-flow';

/** Below this zoom, 13 px hop labels become too small to read on a laptop screen. */
export const MIN_READABLE_ZOOM = 0.85;
const MAX_ZOOM = 1.1;
const PAD = 16;

export function viewportFor(flow: Flow, size: { width: number; height: number }, focus?: string): { viewport: Viewport; overflow: boolean } {
  const lanes = flow.nodes.filter((n) => n.type === 'lane');
  const width = Math.max(1, ...lanes.map((l) => l.position.x + (l.width ?? 0)));
  const height = Math.max(1, ...lanes.map((l) => l.position.y + (l.height ?? 0)));
  const fit = Math.min((size.width - 2 * PAD) / width, (size.height - 2 * PAD) / height, MAX_ZOOM);
  if (fit >= MIN_READABLE_ZOOM) {
    return {
      viewport: { zoom: fit, x: (size.width - width * fit) / 2, y: (size.height - height * fit) / 2 },
      overflow: false,
    };
  }
  const zoom = Math.max(MIN_READABLE_ZOOM, Math.min(1, (size.width - 2 * PAD) / width));
  const target = flow.nodes.find((n) => n.id === focus);
  const lane = target && 'parentId' in target ? lanes.find((l) => l.id === target.parentId) : undefined;
  // Show the focused lane with the one before it when there is room, so the way in is visible.
  const laneTop = lane ? lane.position.y : 0;
  const maxTop = Math.max(0, height - (size.height - 2 * PAD) / zoom);
  const top = Math.min(Math.max(0, laneTop - 60), maxTop);
  return {
    viewport: { zoom, x: Math.max(PAD, (size.width - width * zoom) / 2), y: PAD - top * zoom },
    overflow: true,
  };
}
