// A tour tells its story in order: the graph shows a hop's verdict, its findings and the
// hops left unreached after a drop only once the tour has come to that hop, so the
// culprit is revealed when the walk reaches it, not on the first step.

import type { Hop, TraceResult } from '../engine/types';
import type { TourStep } from './types';

/** How many hops (in packet order) a step has shown: none on the intro, all on the summary; a fix step shows its hop's. */
export function hopsShown(step: TourStep, total: number): number {
  if (step.type === 'intro') return 0;
  if (step.type === 'summary') return total;
  return step.position;
}

/**
 * The trace as far as the tour has told it: hops past `shown` are drawn as plain hops
 * the packet passes (verdict, unreached state and findings hidden until their step).
 */
export function revealedTrace(result: TraceResult, shown: number): TraceResult {
  if (shown >= result.hops.length) return result;
  const hidden = new Set(result.hops.slice(shown).map((h) => h.id));
  const hops = result.hops.map((hop, i): Hop => {
    if (i < shown) return hop;
    const { reached: _reached, ...rest } = hop;
    return { ...rest, verdict: 'pass' };
  });
  return { ...result, hops, findings: result.findings.filter((f) => !f.hop || !hidden.has(f.hop)) };
}
