import Link from 'next/link';
import type { TraceQuery, TraceResult } from 'lib/engine/types';
import { ExportMenu } from 'components/export/export-menu';
import { tourHref } from 'components/tour/tour-href';
import { ShareButton } from './share-button';

/** The trace query of the page's parsed parameters (without the source). */
export function traceQueryOf(q: TraceQuery & { source?: string }): TraceQuery {
  const { source: _source, ...query } = q;
  return query;
}

/** The trace page's header actions: Share, Export and a tour over this very trace. */
export function TraceActions({
  source,
  query,
  result,
  markdown,
}: {
  source: string;
  query: TraceQuery;
  result: TraceResult;
  markdown: string;
}) {
  return (
    <>
      <Link
        href={tourHref(source, query)}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Tour
      </Link>
      <ShareButton source={source} query={query} />
      <ExportMenu result={result} markdown={markdown} share={{ source, query }} />
    </>
  );
}
