import type { ReachResult } from '../types';

/** One `FROM => TO : CONN` line per pair, in the result's (sorted) order; empty result = empty text. */
export function formatReachTxt(result: ReachResult): string {
  return result.pairs.map((p) => `${p.from} => ${p.to} : ${p.conn}\n`).join('');
}
