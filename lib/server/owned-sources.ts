// Upload and saved-snapshot ids are not listed to everyone: each browser keeps the ids it
// created in an HttpOnly, SameSite=Lax cookie, and listings show built-in scenarios, the
// live cluster and those ids only. An id is a 256-bit content address, so the cookie
// proves nothing it does not already grant: whoever has an id may open it by id (a link
// shared on purpose), and nobody learns ids from a listing. Shares are never listed.

import { cookies } from 'next/headers';
import { isContentAddress } from '../store/canonical';
import { splitSourceId } from '../model/source-id';

export const OWNED_COOKIE = 'packetpath_owned';
/** The newest ids kept; 40 × ~74 bytes stays well under a browser's 4 KiB per cookie. */
export const OWNED_MAX = 40;
const MAX_AGE = 365 * 24 * 3600;

type Owned = 'upload' | 'snapshot';

/** The well-formed `upload:ID` / `snapshot:ID` entries of a cookie value; anything else is dropped. */
export function parseOwned(value: string | undefined): readonly string[] {
  if (!value) return [];
  return value
    .split('.')
    .map((v) => v.replace('-', ':'))
    .filter((id) => {
      const parts = splitSourceId(id);
      return (
        !!parts && (parts.prefix === 'upload' || parts.prefix === 'snapshot') && isContentAddress(parts.rest)
      );
    })
    .slice(0, OWNED_MAX);
}

/** The cookie value with `id` first (the newest kept); ids use `-` for `:` so the value needs no quoting. */
export function withOwned(value: string | undefined, id: string): string {
  const ids = [id, ...parseOwned(value).filter((x) => x !== id)].slice(0, OWNED_MAX);
  return ids.map((x) => x.replace(':', '-')).join('.');
}

/** Set-Cookie for a response that created `id` (kind upload or snapshot), given the request's cookie header. */
export function ownedCookie(request: Request, kind: Owned, contentId: string): string {
  const current = cookieValue(request.headers.get('cookie'), OWNED_COOKIE);
  const secure =
    new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const value = withOwned(current, `${kind}:${contentId}`);
  return `${OWNED_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The source ids the caller created, from a route's request. */
export function ownedByRequest(request: Request): ReadonlySet<string> {
  return new Set(parseOwned(cookieValue(request.headers.get('cookie'), OWNED_COOKIE)));
}

/** The source ids the caller created, for a page (server component). */
export async function ownedByCaller(): Promise<ReadonlySet<string>> {
  return new Set(parseOwned((await cookies()).get(OWNED_COOKIE)?.value));
}

/** Entries the caller may see listed: everything that is not an upload or saved snapshot, and those it owns. */
export function visibleTo<T extends { readonly id: string; readonly kind: string }>(
  entries: readonly T[],
  owned: ReadonlySet<string>,
): T[] {
  return entries.filter((e) => (e.kind !== 'upload' && e.kind !== 'snapshot') || owned.has(e.id));
}
