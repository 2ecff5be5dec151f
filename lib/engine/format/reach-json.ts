import type { ReachResult } from '../types';

/** Exactly `{"pairs":[{"from","to","conn"}, ...]}`, indented, with a final newline. */
export function formatReachJson(result: ReachResult): string {
  const pairs = result.pairs.map(({ from, to, conn }) => ({ from, to, conn }));
  return `${JSON.stringify({ pairs }, null, 2)}\n`;
}
