'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { TraceResult } from 'lib/engine/types';
import { HopPanel } from './hop-panel';
import { SelectionContext, type HopSelection } from './selection';
import { TraceCanvas } from './trace-canvas';

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
  const pathname = usePathname();
  // A share link carries its own selection (`defaultHop`) until the viewer picks another hop.
  const selected = params.get('hop') ?? defaultHop;

  const select = useCallback(
    (hopId: string) => {
      if (hopId === params.get('hop')) return;
      const next = new URLSearchParams(params.toString());
      next.set('hop', hopId);
      // A history entry per selection, without a server round trip: back/forward walk
      // the hops, and a reload shows the same one.
      window.history.pushState(null, '', `${pathname}?${next.toString()}`);
    },
    [params, pathname],
  );
  const selection = useMemo<HopSelection>(() => ({ selected, select }), [selected, select]);

  return (
    <SelectionContext.Provider value={selection}>
      <div className="grid h-[calc(100vh-13.5rem)] min-h-[520px] grid-cols-[minmax(0,1fr)_360px] gap-3">
        <div className="min-w-0 overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800">
          <TraceCanvas result={result} />
        </div>
        <HopPanel hops={result.hops} findings={result.findings} source={source} {...(fixHrefs ? { fixHrefs } : {})} />
      </div>
    </SelectionContext.Provider>
  );
}
