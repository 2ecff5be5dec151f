import type { TraceQuery } from 'lib/model/trace-query';
import { queryHref } from 'lib/model/trace-query';

/** The trace view URL of a query (every selection lives in the query string). */
export function traceHref(source: string, query: TraceQuery, hop?: string): string {
  return queryHref('/trace', source, query, { hop });
}
