import Link from 'next/link';

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** When it was frozen, from where, and what the sharer wrote about it. */
export function ShareBanner({
  takenAt,
  sourceTitle,
  sourceId,
  title,
  note,
  expiresAt,
}: {
  takenAt: string;
  sourceTitle: string;
  sourceId: string;
  title?: string;
  note?: string;
  expiresAt?: string;
}) {
  return (
    <section aria-label="Shared snapshot" className="rounded-lg border border-slate-300 bg-slate-50 px-4 py-3 dark:border-slate-700 dark:bg-slate-900" data-testid="share-banner">
      {title && <h1 className="text-xl font-bold break-words">{title}</h1>}
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span aria-hidden="true">❄ </span>
        Snapshot taken <time dateTime={takenAt}>{DATE.format(new Date(takenAt))} UTC</time> from <strong>{sourceTitle}</strong>{' '}
        <code className="text-xs">({sourceId})</code>. This is a frozen, read-only view: the cluster may have changed since.
        {expiresAt && (
          <>
            {' '}
            The link expires <time dateTime={expiresAt}>{DATE.format(new Date(expiresAt))} UTC</time>.
          </>
        )}
      </p>
      {note && <p className="mt-2 text-sm whitespace-pre-wrap break-words">{note}</p>}
      <p className="mt-2 text-sm">
        <Link href="/" className="text-blue-700 underline dark:text-blue-300">
          Open packetpath
        </Link>
      </p>
    </section>
  );
}
