// While a share link is open (/s/ID) and on every page reached from it (?source=share:ID),
// the header works on the frozen snapshot: its links and its source picker keep `share:ID`
// until the user leaves on purpose. This module decides, from the URL alone, whether the
// view is frozen and where the explicit way out leads.

import { sourceId, splitSourceId } from 'lib/model/source-id';

/** The share a URL is frozen on: its id and the source id pages use for it. */
export interface FrozenShare {
  readonly shareId: string;
  readonly source: string;
}

const SHARE_PATH = /^\/s\/([A-Za-z0-9_-]+)\/?$/;

/** The share the page at `pathname?source=...` shows, or undefined for a live view. */
export function frozenShareOf(pathname: string, sourceParam: string | null): FrozenShare | undefined {
  const onLink = SHARE_PATH.exec(pathname)?.[1];
  if (onLink) return { shareId: onLink, source: sourceId('share', onLink) };
  const parts = sourceParam ? splitSourceId(sourceParam) : undefined;
  if (parts?.prefix === 'share' && parts.rest) return { shareId: parts.rest, source: sourceParam! };
  return undefined;
}

/** Views that work on one source; a share link itself is a trace, so leaving it opens the trace view. */
const SOURCE_VIEWS = ['/trace', '/reach', '/lint'] as const;

/**
 * Where "Leave frozen view" goes: the same view over the default (live or demo) source. The
 * frozen endpoints and selections belong to the snapshot, so they are dropped.
 */
export function leaveFrozenHref(pathname: string, defaultSource: string): string {
  const view = SOURCE_VIEWS.find((v) => pathname === v || pathname.startsWith(`${v}/`)) ?? '/trace';
  return `${view}?${new URLSearchParams({ source: defaultSource }).toString()}`;
}

/** `2026-12-02 07:02 UTC`: the instant a share froze, to the minute, unambiguous across time zones. */
export function frozenAtLabel(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const text = at.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}
