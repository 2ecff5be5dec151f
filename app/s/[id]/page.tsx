import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatTrace } from 'lib/engine';
import { ExportMenu } from 'components/export/export-menu';
import { ShareBanner } from 'components/share/share-banner';
import { tourHref } from 'components/tour/tour-href';
import { TraceView } from 'components/trace/trace-view';
import { VerdictBanner } from 'components/trace/verdict-banner';
import { ReplicaSummary } from 'components/trace/replica-summary';
import { readShare } from 'lib/server/shares';
import { sourceId } from 'lib/model/source-id';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared trace', robots: { index: false } };

type Props = { params: Promise<{ id: string }> };

/** A share link: the frozen trace, read-only, with the hop the sharer had selected. */
export default async function SharePage({ params }: Props) {
  const { id } = await params;
  const share = await readShare(id);
  if (!share) notFound();
  const source = sourceId('share', id);
  return (
    <div className="space-y-3">
      {!share.title && <h1 className="sr-only">Shared trace</h1>}
      <div className="flex items-start justify-between gap-4">
        <ShareBanner
          takenAt={share.createdAt}
          sourceTitle={share.source.title}
          sourceId={share.source.id}
          {...(share.title ? { title: share.title } : {})}
          {...(share.note ? { note: share.note } : {})}
          {...(share.expiresAt ? { expiresAt: share.expiresAt } : {})}
          {...(share.source.whatIf ? { whatIf: share.source.whatIf } : {})}
        />
        <div className="flex shrink-0 items-start gap-2">
          <Link
            href={tourHref(source, share.query)}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Tour
          </Link>
          <ExportMenu
            result={share.trace}
            markdown={formatTrace(share.trace, 'md')}
            permalink={`/s/${id}`}
            sourceName={share.source.title ?? share.source.id}
            takenAt={share.createdAt}
          />
        </div>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        From <code>{share.query.from}</code> to <code>{share.query.to}</code>
        {share.query.port !== undefined && (
          <>
            {' '}
            on {share.query.protocol ?? 'TCP'} port <code>{share.query.port}</code>
          </>
        )}
        {share.query.size !== undefined && <>, {share.query.size}-byte packet</>}
        {share.query.method !== undefined && (
          <>
            , <code>{share.query.method}</code> request
          </>
        )}
        {Object.entries(share.query.headers ?? {}).map(([name, value]) => (
          <span key={name}>
            , header <code>{`${name}: ${value}`}</code>
          </span>
        ))}
      </p>
      <VerdictBanner result={share.trace} />
      <ReplicaSummary result={share.trace} />
      {/* The hop selected when the link was made, unless the URL names another. */}
      <TraceView
        result={share.trace}
        source={source}
        {...(share.view.hop ? { defaultHop: share.view.hop } : {})}
      />
    </div>
  );
}
