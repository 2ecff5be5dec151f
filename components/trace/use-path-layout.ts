'use client';

import { useEffect, useState } from 'react';
import { layoutPathGraph } from './layout';
import type { PathGraph } from './path-graph';
import { toFlow, type Flow } from './to-flow';

/** Runs the async layout whenever the graph changes; a result for an older graph is dropped. */
export function usePathLayout(graph: PathGraph): { flow?: Flow; error?: string } {
  const [state, setState] = useState<{ graph: PathGraph; flow?: Flow; error?: string }>({ graph });
  useEffect(() => {
    let current = true;
    layoutPathGraph(graph).then(
      (positioned) => current && setState({ graph, flow: toFlow(positioned) }),
      (err: unknown) => current && setState({ graph, error: err instanceof Error ? err.message : 'layout failed' }),
    );
    return () => {
      current = false;
    };
  }, [graph]);
  // Never show the flow of a previous graph while the new one is laid out.
  return state.graph === graph ? state : {};
}
