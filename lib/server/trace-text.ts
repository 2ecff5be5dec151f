// The trace API's answer text, the same in the main thread and in a worker thread
// (trace-answer.ts chooses where). Kept apart from trace-answer.ts so a worker thread
// loads only the engine for it, not the server runtime.

import { formatTrace, traceRoute } from '../engine';
import type { ClusterModel } from '../model/types';
import type { TraceQuery } from '../model/trace-query';

export interface TraceTask {
  readonly source: string;
  readonly query: TraceQuery;
  readonly replica?: string;
}

/** The CLI's JSON formatter, so the API answer is exactly `packetpath trace --format json`. */
export function traceText(model: ClusterModel, query: TraceQuery, replica?: string): string {
  return formatTrace(traceRoute(model, query, replica ? { replica } : {}), 'json');
}
