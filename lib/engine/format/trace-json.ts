// JSON: exactly the contract object (plus additive fields), stable key order.

import type { TraceResult } from '../types';

export function formatTraceJson(result: TraceResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
