import type { TraceQuery } from 'lib/engine/types';

/** The tour page URL over a query on any source (`step` is 1-based). */
export function tourHref(source: string, query?: TraceQuery, step?: number): string {
  const q = new URLSearchParams({ source });
  if (query) {
    q.set('from', query.from);
    q.set('to', query.to);
    if (query.port !== undefined) q.set('port', String(query.port));
    if (query.protocol) q.set('protocol', query.protocol);
    if (query.size !== undefined) q.set('size', String(query.size));
    if (query.method) q.set('method', query.method);
    for (const [name, value] of Object.entries(query.headers ?? {})) q.append('header', `${name}: ${value}`);
  }
  if (step !== undefined) q.set('step', String(step));
  return `/tour?${q.toString()}`;
}
