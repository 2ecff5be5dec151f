'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { queryHref } from 'lib/model/trace-query';
import { useFrozenShare } from './use-frozen-share';

const LINKS = [
  { href: '/trace', label: 'Trace' },
  { href: '/reach', label: 'Reach' },
  { href: '/lint', label: 'Lint' },
  { href: '/upload', label: 'Upload' },
  { href: '/snapshots', label: 'Snapshots' },
] as const;

/** Views that work on one source keep the selected one; upload and snapshots list them all. */
const SOURCE_FREE: ReadonlySet<string> = new Set(['/upload', '/snapshots']);

/**
 * Main navigation; keeps the selected source when moving between views. Inside a share link
 * that source is the frozen snapshot, and Trace reopens the shared query on it from any
 * frozen view (the share link itself, or reach and lint opened from it).
 */
export function NavLinks() {
  const pathname = usePathname();
  const { frozen, share } = useFrozenShare();
  const param = useSearchParams().get('source');
  const source = frozen?.source ?? param;
  return (
    <ul className="flex items-center gap-1">
      {LINKS.map(({ href, label }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        const url =
          !source || SOURCE_FREE.has(href)
            ? href
            : href === '/trace' && share
              ? queryHref(href, source, share.query)
              : `${href}?source=${encodeURIComponent(source)}`;
        return (
          <li key={href}>
            <Link
              href={url}
              aria-current={active ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                active
                  ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                  : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
              }`}
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
