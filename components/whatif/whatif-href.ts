import type { TraceQuery } from 'lib/engine/types';
import type { Changes } from 'lib/ingest/whatif';
import { encodeChanges } from 'lib/links/changes-param';
import { traceHref } from 'components/trace/trace-href';

/** The what-if page for a trace query with changes laid over the source. */
export function whatIfHref(source: string, query: TraceQuery | undefined, changes: Changes): string {
  const params = query
    ? new URLSearchParams(traceHref(source, query).slice('/trace?'.length))
    : new URLSearchParams({ source });
  if (changes.apply.length + changes.delete.length > 0) params.set('changes', encodeChanges(changes));
  return `/whatif?${params.toString()}`;
}
