// Reach formatters, one file per format (as netpol-analyzer's conns_formatter_*).

import type { ReachResult } from '../types';
import { formatReachJson } from './reach-json';
import { formatReachMd } from './reach-md';
import { formatReachTxt } from './reach-txt';

export type ReachFormat = 'json' | 'txt' | 'md';
export const REACH_FORMATS: readonly ReachFormat[] = ['json', 'txt', 'md'];

/** Renders a reach result; an unknown format is a type error, never a silent fallback. */
export function formatReach(result: ReachResult, format: ReachFormat): string {
  switch (format) {
    case 'json':
      return formatReachJson(result);
    case 'txt':
      return formatReachTxt(result);
    case 'md':
      return formatReachMd(result);
    default: {
      const never: never = format;
      throw new Error(`unknown reach format ${String(never)}`);
    }
  }
}
