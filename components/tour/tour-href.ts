import type { TraceQuery } from 'lib/model/trace-query';
import { queryHref } from 'lib/model/trace-query';

/** The tour page URL over a query on any source (`step` is 1-based). */
export function tourHref(source: string, query?: TraceQuery, step?: number): string {
  return queryHref('/tour', source, query, { step });
}
