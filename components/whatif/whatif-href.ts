import type { Changes } from 'lib/ingest/whatif';
import { encodeChanges } from 'lib/links/changes-param';
import { queryHref, type TraceQuery } from 'lib/model/trace-query';

/** The what-if page for a trace query with changes laid over the source. */
export function whatIfHref(source: string, query: TraceQuery | undefined, changes: Changes): string {
  const hasChanges = changes.apply.length + changes.delete.length > 0;
  return queryHref('/whatif', source, query, { changes: hasChanges ? encodeChanges(changes) : undefined });
}
