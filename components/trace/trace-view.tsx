'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { TraceResult } from 'lib/engine/types';
import { HopPanel } from './hop-panel';
import { SelectionContext, type HopSelection } from './selection';
import { TraceCanvas } from './trace-canvas';
import { PanelResizer, usePanelWidth } from './panel-resizer';

/** Fired after a hop selection is pushed onto history, so the URL store below re-reads it. */
const HOP_CHANGED = 'packetpath:hop';

function subscribeToHop(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(HOP_CHANGED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(HOP_CHANGED, onChange);
  };
}

/** Selects a hop from outside the view (the verdict banner): a history entry, as a click on the canvas makes. */
export function selectHopInUrl(hopId: string): void {
  const current = new URLSearchParams(window.location.search);
  if (hopId === current.get('hop')) return;
  current.set('hop', hopId);
  window.history.pushState(null, '', `${window.location.pathname}?${current.toString()}`);
  window.dispatchEvent(new Event(HOP_CHANGED));
}

/**
 * The `hop` of the address bar itself. Back and forward across a reload restore history
 * entries the router did not make; reading the location (not the router's copy of it)
 * keeps the panel on the entry the browser is showing. The server render uses the request's.
 */
function useHopParam(serverHop: string | null): string | null {
  return useSyncExternalStore(
    subscribeToHop,
    () => new URLSearchParams(window.location.search).get('hop'),
    () => serverHop,
  );
}

/** The canvas and the hop panel; the selected hop lives in the URL (`hop=`). */
export function TraceView({
  result,
  source,
  defaultHop,
  fixHrefs,
}: {
  result: TraceResult;
  source: string;
  defaultHop?: string;
  /** Per finding of `result`, the what-if that tries its fix (null where the fix is not an object change). */
  fixHrefs?: readonly (string | null)[];
}) {
  const params = useSearchParams();
  const hop = useHopParam(params.get('hop'));
  // A share link carries its own selection (`defaultHop`) until the viewer picks another hop.
  const selected = hop ?? defaultHop;

  // A history entry per selection, without a server round trip: back/forward walk
  // the hops, and a reload shows the same one.
  const select = useCallback((hopId: string) => selectHopInUrl(hopId), []);
  const [panelWidth, setPanelWidth] = usePanelWidth();
  const selection = useMemo<HopSelection>(() => ({ selected, select }), [selected, select]);

  return (
    <SelectionContext.Provider value={selection}>
      <div
        className="grid h-[calc(100vh-13.5rem)] min-h-[520px] gap-1"
        style={{ gridTemplateColumns: `minmax(0,1fr) auto ${panelWidth}px` }}
        data-testid="trace-layout"
      >
        <div className="min-w-0 overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800">
          <TraceCanvas result={result} />
        </div>
        <PanelResizer width={panelWidth} onResize={setPanelWidth} />
        <HopPanel
          hops={result.hops}
          findings={result.findings}
          source={source}
          {...(fixHrefs ? { fixHrefs } : {})}
        />
      </div>
    </SelectionContext.Provider>
  );
}
