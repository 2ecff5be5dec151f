'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { frozenAtLabel, leaveFrozenHref } from './frozen-context';
import { useFrozenShare } from './use-frozen-share';

/** In a frozen view: when the state was taken, and the one explicit way back to the live source. */
export function FrozenBadge({ defaultSource }: { defaultSource: string }) {
  const pathname = usePathname();
  const { frozen, share } = useFrozenShare();
  if (!frozen) return null;
  return (
    <div className="flex shrink-0 items-center gap-2 text-sm" data-testid="frozen-badge">
      <span
        className="rounded-md border border-sky-300 bg-sky-50 px-2 py-1 whitespace-nowrap text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100"
        data-ready={share ? 'true' : 'false'}
        title={share ? `Shared link of ${share.source.title ?? share.source.id}` : undefined}
      >
        <span aria-hidden="true">❄ </span>
        Frozen
        {share && (
          <>
            {' '}
            <time dateTime={share.createdAt}>{frozenAtLabel(share.createdAt)}</time>
          </>
        )}
      </span>
      <Link
        href={leaveFrozenHref(pathname, defaultSource)}
        className="whitespace-nowrap text-blue-700 underline dark:text-blue-300"
      >
        Leave frozen view
      </Link>
    </div>
  );
}
