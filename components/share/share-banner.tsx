import Link from 'next/link';
import { revealHidden } from 'lib/model/hidden-chars';

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** When it was frozen, from where, and what the sharer wrote about it. */
export function ShareBanner({
  takenAt,
  sourceTitle,
  sourceId,
  title,
  note,
  expiresAt,
  whatIf,
}: {
  takenAt: string;
  sourceTitle: string;
  sourceId: string;
  title?: string;
  note?: string;
  expiresAt?: string;
  /** The changes a what-if link laid over the snapshot. */
  whatIf?: { readonly applied: readonly string[]; readonly removed: readonly string[] };
}) {
  return (
    <section
      aria-label="Shared snapshot"
      // overflow-wrap is inherited: long titles, notes and source names break inside the banner.
      className="min-w-0 rounded-lg border border-slate-300 bg-slate-50 px-4 py-3 [overflow-wrap:anywhere] dark:border-slate-700 dark:bg-slate-900"
      data-testid="share-banner"
    >
      {title && <h1 className="text-xl font-bold">{revealHidden(title)}</h1>}
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span aria-hidden="true">❄ </span>
        Snapshot taken <time dateTime={takenAt}>{DATE.format(new Date(takenAt))} UTC</time> from{' '}
        <strong>{revealHidden(sourceTitle)}</strong> <code className="text-xs">({sourceId})</code>. This is a
        frozen, read-only view: the cluster may have changed since.
        {expiresAt && (
          <>
            {' '}
            The link expires <time dateTime={expiresAt}>{DATE.format(new Date(expiresAt))} UTC</time>.
          </>
        )}
      </p>
      {whatIf && (
        <div
          className="mt-2 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
          data-testid="whatif-banner"
        >
          <p>
            <strong>What-if:</strong> this is not the cluster as it was, but the snapshot with these changes
            laid over it. Nothing was applied to the cluster.
          </p>
          <ul className="mt-1 list-disc pl-5">
            {whatIf.applied.map((a) => (
              <li key={`a-${a}`}>applied {revealHidden(a)}</li>
            ))}
            {whatIf.removed.map((r) => (
              <li key={`r-${r}`}>removed {revealHidden(r)}</li>
            ))}
          </ul>
        </div>
      )}
      {note && <p className="mt-2 text-sm whitespace-pre-wrap">{revealHidden(note)}</p>}
      <p className="mt-2 text-sm">
        <Link href="/" className="text-blue-700 underline dark:text-blue-300">
          Open packetpath
        </Link>
      </p>
    </section>
  );
}
