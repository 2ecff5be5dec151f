import type { ReachResult } from '../types';

/** Exactly `{"pairs":[{"from","to","conn"}, ...]}` (plus `whatIf` on a what-if). */
export function reachDocument(result: ReachResult): ReachResult {
  const pairs = result.pairs.map(({ from, to, conn }) => ({ from, to, conn }));
  return { pairs, ...(result.whatIf ? { whatIf: result.whatIf } : {}) };
}

/** The reach document, indented, with a final newline. */
export function formatReachJson(result: ReachResult): string {
  return `${JSON.stringify(reachDocument(result), null, 2)}\n`;
}
