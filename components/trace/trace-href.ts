import type { TraceQuery } from 'lib/engine/types';

/** The trace view URL of a query (every selection lives in the query string). */
export function traceHref(source: string, query: TraceQuery, hop?: string): string {
  const q = new URLSearchParams({ source, from: query.from, to: query.to });
  if (query.port !== undefined) q.set('port', String(query.port));
  if (query.protocol) q.set('protocol', query.protocol);
  if (query.size !== undefined) q.set('size', String(query.size));
  if (query.method) q.set('method', query.method);
  for (const [name, value] of Object.entries(query.headers ?? {})) q.append('header', `${name}: ${value}`);
  if (hop) q.set('hop', hop);
  return `/trace?${q.toString()}`;
}
