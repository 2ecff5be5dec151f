// Reach formatters, one file per format (as netpol-analyzer's conns_formatter_*).

import type { ReachResult } from '../types';
import { formatReachJson, reachDocument } from './reach-json';
import { formatReachMd } from './reach-md';
import { formatReachTxt } from './reach-txt';
import { toYaml, whatIfLine } from './whatif';

export type ReachFormat = 'json' | 'yaml' | 'txt' | 'md';
export const REACH_FORMATS: readonly ReachFormat[] = ['json', 'yaml', 'txt', 'md'];

/** Renders a reach result; an unknown format is a type error, never a silent fallback. */
export function formatReach(result: ReachResult, format: ReachFormat): string {
  switch (format) {
    case 'json':
      return formatReachJson(result);
    case 'yaml':
      return toYaml(reachDocument(result));
    case 'txt':
      return whatIfLine(result.whatIf) + formatReachTxt(result);
    case 'md':
      return (result.whatIf ? `${whatIfLine(result.whatIf)}\n` : '') + formatReachMd(result);
    default: {
      const never: never = format;
      throw new Error(`unknown reach format ${String(never)}`);
    }
  }
}
