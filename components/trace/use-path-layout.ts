'use client';

import { useEffect, useState } from 'react';
import type { TraceResult } from 'lib/engine/types';
import { layoutPathGraph } from './layout';
import { MAX_HOPS_PER_LANE, toPathGraph } from './path-graph';
import { toFlow, type Flow } from './to-flow';
import { MIN_READABLE_ZOOM, laneExtent } from './viewport';

/**
 * Lays the trace out for a canvas `width` px wide: rows of up to six hops, fewer when
 * a row would not fit at a readable zoom. A result for an older trace or width is dropped.
 */
export function usePathLayout(
  result: TraceResult,
  width: number | undefined,
): { flow?: Flow; error?: string } {
  const [state, setState] = useState<{ key?: unknown; flow?: Flow; error?: string }>({});
  const key = `${width}`;
  // The same packet path (a tour revealing verdicts step by step) keeps its drawing while
  // the next is laid out; another trace never shows the previous one's.
  const path = JSON.stringify([result.query ?? null, result.hops.map((h) => h.id)]);
  useEffect(() => {
    if (width === undefined) return;
    let current = true;
    (async () => {
      let flow: Flow | undefined;
      for (let max = MAX_HOPS_PER_LANE; max >= 2; max -= 1) {
        flow = toFlow(await layoutPathGraph(toPathGraph(result, max)));
        if (laneExtent(flow).width * MIN_READABLE_ZOOM <= width - 32) break;
      }
      if (current) setState({ key: [path, key], flow });
    })().catch(
      (err: unknown) =>
        current &&
        setState({ key: [path, key], error: err instanceof Error ? err.message : 'layout failed' }),
    );
    return () => {
      current = false;
    };
  }, [result, width, key, path]);
  // Never show the flow of a previous trace while the new one is laid out.
  const fresh = Array.isArray(state.key) && state.key[0] === path;
  return fresh ? { flow: state.flow, error: state.error } : {};
}
