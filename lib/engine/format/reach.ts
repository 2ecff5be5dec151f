// Reach formatters, one file per format (as netpol-analyzer's conns_formatter_*).

import type { ReachResult } from '../types';
import { formatReachCsv } from './reach-csv';
import { formatReachDot, formatReachMermaid } from './reach-graph';
import { formatReachJson, reachDocument } from './reach-json';
import { formatReachMd } from './reach-md';
import { formatReachTxt } from './reach-txt';
import { toYaml, whatIfLine } from './whatif';

export const REACH_FORMATS = ['json', 'yaml', 'txt', 'md', 'dot', 'mermaid', 'csv'] as const;
export type ReachFormat = (typeof REACH_FORMATS)[number];

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
    case 'dot':
      return formatReachDot(result);
    case 'mermaid':
      return formatReachMermaid(result);
    case 'csv':
      return formatReachCsv(result);
    default: {
      const never: never = format;
      throw new Error(`unknown reach format ${String(never)}`);
    }
  }
}
