'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo } from 'react';
import type { TraceResult } from 'lib/engine/types';
import type { TourStep } from 'lib/tours/types';
import { hopsShown, revealedTrace } from 'lib/tours/reveal';
import { SelectionContext, type HopSelection } from 'components/trace/selection';
import { TraceCanvas } from 'components/trace/trace-canvas';
import { TourStepPanel } from './tour-step-panel';

const button =
  'shrink-0 rounded-md border border-slate-300 px-4 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:hover:bg-slate-800';

function clamp(raw: string | null, total: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), total) : 1;
}

/** Typing in a field must not turn pages. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * Step-by-step tour over a trace: the path graph with the current hop highlighted, the
 * lesson, Back/Next, ←/→/Home/End, and the step in the URL (`step=N`, 1-based).
 */
export function TourView({
  title,
  steps,
  result,
  source,
  traceUrl,
}: {
  title: string;
  steps: readonly TourStep[];
  result: TraceResult;
  source: string;
  traceUrl: string;
}) {
  const params = useSearchParams();
  const pathname = usePathname();
  const total = steps.length;
  const current = clamp(params.get('step'), total);
  const step = steps[current - 1]!;
  // The graph tells no more than the tour has: verdicts appear as their hop's step comes.
  const shown = hopsShown(step, result.hops.length);
  const told = useMemo(() => revealedTrace(result, shown), [result, shown]);

  // Read the step from the address bar, not from this render: a key pressed right after a
  // step change must not act on the previous step.
  const go = useCallback(
    (n: number | ((from: number) => number)) => {
      const next = new URLSearchParams(window.location.search);
      const from = clamp(next.get('step'), total);
      const to = Math.min(Math.max(typeof n === 'function' ? n(from) : n, 1), total);
      if (to === from && next.has('step')) return;
      next.set('step', String(to));
      window.history.pushState(null, '', `${pathname}?${next.toString()}`);
    },
    [pathname, total],
  );

  useEffect(() => {
    const moves: Record<string, (from: number) => number> = {
      ArrowRight: (from) => from + 1,
      ArrowLeft: (from) => from - 1,
      Home: () => 1,
      End: () => total,
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      go(move);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [total, go]);

  // Clicking a hop on the graph jumps to its step.
  const selection = useMemo<HopSelection>(
    () => ({
      selected: step.type === 'hop' || step.type === 'fix' ? step.hop.id : undefined,
      select: (hopId) => go(steps.findIndex((s) => s.type === 'hop' && s.hop.id === hopId) + 1),
    }),
    [step, steps, go],
  );

  return (
    <SelectionContext.Provider value={selection}>
      <div className="space-y-3">
        <div className="flex items-baseline gap-3">
          {/* One line on wide screens, so graph and step get the height; the intro step names it in full. */}
          <h1 className="min-w-0 flex-1 text-lg font-bold break-words lg:truncate" title={title}>
            {title}
          </h1>
          <p className="hidden shrink-0 text-xs text-slate-600 lg:block dark:text-slate-300">
            Keys: <kbd>←</kbd> <kbd>→</kbd> <kbd>Home</kbd> <kbd>End</kbd>
          </p>
        </div>
        {/* Graph and step share the window's height below the header: a step fits at 720 px. */}
        <div className="grid grid-cols-1 gap-3 lg:h-[calc(100vh-8rem)] lg:min-h-[480px] lg:grid-cols-[minmax(0,1fr)_440px]">
          <div className="h-[60vh] min-h-[420px] min-w-0 overflow-hidden rounded-lg border border-slate-200 lg:h-full dark:border-slate-800">
            {/* The intro starts at the first hop, like the walk it introduces; the summary shows the culprit. */}
            <TraceCanvas result={told} follow={step.type === 'intro' ? result.hops[0]?.id : undefined} />
          </div>
          <div
            className="flex max-h-[75vh] min-h-0 flex-col rounded-lg border border-slate-200 lg:max-h-none dark:border-slate-800"
            data-testid="tour-step-panel"
          >
            <div
              className="flex-1 overflow-auto p-3"
              aria-labelledby="tour-step-title"
              role="region"
              data-testid="tour-step-scroll"
            >
              <TourStepPanel
                step={step}
                number={current}
                source={source}
                traceUrl={traceUrl}
                last={current === total}
              />
            </div>
            <nav
              aria-label="Tour steps"
              className="flex items-center justify-between gap-3 border-t border-slate-200 px-3 py-2 dark:border-slate-800"
            >
              <button
                type="button"
                className={button}
                onClick={() => go((from) => from - 1)}
                disabled={current === 1}
              >
                ← Back
              </button>
              <div className="min-w-0 flex-1 space-y-1 text-center">
                <p className="text-xs font-semibold" aria-live="polite" data-testid="tour-progress">
                  Step {current} of {total}
                </p>
                <div
                  className="h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
                  aria-hidden="true"
                >
                  <div
                    className="h-full bg-blue-600 transition-all"
                    style={{ width: `${(current / total) * 100}%` }}
                  />
                </div>
              </div>
              <button
                type="button"
                className={button}
                onClick={() => go((from) => from + 1)}
                disabled={current === total}
              >
                Next →
              </button>
            </nav>
          </div>
        </div>
      </div>
    </SelectionContext.Provider>
  );
}
